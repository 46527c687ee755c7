-- 0019: rolling restarts (issue 18). The assistant drains each server the operator picked, in order,
-- says it is safe to restart, waits until it has gone down and reports again, restores it, and goes
-- on to the next. One row per rolling restart: its state, who started it and why, the drains' move
-- rate, how long it waits for a server to come back, and each server's phase with its times (jsonb,
-- lib/domain/rolling-restart.ts), so that a restart of Fulcrum resumes it. Its drains are rows of
-- drains (ids dr-<its id>-<index>); the leader's rollout controller advances it at each tick.
create table rolling_restarts (
  id text primary key,
  -- running, paused, aborting, completed, aborted
  state text not null,
  started_by text not null,
  reason text,
  per_minute integer not null,
  restart_timeout_ms integer not null,
  -- [{address, phase, drainId, drainStartedAt, safeAt, downAt, backAt, backBy, restoreStartedAt, doneAt}]
  servers jsonb not null,
  -- why it waits or holds now: {code, params, detail}
  note jsonb,
  -- raised by every save: a step saves only over the revision it read
  revision integer not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  updated_at timestamptz not null
);
create index rolling_restarts_started on rolling_restarts (started_at desc);
