-- 0020: drains apply the apps' quiet windows (issue 18). allow_busy: move an app that never has a
-- quiet window anyway (its runs are at risk), as a rollout's moves.allowBusy; else it is skipped
-- with the reason. held: the apps the last tick did not move because a run of theirs was due before
-- their workers could follow, [{appId, app, never, reason}], so that every replica's progress says
-- why an app waits. A rolling restart passes its allow_busy to its drains.
alter table drains add column allow_busy boolean not null default false;
alter table drains add column held jsonb not null default '[]'::jsonb;
alter table rolling_restarts add column allow_busy boolean not null default false;
