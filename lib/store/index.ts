// The store: opens PGlite or PostgreSQL, applies migrations, and offers every query the rest of
// Fulcrum may run, as methods. Callers outside lib/store never see SQL.
import { openSqlClient, type OpenOptions, type SqlClient, type StoreKind } from './db.ts';
import { migrate } from './migrate.ts';
import { storePreparedBatch, type HeartbeatEncoding, type IngestOutcome, type PreparedBatch } from './ingest.ts';
import { sightingThrottle } from './throttle.ts';
import { auditFacets, listAudit, recordAudit, type AuditEntryInput, type AuditFilter } from './audit.ts';
import { bindingChangeBuckets, bindingRows, splitApps, fairnessBuckets, fleetBuckets, queryApps, queryWorkers, workerRoster, type PageQuery, type WorkerQuery } from './analytics.ts';
import type { Resolution as SeriesResolution } from '../domain/series.ts';
import { enforceRetention, foldHeartbeats, rollup, sampleServers, type Retention } from './series.ts';
import {
  clusterSummary,
  listApps,
  listBindingChanges,
  listServers,
  serversForAssignment,
  listWorkers,
  serverSeries,
  type Resolution,
  transportAddressMap,
  forgetServer,
  confirmServer,
} from './cluster.ts';
import { getSetting, initSetting, putSetting } from './settings.ts';
import * as alerts from './alerts.ts';
import { secretBox } from './secret-box.ts';
import { metricCounts } from './metric-counts.ts';
import type { AlertState, RuleBody } from '../domain/alert-rules.ts';
import * as rolloutQueries from './rollouts.ts';
import type { MoveFilter, MoveUpdate, NewRolloutMove, RolloutEventRow, RolloutSampleRow } from './rollouts.ts';
import type { Rollout, RolloutState, Transition } from '../domain/rollout.ts';
import * as auth from './auth.ts';
import * as maintenance from './maintenance.ts';
import * as drains from './drains.ts';
import * as steering from './steering.ts';
import type { SteeringState } from '../domain/steering.ts';
import * as rollingRestarts from './rolling-restarts.ts';
import type { RollingRestart, RollingRestartEffect } from '../domain/rolling-restart.ts';
import type { DrainHeld, DrainState } from '../domain/drain.ts';
import type { PlannedMove } from '../domain/rebalance.ts';
import type { FreezeState, MoveWindows } from '../domain/maintenance.ts';

import { advisoryLockLease, singleProcessLease, type LeaderLease } from './leader.ts';
import { inProcessChangeBus, openPostgresChangeBus, type ChangeBus, type ChangeBusOptions, type ChangeListener } from './changes.ts';

export { StoreOpenError, type StoreKind } from './db.ts';
export type { LeaderLease } from './leader.ts';
export type { Change, ChangeListener } from './changes.ts';
export type { HeartbeatEncoding, IngestOutcome, IngestResult, PreparedBatch } from './ingest.ts';
export type { Retention } from './series.ts';
export type { AuditEntry, AuditEntryInput, AuditFilter } from './audit.ts';
export type * from './cluster.ts';
export type { NewUser, NewToken, TokenRole, TokenRow, UserRow } from './auth.ts';
export type { Page, PageQuery, RosterWorker, WorkerQuery } from './analytics.ts';
export type { AlertInstanceView, ContactPoint, ContactPointInput, ContactTarget, DueNotification, EvaluationResult, KnownInstance, SilenceView, StoredRule, TransitionView } from './alerts.ts';
export { APP_SORTS, WORKER_SORTS } from './analytics.ts';
export type { StoredDrain } from './drains.ts';
export type { StoredRollingRestart, StepSave } from './rolling-restarts.ts';
export type { MoveFilter, MoveStatus, MoveUpdate, NewRolloutMove, RolloutEventRow, RolloutMoveRow, RolloutSampleRow, StoredRollout } from './rollouts.ts';

export interface StoreOptions extends OpenOptions {
  staleAfterMs: number;
  /** FULCRUM_SECRET_KEY: contact point secrets are stored encrypted under it (lib/store/secret-box.ts); none: as typed */
  secretKey?: Buffer | null;
  /** problems of the change bus's LISTEN connection or polling (it carries on and reconnects) */
  onChangeBusError?: (error: unknown) => void;
  /** the change bus's timings on PostgreSQL (tests: one mechanism at a time); defaults otherwise */
  changeBus?: Pick<ChangeBusOptions, 'pollMs' | 'relistenMs'>;
}

export type Store = Awaited<ReturnType<typeof openStore>>;

export async function openStore(options: StoreOptions) {
  const client: SqlClient = await openSqlClient(options);
  try {
    await migrate(client);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const { staleAfterMs } = options;
  const box = secretBox(options.secretKey ?? null);
  // secrets stored before the key was set are sealed now
  await alerts.sealPlainSecrets(client, box).catch(async (error) => {
    await client.close().catch(() => undefined);
    throw error;
  });
  // transport address -> web address; changes only with server snapshots, so kept here between them
  const transport: Record<string, string> = Object.fromEntries(await transportAddressMap(client));
  const throttle = sightingThrottle(5_000);
  let changes: ChangeBus;
  try {
    changes = options.databaseUrl ? await openPostgresChangeBus(client, options.databaseUrl, { ...options.changeBus, onError: options.onChangeBusError }) : inProcessChangeBus();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }

  return {
    kind: client.kind as StoreKind,
    location: client.location,
    /** How this store wants heartbeat rows encoded by prepareBatch(). */
    heartbeatEncoding: (client.kind === 'pglite' ? 'copy' : 'columns') as HeartbeatEncoding,
    /** transport address -> web address, for prepareBatch(). */
    transportAddresses: (): Readonly<Record<string, string>> => transport,
    async ingest(batch: PreparedBatch, receivedAt: Date): Promise<IngestOutcome> {
      const outcome = await storePreparedBatch(client, batch, receivedAt, throttle);
      if (!outcome.duplicate) {
        throttle.written(batch.servers, batch.apps);
        for (const s of batch.servers) if (s.transportAddress) transport[s.transportAddress] = s.address;
      }
      return outcome;
    },
    foldHeartbeats: (now: Date) => foldHeartbeats(client, now),
    sampleServers: (now: Date, intervalMs: number) => sampleServers(client, now, { staleAfterMs, intervalMs }),
    rollup: (now: Date) => rollup(client, now),
    enforceRetention: (now: Date, retention: Retention) => enforceRetention(client, now, retention),
    listServers: (now: Date) => listServers(client, now, staleAfterMs),
    /** Removes a server's row (see cluster.ts), and its transport address from the map. */
    async forgetServer(address: string) {
      const gone = await forgetServer(client, address);
      if (gone) for (const [t, a] of Object.entries(transport)) if (a === address) delete transport[t];
      return gone;
    },
    /** An operator confirms a server for delivery (see cluster.ts). */
    confirmServer: (address: string, by: string, now: Date) => confirmServer(client, address, by, now),
    /** Each server's health and apps owned only: the assignment API's snapshot (see cluster.ts). */
    serversForAssignment: (now: Date) => serversForAssignment(client, now, staleAfterMs),
    listApps: (now: Date) => listApps(client, now, staleAfterMs),
    listWorkers: (now: Date, opts: { limit: number; appId?: number }) => listWorkers(client, now, opts),
    listBindingChanges: (opts: { limit: number; appId?: number; server?: string }) => listBindingChanges(client, opts),
    clusterSummary: (now: Date) => clusterSummary(client, now, staleAfterMs),
    serverSeries: (serverAddress: string, resolution: Resolution, from: Date, to: Date) =>
      serverSeries(client, serverAddress, resolution, from, to),
    fleetBuckets: (resolution: SeriesResolution, from: Date, to: Date) => fleetBuckets(client, resolution, from, to),
    bindingChangeBuckets: (from: Date, to: Date, bucketMs: number) => bindingChangeBuckets(client, from, to, bucketMs),
    fairnessBuckets: (...args: Parameters<typeof fairnessBuckets> extends [unknown, ...infer R] ? R : never) => fairnessBuckets(client, ...args),
    queryWorkers: (now: Date, query: WorkerQuery, all = false) => queryWorkers(client, now, query, all),
    workerRoster: (now: Date, options: { all?: boolean } = {}) => workerRoster(client, now, options.all ?? false),
    bindingRows: (now: Date) => bindingRows(client, now),
    splitApps: (now: Date) => splitApps(client, now, staleAfterMs),
    queryApps: (now: Date, query: PageQuery, all = false) => queryApps(client, now, staleAfterMs, query, all),
    getSetting: <T>(key: string) => getSetting<T>(client, key),
    initSetting: <T>(key: string, value: T) => initSetting<T>(client, key, value),
    putSetting: <T>(key: string, value: T) => putSetting<T>(client, key, value),
    /** Appends one entry to the audit log; returns its id. */
    recordAudit: (entry: AuditEntryInput) => recordAudit(client, entry),
    listAudit: (filter: AuditFilter) => listAudit(client, filter),
    auditFacets: () => auditFacets(client),
    // alerts (lib/store/alerts.ts)
    createAlertRule: (body: RuleBody, actor: string, now: Date) => alerts.createAlertRule(client, body, actor, now),
    getAlertRule: (id: number) => alerts.getAlertRule<RuleBody>(client, id),
    listAlertRules: () => alerts.listAlertRules<RuleBody>(client),
    updateAlertRule: (id: number, version: number, body: RuleBody, actor: string, now: Date) => alerts.updateAlertRule(client, id, version, body, actor, now),
    deleteAlertRule: (id: number) => alerts.deleteAlertRule<RuleBody>(client, id),
    /** Alert instances not inactive (or in exactly `state`), with ruleId, state, value, since and labels. */
    listAlertInstances: (filter: { ruleId?: number; state?: AlertState } = {}) => alerts.listAlertInstances(client, filter),
    /** Evaluates one rule under its row lock: `evaluate` gets the rule and its instances, its results are saved with history and outbox. */
    evaluateAlertRule: (ruleId: number, evaluate: (rule: alerts.StoredRule<RuleBody>, known: ReadonlyMap<string, alerts.KnownInstance>) => readonly alerts.EvaluationResult[], now: Date) =>
      alerts.evaluateAlertRule<RuleBody>(client, ruleId, evaluate, now),
    listAlertTransitions: (filter: { ruleId?: number; limit: number; since?: Date }) => alerts.listAlertTransitions(client, filter),
    listContactPoints: () => alerts.listContactPoints(client),
    getContactPoint: (id: number) => alerts.getContactPoint(client, id),
    createContactPoint: (cp: alerts.ContactPointInput, now: Date) => alerts.createContactPoint(client, box, cp, now),
    updateContactPoint: (id: number, cp: alerts.ContactPointInput, now: Date) => alerts.updateContactPoint(client, box, id, cp, now),
    metricCounts: () => metricCounts(client),
    contactTargets: (filter?: Parameters<typeof alerts.contactTargets>[2]) => alerts.contactTargets(client, box, filter),
    deferNotifications: (ids: readonly number[], until: Date) => alerts.deferNotifications(client, ids, until),
    deleteContactPoint: (id: number) => alerts.deleteContactPoint(client, id),
    dueNotifications: (now: Date, limit: number) => alerts.dueNotifications(client, box, now, limit),
    markNotification: (id: number, outcome: Parameters<typeof alerts.markNotification>[2]) => alerts.markNotification(client, id, outcome),
    markNotificationsSent: (ids: readonly number[], at: Date) => alerts.markNotificationsSent(client, ids, at),
    outboxCounts: () => alerts.outboxCounts(client),
    listSilences: (now: Date, all = false) => alerts.listSilences(client, now, all),
    createSilence: (s: Omit<alerts.SilenceView, 'id' | 'createdAt'>, now: Date) => alerts.createSilence(client, s, now),
    expireSilence: (id: number, now: Date) => alerts.expireSilence(client, id, now),
    pruneAlerts: (now: Date, keep: { historyMs: number; outboxMs: number }) => alerts.pruneAlerts(client, now, keep),
    latestSamples: (now: Date, windowMs: number) => alerts.latestSamples(client, now, windowMs),
    sampleMoments: (from: Date, to: Date) => alerts.sampleMoments(client, from, to),
    // rollouts (lib/store/rollouts.ts)
    createRollout: (r: Rollout, actor: string, now: Date) => rolloutQueries.createRollout(client, r, actor, now),
    getRollout: (id: string) => rolloutQueries.getRollout(client, id),
    listRollouts: (filter: { states?: RolloutState[] } = {}) => rolloutQueries.listRollouts(client, filter),
    saveRolloutTransition: (next: Rollout, expectedRevision: number, transition: Transition, actor: string, now: Date) =>
      rolloutQueries.saveTransition(client, next, expectedRevision, transition, actor, now),
    recordRolloutEvent: (e: Omit<RolloutEventRow, 'id'>) => rolloutQueries.recordRolloutEvent(client, e),
    listRolloutEvents: (rolloutId: string, limit?: number) => rolloutQueries.listRolloutEvents(client, rolloutId, limit),
    rolloutMarkers: (from: Date, to: Date) => rolloutQueries.rolloutMarkers(client, from, to),
    recordMove: (m: NewRolloutMove) => rolloutQueries.recordMove(client, m),
    /** A move, its rollout event and its audit entry in one transaction (see rollouts.ts). */
    recordMoveWithHistory: (entry: Parameters<typeof rolloutQueries.recordMoveWithHistory>[1]) => rolloutQueries.recordMoveWithHistory(client, entry),
    updateMove: (id: number, patch: Omit<MoveUpdate, 'id'>) => rolloutQueries.updateMove(client, id, patch),
    listMoves: (filter: MoveFilter = {}) => rolloutQueries.listMoves(client, filter),
    countMovesSince: (since: Date) => rolloutQueries.countMovesSince(client, since),
    recordRolloutSample: (rolloutId: string, s: RolloutSampleRow) => rolloutQueries.recordRolloutSample(client, rolloutId, s),
    rolloutSampleSeries: (rolloutId: string, limit?: number) => rolloutQueries.rolloutSampleSeries(client, rolloutId, limit),
    // maintenance (lib/store/maintenance.ts): read by the rollout controller every tick, on whichever replica leads
    getFreeze: () => maintenance.getFreeze(client),
    /** Sets or clears the freeze switch, audited in the same transaction. */
    setFreeze: (next: FreezeState, now: Date) => maintenance.setFreeze(client, next, now),
    getMoveWindows: () => maintenance.getMoveWindows(client),
    /** Replaces the move windows, audited in the same transaction. */
    setMoveWindows: (next: MoveWindows, actor: string, now: Date) => maintenance.setMoveWindows(client, next, actor, now),
    /** Cordons a server, refused (nothing changed) when unknown or the last live uncordoned one; audited in the same transaction. */
    cordonServer: (address: string, by: string, reason: string | null, now: Date) => maintenance.cordonServer(client, address, by, reason, now, staleAfterMs),
    uncordonServer: (address: string, by: string, now: Date) => maintenance.uncordonServer(client, address, by, now),
    // drains (lib/store/drains.ts): started and restored by the API, moved and finished by the leader's rollout controller
    getDrain: (server: string) => drains.getDrain(client, server),
    listDrains: (states?: readonly DrainState[]) => drains.listDrains(client, states),
    /** Cordons the server and stores the drain, or refuses (nothing changed); audited in the same transaction. */
    startDrain: (input: { id: string; server: string; by: string; reason: string | null; perMinute: number; allowBusy?: boolean; plan: PlannedMove[]; now: Date }) => drains.startDrain(client, { ...input, staleAfterMs }),
    /** Stores the restore's plan, or refuses (nothing changed); audited in the same transaction. The server is uncordoned when the restore ends. */
    startRestore: (input: { server: string; by: string; plan: PlannedMove[]; known: boolean; now: Date }) => drains.startRestore(client, input),
    finishDrainPhase: (input: { id: string; from: DrainState; to: DrainState; actor: string; detail: string; now: Date }) => drains.finishDrainPhase(client, input),
    /** The apps a drain's tick held for a quiet window, for its progress. */
    setDrainHeld: (id: string, held: readonly DrainHeld[]) => drains.setDrainHeld(client, id, held),
    // failover steering (lib/store/steering.ts): switched by the API, read by the leader's rollout controller every tick
    getSteering: () => steering.getSteering(client),
    /** Writes the steering setting, audited in the same transaction. */
    setSteering: (next: SteeringState, now: Date) => steering.setSteering(client, next, now),
    // rolling restarts (lib/store/rolling-restarts.ts): started and acted on by the API, advanced by the leader's rollout controller
    getRollingRestart: (id: string) => rollingRestarts.getRollingRestart(client, id),
    activeRollingRestart: () => rollingRestarts.activeRollingRestart(client),
    listRollingRestarts: (limit?: number) => rollingRestarts.listRollingRestarts(client, limit),
    /** Stores a rolling restart, or refuses (nothing changed); audited in the same transaction. */
    startRollingRestart: (input: { rr: RollingRestart; now: Date }) => rollingRestarts.startRollingRestart(client, { ...input, staleAfterMs }),
    /** Saves a step over the revision it read, with its effect (a drain, a restore, a stop) and audit entries, in one transaction. */
    saveRollingRestartStep: (input: { next: RollingRestart; expectedRevision: number; effect: RollingRestartEffect | null; plan: PlannedMove[]; actor: string; audit: { action: string; detail: string }[]; now: Date }) =>
      rollingRestarts.saveRollingRestartStep(client, { ...input, staleAfterMs }),
    // users, sessions and API tokens (lib/store/auth.ts)
    countUsers: () => auth.countUsers(client),
    listUsers: () => auth.listUsers(client),
    userByName: (name: string) => auth.userByName(client, name),
    userById: (id: number) => auth.userById(client, id),
    userBySubject: (subject: string) => auth.userBySubject(client, subject),
    insertUser: (user: auth.NewUser, now: Date) => auth.insertUser(client, user, now),
    updateUser: (id: number, change: Parameters<typeof auth.updateUser>[2], now: Date) => auth.updateUser(client, id, change, now),
    deleteUser: (id: number) => auth.deleteUser(client, id),
    insertSession: (idHash: string, userId: number, now: Date, expiresAt: Date) => auth.insertSession(client, idHash, userId, now, expiresAt),
    liveSession: (idHash: string, now: Date) => auth.liveSession(client, idHash, now),
    deleteSession: (idHash: string) => auth.deleteSession(client, idHash),
    deleteUserSessions: (userId: number, exceptIdHash?: string) => auth.deleteUserSessions(client, userId, exceptIdHash),
    deleteExpiredSessions: (now: Date) => auth.deleteExpiredSessions(client, now),
    insertToken: (token: auth.NewToken, now: Date) => auth.insertToken(client, token, now),
    listTokens: () => auth.listTokens(client),
    activeTokens: (now: Date) => auth.activeTokens(client, now),
    tokenById: (id: number) => auth.tokenById(client, id),
    revokeToken: (id: number, now: Date) => auth.revokeToken(client, id, now),
    touchToken: (id: number, now: Date) => auth.touchToken(client, id, now),
    /** Counts one sign-in attempt on each key, atomically, and returns the counts (see auth.ts). */
    reserveSignInAttempt: (keys: readonly string[], now: Date, windowMs: number) => auth.reserveSignInAttempt(client, keys, now, windowMs),
    signInAttempts: (keys: readonly string[], now: Date, windowMs: number) => auth.signInAttempts(client, keys, now, windowMs),
    releaseSignInAttempts: (counted: Parameters<typeof auth.releaseSignInAttempts>[1]) => auth.releaseSignInAttempts(client, counted),
    clearSignInAttempts: (key: string) => auth.clearSignInAttempts(client, key),
    pruneSignInAttempts: (now: Date, windowMs: number) => auth.pruneSignInAttempts(client, now, windowMs),
    /** For tests and tools: a count of rows in one of the store's tables. */
    async countRows(table: 'worker_heartbeats' | 'ingest_batches' | 'servers' | 'apps' | 'workers' | 'bindings' | 'binding_changes' | 'server_samples' | 'server_samples_1m' | 'server_samples_1h' | 'users' | 'sessions' | 'api_tokens' | 'sign_in_attempts'): Promise<number> {
      const [r] = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
      return Number(r!.n);
    },
    /** For tests and tools: stored heartbeats per app id. */
    async heartbeatCountsByApp(): Promise<Map<number, number>> {
      const rows = await client.query<{ app_id: string; n: string }>('select app_id, count(*) as n from worker_heartbeats group by app_id');
      return new Map(rows.map((r) => [Number(r.app_id), Number(r.n)]));
    },
    /** The background jobs' leader lease: an advisory lock on a connection of its own (PostgreSQL); always held on PGlite. */
    /** Announces a change to every replica (and this one): LISTEN/NOTIFY with polling on PostgreSQL, an emitter on PGlite. */
    publishChange: (topic: string, payload: unknown): Promise<void> => changes.publish(topic, payload),
    /** Listens for changes on one topic, from any replica; returns the unsubscribe. */
    onChange: (topic: string, listener: ChangeListener): (() => void) => changes.subscribe(topic, listener),
    /** Drops announced changes older than keepMs (they only serve replicas catching up). */
    pruneChanges: (now: Date, keepMs: number): Promise<number> => changes.prune(now, keepMs),
    leaderLease: (): LeaderLease => (options.databaseUrl ? advisoryLockLease(options.databaseUrl) : singleProcessLease()),
    close: async () => {
      await changes.close();
      await client.close();
    },
  };
}
