-- 0004: alert rules (body as validated JSON, with a version for optimistic concurrency), their
-- instances' state, the history of every transition, contact points, the notification outbox and
-- silences.
create table alert_rules (
  id bigserial primary key,
  name text not null,
  body jsonb not null,
  version integer not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  updated_by text not null
);

create table alert_instances (
  rule_id bigint not null references alert_rules (id) on delete cascade,
  key text not null,
  labels jsonb not null,
  state text not null check (state in ('inactive', 'pending', 'firing', 'nodata', 'resolved')),
  since timestamptz not null,
  active_at timestamptz,
  last_breach_at timestamptz,
  value double precision,
  evaluated_at timestamptz not null,
  primary key (rule_id, key)
);

-- history outlives the rule (rule_id is kept, name copied) so a deleted rule's past stays readable
create table alert_transitions (
  id bigserial primary key,
  rule_id bigint not null,
  rule_name text not null,
  key text not null,
  labels jsonb not null,
  from_state text not null,
  to_state text not null,
  value double precision,
  at timestamptz not null,
  silenced boolean not null
);
create index alert_transitions_at on alert_transitions (at);
create index alert_transitions_rule on alert_transitions (rule_id, at);

create table alert_contact_points (
  id bigserial primary key,
  name text not null unique,
  url text not null,
  enabled boolean not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- the outbox: one row per transition and contact point (unique), so a transition is never queued twice
create table alert_notifications (
  id bigserial primary key,
  transition_id bigint not null,
  contact_point_id bigint not null references alert_contact_points (id) on delete cascade,
  body jsonb not null,
  status text not null check (status in ('pending', 'sent', 'failed')),
  attempts integer not null,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz,
  unique (transition_id, contact_point_id)
);
create index alert_notifications_due on alert_notifications (next_attempt_at) where status = 'pending';

create table alert_silences (
  id bigserial primary key,
  matchers jsonb not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  recurrence jsonb,
  created_by text not null,
  comment text not null,
  created_at timestamptz not null
);
