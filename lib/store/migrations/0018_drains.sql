-- 0018: drains (issue 18). A drain cordons a server and moves every app it owns to the plan's
-- targets; a restore uncordons it and brings apps back with the fewest moves. One row per drain:
-- its state, who started it and why, the move rate, the plans the operator confirmed, and the times
-- of each phase, so that a restart of Fulcrum resumes it. Its moves are rows of rollout_moves whose
-- rollout_id is the drain's id (dr-…): the rollout controller verifies them as it verifies its own.
create table drains (
  id text primary key,
  server text not null,
  -- draining, drained, incomplete (some apps skipped), restoring, restored
  state text not null,
  started_by text not null,
  reason text,
  per_minute integer not null,
  -- [{appId, app, from, to, load}]: the plan when the drain (restore) started
  plan jsonb not null,
  restore_plan jsonb,
  started_at timestamptz not null,
  drained_at timestamptz,
  restored_by text,
  restore_started_at timestamptz,
  restored_at timestamptz,
  updated_at timestamptz not null
);
-- at most one drain per server that is not restored
create unique index drains_holding on drains (server) where state <> 'restored';

-- drain moves share the table of rollout moves (one verification, one move rate): rollout_id now
-- names the rollout or the drain that made the move, so it no longer references rollouts
alter table rollout_moves drop constraint if exists rollout_moves_rollout_id_fkey;
