-- 0003: the audit log: every change made from the console, the operator API or a background job,
-- with who made it and the state before and after. Rows are only ever appended.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  target text not null,
  before jsonb,
  after jsonb,
  detail text
);
create index audit_log_at on audit_log (at desc, id desc);
create index audit_log_actor on audit_log (actor, at desc);
create index audit_log_target on audit_log (target, at desc);
