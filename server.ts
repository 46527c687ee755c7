// Fulcrum's one process: the console (Next.js) on PORT, the data plane (node:http) on
// FULCRUM_DATAPLANE_PORT, and the background jobs, over one store. `npm start` runs this file.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './lib/config.ts';
import { openStore, StoreOpenError, type Store } from './lib/store/index.ts';
import { createDataPlane } from './lib/dataplane/server.ts';
import { clusterSnapshot, registerClusterMetrics } from './lib/cluster-metrics.ts';
import { metrics } from './lib/metrics.ts';
import { createDecodePool, type DecodePool } from './lib/dataplane/decode-pool.ts';
import os from 'node:os';
import { startLeaderJobs, type LeaderJobRunner } from './lib/jobs/leader.ts';
import { storeJobs } from './lib/jobs/index.ts';
import { createIngestPipeline, type IngestPipeline } from './lib/dataplane/pipeline.ts';
import { createCollector } from './lib/powerjob/collector.ts';
import { createSources } from './lib/powerjob/sources.ts';
import type { DemoCluster } from './lib/runtime.ts';
import type { Emulator } from './lib/emulator/cluster.ts';
import { getRuntime, healthOf, setRuntime } from './lib/runtime.ts';
import { errorFields, log, requestIdOf } from './lib/log.ts';
import { redactUrl, scrubSecrets } from './lib/domain/redact.ts';
import { createAssignments, storeAssignmentSource, type Assignments } from './lib/dataplane/assignment.ts';
import { startDelivery, type Delivery } from './lib/delivery/index.ts';
import { createRolloutController, firingAlertRuleIds } from './lib/jobs/rollout-controller.ts';
import { assumedPercentage } from './lib/jobs/follow-rate.ts';
import { emulatorActuator, openActuator, type Actuator } from './lib/powerjob/actuator.ts';
import { planMoves } from './lib/domain/moves.ts';
import { VERSION } from './lib/version.ts';
import { createAuth, type Auth } from './lib/auth/service.ts';
import { ingestTokens } from './lib/auth/ingest-token.ts';
import { createGate, policyPath } from './lib/auth/gate.ts';
import { limitBody } from './lib/auth/body-limit.ts';
import { bodyLimitFor, CONSOLE_SECURITY_HEADERS } from './lib/domain/access.ts';
import { loadRouteTable } from './lib/api/route-table.ts';
import { createOidc } from './lib/auth/oidc.ts';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** A start-up failure an operator can fix: printed as one line, exit 1. */
function fatal(message: string): never {
  // whatever a driver put in its message, the database URLs' credentials do not reach the log
  process.stderr.write(`fulcrum: ${scrubSecrets(message, [process.env.DATABASE_URL, process.env.FULCRUM_POWERJOB_DB_URL])}\n`);
  process.exit(1);
}

function listen(server: http.Server, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new StoreOpenError(
          error.code === 'EADDRINUSE'
            ? `${what} port ${port} is already in use; set ${what === 'console' ? 'PORT' : 'FULCRUM_DATAPLANE_PORT'} to a free port`
            : `${what} cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Counts requests in flight so shutdown can wait for them. */
function trackInFlight(server: http.Server) {
  let n = 0;
  const idle: (() => void)[] = [];
  server.on('request', (_req, res: http.ServerResponse) => {
    n++;
    res.once('close', () => {
      n--;
      if (n === 0) idle.splice(0).forEach((f) => f());
    });
  });
  return {
    drained: () => (n === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r))),
  };
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

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fatal(error.message);
    throw error;
  }
  const startedAt = new Date();
  const dev = process.argv.includes('--dev');
  let ready = false;
  let tokens: readonly string[] = [];
  let auth: Auth | undefined;
  let gate: ReturnType<typeof createGate> | undefined;

  let decodePool: DecodePool | undefined;
  let assignments: Assignments | undefined;
  let pipeline: IngestPipeline | undefined;
  const dataPlane = createDataPlane({
    decode: (body, receivedAt) => pipeline!.decode(body, receivedAt),
    ingest: (batch, receivedAt) => pipeline!.store(batch, receivedAt),
    ingestTokens: () => tokens,
    ingestTokenValid: (token) => auth?.dataPlaneToken(token, 'ingest') ?? false,
    maxBodyBytes: config.FULCRUM_INGEST_MAX_BYTES,
    health: () => (ready ? { ...healthOf(getRuntime()!), leader: jobs?.isLeader() ?? false } : null),
    assignment: () => assignments?.handle,
    onError: (error, context, reqId) => log.error(`data plane ${context} failed`, { reqId, ...errorFields(error) }),
  });

  let nextHandler: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
  const consoleServer = http.createServer((req, res) => {
    const reqId = requestIdOf(req);
    res.setHeader('x-request-id', reqId);
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(name, value);
    if (ready && nextHandler && gate) {
      // bodies are limited before anything reads them (16 KiB on /api/auth, 1 MiB elsewhere): 413
      if (!limitBody(req, res, bodyLimitFor(policyPath(req.url ?? '/')))) return;
      // every console request passes the gate first (lib/auth/gate.ts): no route is open by default
      gate(req, res)
        .then((pass) => (pass ? nextHandler!(req, res) : undefined))
        .catch((error) => {
          log.error('console request failed', { reqId, method: req.method, url: req.url, ...errorFields(error) });
          if (!res.headersSent) res.writeHead(500).end();
        });
      return;
    }
    const body = JSON.stringify({ status: 'starting' });
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const consoleFlight = trackInFlight(consoleServer);
  const dataFlight = trackInFlight(dataPlane);

  let store: Store | undefined;
  let jobs: LeaderJobRunner | undefined;
  let emulator: Emulator | undefined;
  let actuator: Actuator | undefined;
  let delivery: Delivery | undefined;
  try {
    const [consolePort, dataPort] = await Promise.all([
      listen(consoleServer, config.PORT, config.FULCRUM_HOST, 'console'),
      listen(dataPlane, config.FULCRUM_DATAPLANE_PORT, config.FULCRUM_HOST, 'data plane'),
    ]);
    log.info('listening; starting up', { console: consolePort, dataPlane: dataPort });

    store = await openStore({
      dataDir: config.FULCRUM_DATA_DIR,
      databaseUrl: config.DATABASE_URL,
      staleAfterMs: config.FULCRUM_STALE_AFTER,
      secretKey: config.FULCRUM_SECRET_KEY,
    });
    log.info('store open', { store: store.kind, location: store.location });
    tokens = await ingestTokens({ store, configured: config.FULCRUM_INGEST_TOKEN, dataDir: config.FULCRUM_DATA_DIR, log });
    auth = createAuth({
      store,
      sessionTtlMs: config.FULCRUM_SESSION_TTL,
      dataDir: config.FULCRUM_DATA_DIR,
      adminPassword: config.FULCRUM_ADMIN_PASSWORD,
      log,
    });
    await auth.bootstrap();
    gate = createGate(auth, { trustProxy: config.FULCRUM_TRUST_PROXY === 'on', routes: loadRouteTable(path.join(ROOT, 'app')) });
    const oidc = config.FULCRUM_OIDC_ISSUER ? await createOidc(config) : undefined;
    decodePool = createDecodePool({
      threads: config.FULCRUM_DECODE_THREADS ?? Math.min(2, Math.max(0, os.availableParallelism() - 1)),
      encoding: store.heartbeatEncoding,
    });
    const openedStore = store;
    pipeline = createIngestPipeline(decodePool, () => openedStore);
    assignments = createAssignments({
      // confirmed servers only (polled by the collector, or confirmed by an operator)
      source: storeAssignmentSource(() => openedStore),
      baseline: { kind: config.FULCRUM_BASELINE_STRATEGY },
      token: config.FULCRUM_ASSIGNMENT_TOKEN,
      managedTokens: { any: () => auth?.hasDataPlaneTokens('assignment') ?? false, valid: (token) => auth?.dataPlaneToken(token, 'assignment') ?? false },
      minVersion: config.FULCRUM_ASSIGNMENT_MIN_VERSION,
      repeatShare: config.FULCRUM_ASSIGNMENT_REPEAT_SHARE,
      refreshMs: config.FULCRUM_ASSIGNMENT_RELOAD,
      onError: (error) => log.warn('assignment snapshot reload failed; answering from memory, marked stale', errorFields(error)),
    });
    await assignments.start();
    const openedAssignments = assignments;
    const sources = createSources(store, config.powerjobServers);
    await sources.load();
    // the demo: an emulated PowerJob cluster, unless a real one is configured or the demo is off
    if (config.FULCRUM_DEMO !== 'off' && config.powerjobServers.length === 0) {
      const { startEmulator } = await import('./lib/emulator/cluster.ts');
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
    delivery = await startDelivery({ config, store: () => openedStore, assignments, dataPlanePort: dataPort, log });
    const openedDelivery = delivery;
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
      ingest: async (batch) => void (await pipeline!.ingest(batch, new Date())),
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
    setRuntime({ config, store, startedAt, version: VERSION, now: () => new Date(), sources, collector, demo, auth, oidc, delivery, rolloutsChanged, accuratePercentage: accurate });
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
    });

    (process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? 'development' : 'production';
    const { default: next } = await import('next');
    const app = next({ dev, dir: ROOT, hostname: config.FULCRUM_HOST, port: consolePort });
    await app.prepare();
    const handle = app.getRequestHandler();
    nextHandler = (req, res) => handle(req, res);

    // every replica keeps its own copy of the active tokens; this picks up other replicas' changes
    const openedAuth = auth;
    setInterval(() => void openedAuth.refreshTokens().catch((error) => log.error('token refresh failed', errorFields(error))), 30_000).unref();
    // one leader runs the background jobs (every replica on one PostgreSQL serves the rest)
    jobs = startLeaderJobs(store.leaderLease(), [...storeJobs(store, config), collectorJob(collector, sources, config.FULCRUM_COLLECT_INTERVAL), { name: 'rollout-controller', intervalMs: config.FULCRUM_ROLLOUT_INTERVAL, run: (now) => rolloutController.tick(now) }], {
      onError: (job, error) => log.error(`job ${job} failed`, errorFields(error)),
      onLeadership: (leader) => log.info(leader ? 'leader: running the background jobs' : 'no longer the leader: background jobs stopped', { pid: process.pid }),
    });
    ready = true;
    void jobs.runNow('collect-powerjob');
    log.info('ready', {
      console: `http://localhost:${consolePort}`,
      dataPlane: `http://localhost:${dataPort}`,
      store: store.kind,
      version: VERSION,
    });
    process.stdout.write(`fulcrum ready: console http://localhost:${consolePort}  data plane http://localhost:${dataPort}\n`);
  } catch (error) {
    await actuator?.close().catch(() => undefined);
    await delivery?.stop().catch(() => undefined);
    await emulator?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    if (error instanceof StoreOpenError) fatal(error.message);
    fatal(`start-up failed: ${(error as Error).message}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    log.info('stopping', { signal });
    const grace = setTimeout(() => {
      log.warn('requests still in flight after the grace period; closing their connections');
      consoleServer.closeAllConnections();
      dataPlane.closeAllConnections();
    }, config.FULCRUM_SHUTDOWN_GRACE);
    grace.unref();
    const closed = Promise.all([
      new Promise((r) => consoleServer.close(r)),
      new Promise((r) => dataPlane.close(r)),
    ]);
    consoleServer.closeIdleConnections();
    dataPlane.closeIdleConnections();
    await Promise.all([consoleFlight.drained(), dataFlight.drained()]);
    consoleServer.closeIdleConnections();
    dataPlane.closeIdleConnections();
    assignments?.stop();
    await delivery?.stop();
    await jobs?.stop();
    await closed;
    clearTimeout(grace);
    await actuator?.close();
    await emulator?.close();
    await decodePool?.close();
    await store?.close();
    setRuntime(undefined);
    log.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutdown(signal).catch((error) => {
        log.error('shutdown failed', errorFields(error));
        process.exit(1);
      });
    });
  }
}

void main();
