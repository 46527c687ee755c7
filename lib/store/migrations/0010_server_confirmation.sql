-- 0010: which servers may be delivered to workers. A server is delivered by /v1/assignment, moved
-- to and counted as a target only once confirmed: by the collector (a configured source, or the
-- demo) or by an operator (POST /api/servers/{address}/confirm). A server that only an ingest
-- batch named (a snapshot or a heartbeat) stays unconfirmed, shown as such.
alter table servers add column confirmed_by text;
alter table servers add column confirmed_at timestamptz;
-- servers that had sent a snapshot before the upgrade were delivered then: they stay delivered,
-- so an upgrade does not empty the workers' lists. Servers only heartbeats named were never snapshots.
update servers set confirmed_by = 'upgrade', confirmed_at = now() where last_snapshot_at is not null;
