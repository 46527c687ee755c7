-- 0011: how far an open move has converged. PowerJob's workers follow a move one by one and only
-- probabilistically (a discovery answers "stay" half the time at the shipped accurate percentage),
-- so a move is judged on progress: how many of its workers report to the new owner, and when that
-- last grew. A move is reverted only when it made no progress within its window.
alter table rollout_moves add column workers_seen integer;
alter table rollout_moves add column workers_total integer;
alter table rollout_moves add column progress_at timestamptz;
