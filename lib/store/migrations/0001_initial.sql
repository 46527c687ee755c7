-- 0001: the cluster model (servers, apps, bindings, workers), ingestion and the server series.

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- A PowerJob server, known by its web address (host:7700).
create table servers (
  address text primary key,
  transport_address text,
  server_id integer,
  version text,
  weight real not null default 1,
  zone text,
  -- what the last snapshot said; whether the data is fresh is computed from last_seen_at at read time
  status text not null default 'unknown' check (status in ('up', 'down', 'unknown')),
  status_reason text,
  source text,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  last_snapshot_at timestamptz
);
create index servers_transport on servers (transport_address);

-- A PowerJob app, keyed by PowerJob's own appId; the name is filled in whenever a source knows it.
create table apps (
  app_id bigint primary key,
  app_name text,
  running_instances integer,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null
);
create index apps_name on apps (app_name);

-- app -> owning server (the server that receives the app's heartbeats and dispatches its jobs).
create table bindings (
  app_id bigint primary key,
  server_address text not null,
  since timestamptz not null,
  observed_at timestamptz not null
);
create index bindings_server on bindings (server_address);

create table binding_changes (
  id bigint generated always as identity primary key,
  app_id bigint not null,
  from_server text,
  to_server text not null,
  changed_at timestamptz not null,
  reason text not null
);
create index binding_changes_app on binding_changes (app_id, changed_at);
create index binding_changes_time on binding_changes (changed_at);

-- Latest state per worker process (app, ip:port), folded from the heartbeat log by a job.
create table workers (
  app_id bigint not null,
  address text not null,
  app_name text,
  server_address text not null,
  heartbeat_at timestamptz not null,
  received_at timestamptz not null,
  version text,
  protocol text,
  tag text,
  client text,
  overloading boolean,
  light_task_tracker_num integer,
  heavy_task_tracker_num integer,
  cpu_processors integer,
  cpu_load double precision,
  jvm_used_memory double precision,
  jvm_max_memory double precision,
  jvm_memory_usage double precision,
  disk_used double precision,
  disk_total double precision,
  disk_usage double precision,
  score integer,
  primary key (app_id, address)
);
create index workers_server on workers (server_address);

-- Append-only heartbeat log: the ingest hot path writes only here (and ingest_batches).
-- BRIN indexes cost almost nothing on append; the fold job reads it by seq.
create table worker_heartbeats (
  seq bigint generated always as identity,
  received_at timestamptz not null,
  app_id bigint not null,
  address text not null,
  app_name text,
  server_address text not null,
  heartbeat_at timestamptz not null,
  version text,
  protocol text,
  tag text,
  client text,
  overloading boolean,
  light_task_tracker_num integer,
  heavy_task_tracker_num integer,
  cpu_processors integer,
  cpu_load double precision,
  jvm_used_memory double precision,
  jvm_max_memory double precision,
  jvm_memory_usage double precision,
  disk_used double precision,
  disk_total double precision,
  disk_usage double precision,
  score integer
);
create index worker_heartbeats_seq on worker_heartbeats using brin (seq);
create index worker_heartbeats_received on worker_heartbeats using brin (received_at);

-- The highest heartbeat seq already folded into workers (one row).
create table heartbeat_fold (
  id integer primary key check (id = 1),
  seq bigint not null
);
insert into heartbeat_fold (id, seq) values (1, 0);

-- Every accepted batch, so a batch sent again is recognised and answered as before.
create table ingest_batches (
  batch_id text primary key,
  source text,
  received_at timestamptz not null,
  heartbeats integer not null,
  servers integer not null,
  result jsonb not null
);
create index ingest_batches_received on ingest_batches (received_at);

-- Per-server series. Raw samples every sampling interval, then 1-minute and 1-hour rollups.
create table server_samples (
  server_address text not null,
  ts timestamptz not null,
  status text not null check (status in ('up', 'down', 'stale', 'unknown')),
  apps_owned integer not null,
  workers_connected integer not null,
  running_instances integer not null,
  heartbeats_per_s real not null,
  avg_score real,
  data_age_s real,
  primary key (server_address, ts)
);
create index server_samples_ts on server_samples (ts);

create table server_samples_1m (
  server_address text not null,
  bucket timestamptz not null,
  samples integer not null,
  up_samples integer not null,
  apps_owned_avg real not null,
  apps_owned_max integer not null,
  workers_connected_avg real not null,
  workers_connected_max integer not null,
  running_instances_avg real not null,
  running_instances_max integer not null,
  heartbeats_per_s_avg real not null,
  avg_score real,
  data_age_s_max real,
  primary key (server_address, bucket)
);
create index server_samples_1m_bucket on server_samples_1m (bucket);

create table server_samples_1h (like server_samples_1m including all);

-- Workers as of now: the folded state plus heartbeats not folded yet, so an accepted batch is
-- visible at once.
create view worker_state as
select distinct on (app_id, address) *
from (
  select app_id, address, app_name, server_address, heartbeat_at, received_at, version, protocol, tag,
         client, overloading, light_task_tracker_num, heavy_task_tracker_num, cpu_processors, cpu_load,
         jvm_used_memory, jvm_max_memory, jvm_memory_usage, disk_used, disk_total, disk_usage, score
  from workers
  union all
  select app_id, address, app_name, server_address, heartbeat_at, received_at, version, protocol, tag,
         client, overloading, light_task_tracker_num, heavy_task_tracker_num, cpu_processors, cpu_load,
         jvm_used_memory, jvm_max_memory, jvm_memory_usage, disk_used, disk_total, disk_usage, score
  from worker_heartbeats
  where seq > (select seq from heartbeat_fold where id = 1)
) latest
order by app_id, address, heartbeat_at desc, received_at desc;
