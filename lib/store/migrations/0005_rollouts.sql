-- 0005: rollouts (spec, state, timers), their history, the app moves they make and the fairness
-- of their cohort against the control group, sampled by the rollout controller.
create table rollouts (
  id text primary key,
  name text not null,
  spec jsonb not null,
  state text not null,
  step integer not null,
  percent integer not null,
  step_started_at timestamptz,
  paused_at timestamptz,
  reason text,
  -- bumped by every change: optimistic concurrency between the API and the controller
  revision integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  started_at timestamptz
);
create index rollouts_state on rollouts (state);

create table rollout_events (
  id bigint generated always as identity primary key,
  rollout_id text not null references rollouts (id) on delete cascade,
  at timestamptz not null,
  actor text not null,
  action text not null,
  from_state text not null,
  to_state text not null,
  step integer not null,
  percent integer not null,
  detail text not null
);
create index rollout_events_rollout on rollout_events (rollout_id, at);

create table rollout_moves (
  id bigint generated always as identity primary key,
  rollout_id text not null references rollouts (id) on delete cascade,
  app_id bigint not null,
  app_name text,
  from_server text,
  to_server text not null,
  -- forward: onto the candidate's choice; revert: back after an abort or a failed verification
  purpose text not null,
  -- moved (awaiting verification), verified, conflict, missing, failed (not verified, moved back), reverted
  status text not null,
  requested_at timestamptz not null,
  verified_at timestamptz,
  detail text
);
create index rollout_moves_rollout on rollout_moves (rollout_id, requested_at);
create index rollout_moves_open on rollout_moves (status) where status = 'moved';

create table rollout_samples (
  rollout_id text not null references rollouts (id) on delete cascade,
  at timestamptz not null,
  step integer not null,
  percent integer not null,
  cohort_apps integer not null,
  -- max/mean and Jain's index of the per-server load of the cohort's apps, the control group's, and all
  cohort_max_mean double precision,
  control_max_mean double precision,
  cluster_max_mean double precision,
  cluster_jain double precision,
  primary key (rollout_id, at)
);
