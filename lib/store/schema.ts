// Drizzle's view of the tables that migrations/ creates. The migrations are the source of truth;
// schema.int.test.ts checks that every column named here exists with the same type.
import {
  bigint,
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = (name: string) => bigint(name, { mode: 'number' });

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const servers = pgTable('servers', {
  address: text('address').primaryKey(),
  transportAddress: text('transport_address'),
  serverId: integer('server_id'),
  version: text('version'),
  weight: real('weight').notNull(),
  zone: text('zone'),
  status: text('status', { enum: ['up', 'down', 'unknown'] }).notNull(),
  statusReason: text('status_reason'),
  source: text('source'),
  firstSeenAt: tz('first_seen_at').notNull(),
  lastSeenAt: tz('last_seen_at').notNull(),
  lastSnapshotAt: tz('last_snapshot_at'),
});

export const apps = pgTable('apps', {
  appId: id('app_id').primaryKey(),
  appName: text('app_name'),
  runningInstances: integer('running_instances'),
  firstSeenAt: tz('first_seen_at').notNull(),
  lastSeenAt: tz('last_seen_at').notNull(),
});

export const bindings = pgTable('bindings', {
  appId: id('app_id').primaryKey(),
  serverAddress: text('server_address').notNull(),
  since: tz('since').notNull(),
  observedAt: tz('observed_at').notNull(),
});

export const bindingChanges = pgTable('binding_changes', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  appId: id('app_id').notNull(),
  fromServer: text('from_server'),
  toServer: text('to_server').notNull(),
  changedAt: tz('changed_at').notNull(),
  reason: text('reason').notNull(),
});

const workerColumns = {
  appId: id('app_id').notNull(),
  address: text('address').notNull(),
  appName: text('app_name'),
  serverAddress: text('server_address').notNull(),
  heartbeatAt: tz('heartbeat_at').notNull(),
  receivedAt: tz('received_at').notNull(),
  version: text('version'),
  protocol: text('protocol'),
  tag: text('tag'),
  client: text('client'),
  overloading: boolean('overloading'),
  lightTaskTrackerNum: integer('light_task_tracker_num'),
  heavyTaskTrackerNum: integer('heavy_task_tracker_num'),
  cpuProcessors: integer('cpu_processors'),
  cpuLoad: doublePrecision('cpu_load'),
  jvmUsedMemory: doublePrecision('jvm_used_memory'),
  jvmMaxMemory: doublePrecision('jvm_max_memory'),
  jvmMemoryUsage: doublePrecision('jvm_memory_usage'),
  diskUsed: doublePrecision('disk_used'),
  diskTotal: doublePrecision('disk_total'),
  diskUsage: doublePrecision('disk_usage'),
  score: integer('score'),
};

export const workers = pgTable('workers', workerColumns, (t) => [primaryKey({ columns: [t.appId, t.address] })]);

export const workerHeartbeats = pgTable('worker_heartbeats', {
  seq: id('seq').generatedAlwaysAsIdentity(),
  ...workerColumns,
});

export const heartbeatFold = pgTable('heartbeat_fold', {
  id: integer('id').primaryKey(),
  seq: id('seq').notNull(),
});

export const ingestBatches = pgTable('ingest_batches', {
  batchId: text('batch_id').primaryKey(),
  source: text('source'),
  receivedAt: tz('received_at').notNull(),
  heartbeats: integer('heartbeats').notNull(),
  servers: integer('servers').notNull(),
  result: jsonb('result').notNull(),
});

export const serverSamples = pgTable(
  'server_samples',
  {
    serverAddress: text('server_address').notNull(),
    ts: tz('ts').notNull(),
    status: text('status', { enum: ['up', 'down', 'stale', 'unknown'] }).notNull(),
    appsOwned: integer('apps_owned').notNull(),
    workersConnected: integer('workers_connected').notNull(),
    runningInstances: integer('running_instances').notNull(),
    heartbeatsPerS: real('heartbeats_per_s').notNull(),
    avgScore: real('avg_score'),
    dataAgeS: real('data_age_s'),
  },
  (t) => [primaryKey({ columns: [t.serverAddress, t.ts] })],
);

const rollupColumns = {
  serverAddress: text('server_address').notNull(),
  bucket: tz('bucket').notNull(),
  samples: integer('samples').notNull(),
  upSamples: integer('up_samples').notNull(),
  appsOwnedAvg: real('apps_owned_avg').notNull(),
  appsOwnedMax: integer('apps_owned_max').notNull(),
  workersConnectedAvg: real('workers_connected_avg').notNull(),
  workersConnectedMax: integer('workers_connected_max').notNull(),
  runningInstancesAvg: real('running_instances_avg').notNull(),
  runningInstancesMax: integer('running_instances_max').notNull(),
  heartbeatsPerSAvg: real('heartbeats_per_s_avg').notNull(),
  avgScore: real('avg_score'),
  dataAgeSMax: real('data_age_s_max'),
};

export const serverSamples1m = pgTable('server_samples_1m', rollupColumns, (t) => [
  primaryKey({ columns: [t.serverAddress, t.bucket] }),
]);
export const serverSamples1h = pgTable('server_samples_1h', rollupColumns, (t) => [
  primaryKey({ columns: [t.serverAddress, t.bucket] }),
]);

export const serverClaims = pgTable(
  'server_claims',
  {
    serverAddress: text('server_address').notNull(),
    appId: id('app_id').notNull(),
    observedAt: tz('observed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serverAddress, t.appId] })],
);

export const rollouts = pgTable('rollouts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  spec: jsonb('spec').notNull(),
  state: text('state').notNull(),
  step: integer('step').notNull(),
  percent: integer('percent').notNull(),
  stepStartedAt: tz('step_started_at'),
  pausedAt: tz('paused_at'),
  reason: text('reason'),
  revision: integer('revision').notNull(),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
  startedAt: tz('started_at'),
});

export const rolloutEvents = pgTable('rollout_events', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  rolloutId: text('rollout_id').notNull(),
  at: tz('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  fromState: text('from_state').notNull(),
  toState: text('to_state').notNull(),
  step: integer('step').notNull(),
  percent: integer('percent').notNull(),
  detail: text('detail').notNull(),
});

export const rolloutMoves = pgTable('rollout_moves', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  rolloutId: text('rollout_id').notNull(),
  appId: id('app_id').notNull(),
  appName: text('app_name'),
  fromServer: text('from_server'),
  toServer: text('to_server').notNull(),
  purpose: text('purpose', { enum: ['forward', 'revert'] }).notNull(),
  status: text('status', { enum: ['moved', 'verified', 'conflict', 'missing', 'failed', 'reverted'] }).notNull(),
  requestedAt: tz('requested_at').notNull(),
  verifiedAt: tz('verified_at'),
  detail: text('detail'),
});

export const rolloutSamples = pgTable(
  'rollout_samples',
  {
    rolloutId: text('rollout_id').notNull(),
    at: tz('at').notNull(),
    step: integer('step').notNull(),
    percent: integer('percent').notNull(),
    cohortApps: integer('cohort_apps').notNull(),
    cohortMaxMean: doublePrecision('cohort_max_mean'),
    controlMaxMean: doublePrecision('control_max_mean'),
    clusterMaxMean: doublePrecision('cluster_max_mean'),
    clusterJain: doublePrecision('cluster_jain'),
  },
  (t) => [primaryKey({ columns: [t.rolloutId, t.at] })],
);

export const tables = {
  settings,
  servers,
  apps,
  bindings,
  binding_changes: bindingChanges,
  workers,
  worker_heartbeats: workerHeartbeats,
  heartbeat_fold: heartbeatFold,
  ingest_batches: ingestBatches,
  server_samples: serverSamples,
  server_samples_1m: serverSamples1m,
  server_samples_1h: serverSamples1h,
  server_claims: serverClaims,
  rollouts,
  rollout_events: rolloutEvents,
  rollout_moves: rolloutMoves,
  rollout_samples: rolloutSamples,
};
