// The composition root: from a Config, the store, auth and its gate, the ingest pipeline, the
// assignment API, the demo cluster, delivery, the collector, the actuator and the rollout
// controller, wired once and published as the runtime. server.ts listens, serves Next.js and
// handles signals; what it serves with comes from here, and goes with close().
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config.ts';
import { openStore, type Store } from './store/index.ts';
import { clusterSnapshot, registerClusterMetrics } from './cluster-metrics.ts';
import { metrics } from './metrics.ts';
import { createDecodePool, type DecodePool } from './dataplane/decode-pool.ts';
import { startLeaderJobs, type LeaderJobRunner } from './jobs/leader.ts';
import { storeJobs } from './jobs/index.ts';
import { createIngestPipeline, type IngestPipeline } from './dataplane/pipeline.ts';
import { createCollector } from './powerjob/collector.ts';
import { createSources } from './powerjob/sources.ts';
import { setRuntime, type DemoCluster } from './runtime.ts';
import type { Emulator } from './emulator/cluster.ts';
import { errorFields, log } from './log.ts';
import { redactUrl } from './domain/redact.ts';
import { createAssignments, storeAssignmentSource, type Assignments } from './dataplane/assignment.ts';
import { startDelivery, type Delivery } from './delivery/index.ts';
import { createRolloutController, firingAlertRuleIds } from './jobs/rollout-controller.ts';
import { PROBE_TIMEOUT_MS } from './jobs/steering.ts';
import { serverAnswers } from './powerjob/client.ts';
import { assumedPercentage } from './jobs/follow-rate.ts';
import { emulatorActuator, openActuator, type Actuator } from './powerjob/actuator.ts';
import { planMoves } from './domain/moves.ts';
import { VERSION } from './version.ts';
import { createAuth, type Auth } from './auth/service.ts';
import { ingestTokens } from './auth/ingest-token.ts';
import { createGate } from './auth/gate.ts';
import { loadRouteTable } from './api/route-table.ts';
import { createOidc } from './auth/oidc.ts';

export interface AssembleOptions {
  /** the project root: its app/ folder holds the routes the gate knows */
  root: string;
  /** the data plane's bound port (delivery publishes it in ZooKeeper and DNS) */
  dataPlanePort: number;
  startedAt: Date;
}

export interface Assembled {
  store: Store;
  auth: Auth;
  gate: ReturnType<typeof createGate>;
  /** the ingest tokens of FULCRUM_INGEST_TOKEN (or generated), beside those auth manages */
  ingestTokens: readonly string[];
  pipeline: IngestPipeline;
  assignments: Assignments;
  /** starts what runs on its own: the token refresh and, on the leader, the background jobs */
  start(): LeaderJobRunner;
  /**
   * Stops everything in the order the parts depend on each other; what requests still use (the
   * actuator, the emulator, the decode threads, the store) closes only once `serversClosed` has.
   */
  close(serversClosed?: Promise<unknown>): Promise<void>;
}

function demoCluster(emulator: Emulator): DemoCluster {
  return {
    scenario: emulator.scenario.name,
    description: emulator.scenario.description,
    servers: () => emulator.serverObjects.map((s) => ({ address: s.webAddress, running: s.running })),
    stopServer: (address) => emulator.stopServer(address),
    startServer: (address) => emulator.startServer(address),
    addServer: () => emulator.addServer(),
    apps: () => [...new Set(emulator.workerObjects.map((w) => w.app.appName))].sort(),
    workers: () => {
      const s = emulator.state();
      return { total: s.workers, restarting: s.workersRestarting, withDeliveredList: s.workersWithDeliveredList, rollingRestart: s.rollingRestart };
    },
    restartAppWorkers: (app) => emulator.restartAppWorkers(app),
    rollingRestartWorkers: () => emulator.rollingRestartWorkers(),
  };
}

/** Polls the PowerJob sources; re-reads the console's list first, so edits apply without a restart. */
function collectorJob(collector: ReturnType<typeof createCollector>, sources: ReturnType<typeof createSources>, intervalMs: number) {
  return {
    name: 'collect-powerjob',
    intervalMs,
    run: async () => {
      await sources.load();
      return collector.round();
    },
  };
}

/** Wires Fulcrum's parts from `config`; on a failure, closes what it had opened and throws. */
export async function assemble(config: Config, options: AssembleOptions): Promise<Assembled> {
  let store: Store | undefined;
  let decodePool: DecodePool | undefined;
  let assignments: Assignments | undefined;
  let emulator: Emulator | undefined;
  let actuator: Actuator | undefined;
  let delivery: Delivery | undefined;
  let jobs: LeaderJobRunner | undefined;
  let refresh: NodeJS.Timeout | undefined;
  const close = async (serversClosed: Promise<unknown> = Promise.resolve()) => {
    if (refresh) clearInterval(refresh);
    assignments?.stop();
    await delivery?.stop();
    await jobs?.stop();
    await serversClosed;
    await actuator?.close();
    await emulator?.close();
    await decodePool?.close();
    await store?.close();
    setRuntime(undefined);
  };
  try {
    store = await openStore({
      dataDir: config.FULCRUM_DATA_DIR,
      databaseUrl: config.DATABASE_URL,
      pgliteSharedBuffers: config.FULCRUM_PGLITE_SHARED_BUFFERS,
      staleAfterMs: config.FULCRUM_STALE_AFTER,
      secretKey: config.FULCRUM_SECRET_KEY,
    });
    log.info('store open', { store: store.kind, location: store.location });
    const openedStore = store;
    const tokens = await ingestTokens({ store, configured: config.FULCRUM_INGEST_TOKEN, dataDir: config.FULCRUM_DATA_DIR, log });
    const auth = createAuth({
      store,
      sessionTtlMs: config.FULCRUM_SESSION_TTL,
      dataDir: config.FULCRUM_DATA_DIR,
      adminPassword: config.FULCRUM_ADMIN_PASSWORD,
      log,
    });
    await auth.bootstrap();
    const gate = createGate(auth, { trustProxy: config.FULCRUM_TRUST_PROXY === 'on', routes: loadRouteTable(path.join(options.root, 'app')) });
    const oidc = config.FULCRUM_OIDC_ISSUER ? await createOidc(config) : undefined;
    decodePool = createDecodePool({
      threads: config.FULCRUM_DECODE_THREADS ?? Math.min(2, Math.max(0, os.availableParallelism() - 1)),
      encoding: store.heartbeatEncoding,
    });
    const pipeline = createIngestPipeline(decodePool, () => openedStore);
    const openedAssignments = createAssignments({
      // confirmed servers only (polled by the collector, or confirmed by an operator)
      source: storeAssignmentSource(() => openedStore),
      baseline: { kind: config.FULCRUM_BASELINE_STRATEGY },
      token: config.FULCRUM_ASSIGNMENT_TOKEN,
      managedTokens: { any: () => auth.hasDataPlaneTokens('assignment'), valid: (token) => auth.dataPlaneToken(token, 'assignment') },
      minVersion: config.FULCRUM_ASSIGNMENT_MIN_VERSION,
      repeatShare: config.FULCRUM_ASSIGNMENT_REPEAT_SHARE,
      refreshMs: config.FULCRUM_ASSIGNMENT_RELOAD,
      onError: (error) => log.warn('assignment snapshot reload failed; answering from memory, marked stale', errorFields(error)),
    });
    assignments = openedAssignments;
    await openedAssignments.start();
    const sources = createSources(store, config.powerjobServers);
    await sources.load();
    // the demo: an emulated PowerJob cluster, unless a real one is configured or the demo is off
    if (config.FULCRUM_DEMO !== 'off' && config.powerjobServers.length === 0) {
      const { startEmulator } = await import('./emulator/cluster.ts');
      emulator = await startEmulator({
        scenario: config.FULCRUM_DEMO,
        basePort: 0,
        // a demo worker process asks the assignment API for its list when it starts, as a deploy script
        // would, and holds it until it restarts (powerjob.md §7); outside a rollout's cohort it keeps its configured list
        serverListAtStart: async (worker) => {
          const got = await openedAssignments.fetch({ app: worker.app, worker: worker.address, version: worker.version });
          return got?.answer.body.rollout?.inCohort ? got.answer.body.servers : null;
        },
      });
      log.info('demo: started an emulated PowerJob cluster', { scenario: config.FULCRUM_DEMO, servers: emulator.servers });
    }
    const demo = emulator ? demoCluster(emulator) : undefined;
    // ZooKeeper and DNS, when configured: they fail (and retry) on their own, never stopping the start
    const openedDelivery = await startDelivery({ config, store: () => openedStore, assignments: openedAssignments, dataPlanePort: options.dataPlanePort, log });
    delivery = openedDelivery;
    const collector = createCollector({
      sources: () => [...(demo?.servers().map((s) => ({ address: s.address, origin: 'demo' as const })) ?? []), ...sources.list()],
      // the configured login, else the demo cluster's own (its 5.x servers, as in the large scenario,
      // answer app names and running counts only to a signed-in console: "not login! (code -100)")
      credentials:
        config.FULCRUM_POWERJOB_USERNAME && config.FULCRUM_POWERJOB_PASSWORD
          ? { username: config.FULCRUM_POWERJOB_USERNAME, password: config.FULCRUM_POWERJOB_PASSWORD }
          : emulator
            ? { username: 'ADMIN', password: emulator.scenario.password }
            : undefined,
      intervalMs: config.FULCRUM_COLLECT_INTERVAL,
      timeoutMs: config.FULCRUM_COLLECT_TIMEOUT,
      ingest: async (batch) => void (await pipeline.ingest(batch, new Date())),
    });

    // a rollout changed: every replica's assignment cache reloads (the change bus: NOTIFY on PostgreSQL, in process on PGlite)
    store.onChange('rollouts', () => {
      openedAssignments.changed();
      openedDelivery.changed();
    });
    const rolloutsChanged = () => {
      openedAssignments.changed();
      openedDelivery.changed();
      openedStore.publishChange('rollouts', {}).catch((error) => log.warn('could not announce a rollout change to the other replicas', errorFields(error)));
    };
    // the servers' oms.accurate.select.server.percentage: as configured, else the demo cluster's, else PowerJob's shipped 50
    const accurate = assumedPercentage(config.FULCRUM_POWERJOB_ACCURATE_PERCENTAGE, !config.FULCRUM_POWERJOB_DB_URL && emulator ? emulator.scenario.accuratePercentage : undefined);
    setRuntime({ config, store, startedAt: options.startedAt, version: VERSION, now: () => new Date(), sources, collector, demo, auth, oidc, delivery: openedDelivery, rolloutsChanged, accuratePercentage: accurate });
    // the cluster's balance on /metrics, read from the store at each scrape (docs/operations.md)
    registerClusterMetrics(metrics().registry, () => clusterSnapshot(openedStore, new Date()));
    // moves: PowerJob's database when configured, else the demo's emulated cluster, else none (rollouts then change assignments only)
    if (config.FULCRUM_POWERJOB_DB_URL) {
      actuator = await openActuator(config.FULCRUM_POWERJOB_DB_URL, { tablePrefix: config.FULCRUM_POWERJOB_TABLE_PREFIX });
      log.info('actuator: moving apps through PowerJob’s database', { db: redactUrl(config.FULCRUM_POWERJOB_DB_URL) });
    } else if (emulator) actuator = emulatorActuator(emulator);
    const rolloutController = createRolloutController({
      store,
      actuator: actuator ?? null,
      planMoves: actuator ? planMoves : null,
      onChange: rolloutsChanged,
      accuratePercentage: accurate.percentage,
      accuratePercentageSource: accurate.source,
      collectIntervalMs: config.FULCRUM_COLLECT_INTERVAL,
      ...(config.FULCRUM_POWERJOB_TIME_ZONE ? { powerjobTimeZone: config.FULCRUM_POWERJOB_TIME_ZONE } : {}),
      // guardrails that name alert rules watch their firing instances
      firingRuleIds: firingAlertRuleIds(openedStore),
      // failover steering asks a silent server once more before it re-homes its apps
      probeServer: (address) => serverAnswers(address, PROBE_TIMEOUT_MS),
    });

    const start = () => {
      // every replica keeps its own copy of the active tokens; this picks up other replicas' changes
      refresh = setInterval(() => void auth.refreshTokens().catch((error) => log.error('token refresh failed', errorFields(error))), 30_000);
      refresh.unref();
      // one leader runs the background jobs (every replica on one PostgreSQL serves the rest)
      jobs = startLeaderJobs(openedStore.leaderLease(), [...storeJobs(openedStore, config), collectorJob(collector, sources, config.FULCRUM_COLLECT_INTERVAL), { name: 'rollout-controller', intervalMs: config.FULCRUM_ROLLOUT_INTERVAL, run: (now) => rolloutController.tick(now) }], {
        onError: (job, error) => log.error(`job ${job} failed`, errorFields(error)),
        onLeadership: (leader) => log.info(leader ? 'leader: running the background jobs' : 'no longer the leader: background jobs stopped', { pid: process.pid }),
      });
      return jobs;
    };
    return { store, auth, gate, ingestTokens: tokens, pipeline, assignments: openedAssignments, start, close };
  } catch (error) {
    // what was opened so far, as a failed start always closed it
    await actuator?.close().catch(() => undefined);
    await delivery?.stop().catch(() => undefined);
    await emulator?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    throw error;
  }
}
