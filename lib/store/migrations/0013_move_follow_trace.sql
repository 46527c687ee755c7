-- 0013: how a move's workers followed, look by look. At each look of the rollout controller that saw
-- more of the app's workers on the new owner (and at the look where it gave up), one step
-- {fromMs, atMs, seen, total} in milliseconds since the write. The follow rate Fulcrum measures
-- (lib/domain/follow-rate.ts) is estimated from these.
alter table rollout_moves add column follow_trace jsonb;
