// Drizzle's view of the tables that migrations/ creates. The migrations are the source of truth;
// schema.int.test.ts checks that every column named here exists with the same type.
import {
  bigint,
  bigserial,
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
import { ROLES, TOKEN_ROLES } from '../domain/access.ts';
import type { FollowStep } from '../domain/follow-rate.ts';
import type { RolloutTextParams } from '../domain/rollout-texts.ts';

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
  // 0010: who confirmed the server may be delivered ('collector', 'upgrade' or an operator); null while unconfirmed
  confirmedBy: text('confirmed_by'),
  confirmedAt: tz('confirmed_at'),
  // 0016: a cordoned server is no move target and is listed last; who cordoned it, when, why
  cordonedBy: text('cordoned_by'),
  cordonedAt: tz('cordoned_at'),
  cordonReason: text('cordon_reason'),
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

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: tz('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
  detail: text('detail'),
  /** the detail as a code and its params (lib/domain/rollout-texts.ts, 0021); null on older rows and on texts without a code */
  detailCode: text('detail_code'),
  detailParams: jsonb('detail_params').$type<RolloutTextParams>(),
});

export const alertRules = pgTable('alert_rules', {
  id: id('id').primaryKey(),
  name: text('name').notNull(),
  body: jsonb('body').notNull(),
  version: integer('version').notNull(),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export const alertInstances = pgTable(
  'alert_instances',
  {
    ruleId: id('rule_id').notNull(),
    key: text('key').notNull(),
    labels: jsonb('labels').notNull(),
    state: text('state', { enum: ['inactive', 'pending', 'firing', 'nodata', 'resolved'] }).notNull(),
    since: tz('since').notNull(),
    activeAt: tz('active_at'),
    lastBreachAt: tz('last_breach_at'),
    value: doublePrecision('value'),
    evaluatedAt: tz('evaluated_at').notNull(),
    // 0008: what a repeat refers to, when the current firing was last told, how often it was
    firingTransitionId: id('firing_transition_id'),
    notifiedAt: tz('notified_at'),
    repeats: integer('repeats').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.key] })],
);

export const alertTransitions = pgTable('alert_transitions', {
  id: id('id').primaryKey(),
  ruleId: id('rule_id').notNull(),
  ruleName: text('rule_name').notNull(),
  key: text('key').notNull(),
  labels: jsonb('labels').notNull(),
  fromState: text('from_state').notNull(),
  toState: text('to_state').notNull(),
  value: doublePrecision('value'),
  at: tz('at').notNull(),
  silenced: boolean('silenced').notNull(),
});

export const alertContactPoints = pgTable('alert_contact_points', {
  id: id('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  enabled: boolean('enabled').notNull(),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
  /** webhook | dingtalk | feishu | wecom | alertmanager (0012) */
  kind: text('kind').notNull(),
  /** the kind's settings: keywords, @mentions; nothing secret */
  settings: jsonb('settings').notNull(),
  /** the signing secret (DingTalk, Feishu): never answered back nor logged */
  secret: text('secret'),
  /** en | zh-CN: the language its messages are written in (0014) */
  language: text('language').notNull().default('zh-CN'),
});

export const alertNotifications = pgTable('alert_notifications', {
  id: id('id').primaryKey(),
  /** the alert transition told, or null for a rollout event's row (0014) */
  transitionId: id('transition_id'),
  contactPointId: id('contact_point_id').notNull(),
  body: jsonb('body').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
  attempts: integer('attempts').notNull(),
  nextAttemptAt: tz('next_attempt_at').notNull(),
  lastError: text('last_error'),
  createdAt: tz('created_at').notNull(),
  sentAt: tz('sent_at'),
  /** 0 for the transition itself, 1, 2, … for each time a firing alert is told again (0008) */
  repeat: integer('repeat').notNull().default(0),
  /** the rollout event told (rollout_events.id), or null for an alert's row (0014) */
  rolloutEventId: id('rollout_event_id'),
});

export const alertSilences = pgTable('alert_silences', {
  id: id('id').primaryKey(),
  matchers: jsonb('matchers').notNull(),
  startsAt: tz('starts_at').notNull(),
  endsAt: tz('ends_at').notNull(),
  recurrence: jsonb('recurrence'),
  createdBy: text('created_by').notNull(),
  comment: text('comment').notNull(),
  createdAt: tz('created_at').notNull(),
});

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
  /** the reason as a code and its params (0021); null for an operator's words and on older rows */
  reasonCode: text('reason_code'),
  reasonParams: jsonb('reason_params').$type<RolloutTextParams>(),
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
  /** the detail as a code and its params (lib/domain/rollout-texts.ts); null before 0017 and for texts not the controller's */
  code: text('code'),
  params: jsonb('params').$type<RolloutTextParams>(),
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
  workersSeen: integer('workers_seen'),
  workersTotal: integer('workers_total'),
  progressAt: tz('progress_at'),
  followTrace: jsonb('follow_trace').$type<FollowStep[]>(),
  /** the detail as a code and its params (0017) */
  code: text('code'),
  params: jsonb('params').$type<RolloutTextParams>(),
});

/** 0018: drains (lib/store/drains.ts); their moves are rows of rollout_moves under the drain's id */
export const drains = pgTable('drains', {
  id: text('id').primaryKey(),
  server: text('server').notNull(),
  state: text('state').notNull(),
  startedBy: text('started_by').notNull(),
  reason: text('reason'),
  perMinute: integer('per_minute').notNull(),
  plan: jsonb('plan').notNull(),
  restorePlan: jsonb('restore_plan'),
  startedAt: tz('started_at').notNull(),
  drainedAt: tz('drained_at'),
  restoredBy: text('restored_by'),
  restoreStartedAt: tz('restore_started_at'),
  restoredAt: tz('restored_at'),
  updatedAt: tz('updated_at').notNull(),
  /** 0020: move apps with no quiet window anyway; the apps the last tick held for a quiet window */
  allowBusy: boolean('allow_busy').notNull().default(false),
  held: jsonb('held').notNull().default([]),
});

/** 0019: rolling restarts (lib/store/rolling-restarts.ts); their drains are rows of drains */
export const rollingRestarts = pgTable('rolling_restarts', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  startedBy: text('started_by').notNull(),
  reason: text('reason'),
  perMinute: integer('per_minute').notNull(),
  restartTimeoutMs: integer('restart_timeout_ms').notNull(),
  servers: jsonb('servers').notNull(),
  note: jsonb('note'),
  revision: integer('revision').notNull(),
  startedAt: tz('started_at').notNull(),
  endedAt: tz('ended_at'),
  updatedAt: tz('updated_at').notNull(),
  /** 0020: its drains' allowBusy */
  allowBusy: boolean('allow_busy').notNull().default(false),
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

export const changes = pgTable('changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: tz('at').notNull(),
  topic: text('topic').notNull(),
  payload: jsonb('payload').notNull(),
});

// ------------------------------------------------------------------------- 0006: users, sessions, tokens

export { TOKEN_ROLES };

export const users = pgTable('users', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull().unique(),
  role: text('role', { enum: ROLES }).notNull(),
  passwordHash: text('password_hash'),
  mustChangePassword: boolean('must_change_password').notNull(),
  oidcSubject: text('oidc_subject').unique(),
  disabled: boolean('disabled').notNull(),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
  // 0015: the user's own language, time zone and colour scheme (null: not chosen)
  locale: text('locale'),
  timeZone: text('time_zone'),
  theme: text('theme'),
});

export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: id('user_id').notNull(),
  createdAt: tz('created_at').notNull(),
  expiresAt: tz('expires_at').notNull(),
  lastSeenAt: tz('last_seen_at').notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: id('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  role: text('role', { enum: TOKEN_ROLES }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: tz('created_at').notNull(),
  expiresAt: tz('expires_at'),
  revokedAt: tz('revoked_at'),
  lastUsedAt: tz('last_used_at'),
});

// ------------------------------------------------------------------------- 0009: sign-in attempts

export const signInAttempts = pgTable('sign_in_attempts', {
  key: text('key').primaryKey(),
  windowStart: tz('window_start').notNull(),
  attempts: integer('attempts').notNull(),
});

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
  audit_log: auditLog,
  alert_rules: alertRules,
  alert_instances: alertInstances,
  alert_transitions: alertTransitions,
  alert_contact_points: alertContactPoints,
  alert_notifications: alertNotifications,
  alert_silences: alertSilences,
  rollouts,
  rollout_events: rolloutEvents,
  rollout_moves: rolloutMoves,
  rollout_samples: rolloutSamples,
  drains,
  rolling_restarts: rollingRestarts,
  changes,
  users,
  sessions,
  api_tokens: apiTokens,
  sign_in_attempts: signInAttempts,
};
