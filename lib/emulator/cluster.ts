// A whole emulated PowerJob cluster: servers on loopback (one address each, 127.0.0.N, so the
// worker's lookup of its current server by IP works as in PowerJob), workers, and scenario events.
import http from 'node:http';
import { scaledClock, sleep, type Clock } from './clock.ts';
import { PowerJobDatabase, type AppInfoTable } from './database.ts';
import { openPowerJobDb, type PowerJobDialect } from '../powerjob/powerjob-db.ts';
import { SqlAppInfo } from './sql-app-info.ts';
import { PING_TIMEOUT_MS } from './election.ts';
import { seeded } from '../domain/random.ts';
import { draw, loadScenario, shufflesServerList, unrollEvents, versionFor, type Scenario } from './scenario.ts';
import { EmulatedServer, timedOut, type ClusterContext } from './server.ts';
import { DISCOVERY_INTERVAL_MS, EmulatedWorker, HEARTBEAT_INTERVAL_MS, type ServerListAtStart, type WorkerContext } from './worker.ts';
import { drawJobs, JobScheduler } from './scheduler.ts';

export type { ServerListAtStart, WorkerIdentity } from './worker.ts';

/** How long a restarted worker process stays down before the next one starts (a JVM's stop and boot). */
export const WORKER_RESTART_DOWN_MS = 5_000;
/** A rolling restart of all workers restarts this many at a time, every `everyMs`. */
const ROLLING_BATCH_DEFAULT = 1;

/** Up to this many workers, 'auto' discovery goes over real HTTP; above, in process (same election code). */
const AUTO_HTTP_MAX_WORKERS = 2000;

export interface EmulatorOptions {
  scenario: Scenario | string;
  /** first web port; server i listens on 127.0.0.(i+1):(basePort+i). 0 or absent: free ports */
  basePort?: number;
  /** emulated time runs this many times faster than real time (ignored with `clock`) */
  speed?: number;
  /** overrides the scenario's seed */
  seed?: number;
  clock?: Clock;
  /** 'http': /server/assert and /server/acquire over real HTTP; 'direct': the same election code, in process; 'auto' (default): http up to 2,000 workers */
  discovery?: 'http' | 'direct' | 'auto';
  /**
   * Where a worker's server list comes from when its process starts (a deploy script asking Fulcrum's
   * assignment API): asked at the first start and at every restart, never in between, as a real
   * worker reads `server-address` once (powerjob.md §7). null or empty keeps the configured list.
   */
  serverListAtStart?: ServerListAtStart;
  /** run the scenario's timed events (default true) */
  events?: boolean;
  /** mysql:// mariadb:// postgres://: keep app_info in this real database (PowerJob's DDL, created if missing) instead of in memory */
  powerjobDb?: string;
}

/** An election that took an app over (its owner dead, or none yet): PowerJob re-binding an app by itself. */
export interface Takeover {
  app: string;
  appId: number;
  /** the owner's web address it found dead (null: the app had never been elected) */
  from: string | null;
  /** the web address of the server that took it */
  to: string;
  at: number;
}

/** How many takeovers the emulator remembers: every first election of the large demo's 2,000 apps, and as many again. */
const TAKEOVERS_KEPT = 5_000;

/** How often the in-memory mirror of a real app_info is refreshed (PowerScheduleService's 15 s listAppIdByCurrentServer). */
const APP_INFO_REFRESH_MS = 15_000;

export interface EmulatorState {
  /** app name -> owning server's web address (null: never elected) */
  bindings: Record<string, string | null>;
  /** per server web address: apps owned (app_info), workers whose current server it is, workers it holds live heartbeat state for */
  servers: Record<string, { running: boolean; partitioned: boolean; appsOwned: number; workers: number; heartbeatWorkers: number }>;
  workers: number;
  /** workers that currently know no server (every server failed at their last discovery, or the process is down) */
  workersWithoutServer: number;
  /** worker processes down for a restart right now */
  workersRestarting: number;
  /** running workers whose list was delivered at their start (the others hold the configured one) */
  workersWithDeliveredList: number;
  /** the rolling restart of all workers in progress: restarted so far of the total, or null */
  rollingRestart: { done: number; total: number } | null;
}

class NetworkError extends Error {}

/** One GET on a server's web port, parsed as a ResultDTO; network failures throw. */
function httpGet(agent: http.Agent, url: string): Promise<{ success: boolean; data?: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as { success: boolean; data?: unknown });
        } catch {
          resolve({ success: false });
        }
      });
      res.on('error', (e) => reject(new NetworkError(e.message)));
    });
    req.on('timeout', () => req.destroy(new Error('read timeout')));
    req.on('error', (e) => reject(new NetworkError(e.message)));
  });
}

async function freePortOn(ip: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    probe.listen(0, ip, () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
}

export async function startEmulator(options: EmulatorOptions) {
  const scenario = typeof options.scenario === 'string' ? loadScenario(options.scenario) : options.scenario;
  const seed = options.seed ?? scenario.seed;
  const random = seeded(seed);
  const clock = options.clock ?? scaledClock(options.speed ?? 1);
  const db = new PowerJobDatabase();
  const sqlAppInfo = options.powerjobDb ? new SqlAppInfo(await openPowerJobDb(options.powerjobDb), db, clock) : null;
  const appInfo: AppInfoTable = sqlAppInfo ?? db;
  const servers: EmulatedServer[] = [];
  const byTransport = new Map<string, EmulatedServer>();
  const byWeb = new Map<string, EmulatedServer>();
  /** every usurp of an election, oldest first (the newest TAKEOVERS_KEPT) */
  const takeovers: Takeover[] = [];
  const ctx: ClusterContext = {
    db,
    accuratePercentage: scenario.accuratePercentage,
    appInfo,
    clock,
    random: seeded(seed ^ 0x5eed),
    serverVersion: scenario.serverVersion,
    password: scenario.password,
    secret: `jdbc:emulated://${scenario.name}/${seed}`,
    byTransport: (a) => byTransport.get(a),
    onTakeover(appId, from, to, at) {
      const web = (a: string | null) => (a ? (byTransport.get(a)?.webAddress ?? a) : null);
      takeovers.push({ app: db.apps.get(appId)?.appName ?? `app#${appId}`, appId, from: web(from), to: web(to) ?? to, at });
      if (takeovers.length > TAKEOVERS_KEPT) takeovers.splice(0, takeovers.length - TAKEOVERS_KEPT);
    },
  };

  async function createServer(): Promise<EmulatedServer> {
    const index = servers.length;
    const ip = `127.0.0.${index + 1}`;
    const port = options.basePort ? options.basePort + index : await freePortOn(ip);
    const server = new EmulatedServer(ctx, index, ip, port);
    servers.push(server);
    for (const address of Object.values(server.protocols)) byTransport.set(address, server);
    byWeb.set(server.webAddress, server);
    return server;
  }

  const appName = (a: number) => `${scenario.apps.namePrefix}-${String(a + 1).padStart(Math.max(2, String(scenario.apps.count).length), '0')}`;
  try {
    await sqlAppInfo?.register(Array.from({ length: scenario.apps.count }, (_, a) => appName(a)));
  } catch (error) {
    await sqlAppInfo?.sql.close().catch(() => undefined);
    throw error;
  }

  for (let i = 0; i < scenario.servers.count; i++) await createServer();
  for (const [i, s] of servers.entries()) if (!scenario.servers.startStopped.includes(i)) await s.start();

  // apps and their workers; every worker is configured with every server of the scenario, in order
  const configured = servers.map((s) => s.webAddress);
  const workerCounts = draw(scenario.apps.workers, scenario.apps.count, random).map((n) => Math.max(1, Math.round(n)));
  const rates = draw(scenario.apps.jobRate, scenario.apps.count, random);
  const workers: EmulatedWorker[] = [];
  /** each worker's list as deployed, before any shuffle: what a restarted process reads when nothing is delivered */
  const configuredOf = new Map<EmulatedWorker, readonly string[]>();
  for (let a = 0; a < scenario.apps.count; a++) {
    const app = sqlAppInfo ? db.appsByName.get(appName(a))! : db.addApp(appName(a), clock.now());
    // some teams deploy some apps with another order (the maintainers' advice in #181): the whole app's workers share it
    const rotation = random.next() < scenario.apps.rotatedListShare ? 1 + random.int(configured.length - 1 || 1) : 0;
    const appList = [...configured.slice(rotation), ...configured.slice(0, rotation)];
    for (let w = 0; w < workerCounts[a]!; w++) {
      const n = workers.length;
      const address = `10.${1 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}:27777`;
      const version = versionFor(scenario, random);
      // Collections.shuffle(serverAddress) in reConfig, once per worker process, from 5.1.0 on
      const list = shufflesServerList(version) ? random.shuffle(appList) : [...appList];
      const worker = new EmulatedWorker(address, app, version, list, rates[a]! / workerCounts[a]!, w % 3 === 0 ? 'blue' : null, scenario.apps.jobSeconds);
      workers.push(worker);
      configuredOf.set(worker, appList);
    }
  }

  const discovery = options.discovery === 'http' || options.discovery === 'direct' ? options.discovery : workers.length <= AUTO_HTTP_MAX_WORKERS ? 'http' : 'direct';
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  // a server cut off by a partition drops packets: the client waits out its 1 s connect timeout
  // (HttpUtils); a stopped one refuses at once
  const unreachable = async (web: string): Promise<never> => {
    if (byWeb.get(web)?.partitioned) await sleep(clock, PING_TIMEOUT_MS);
    throw new NetworkError(`connect to ${web} failed`);
  };
  const wctx: WorkerContext = {
    clock,
    async assert(web, appName) {
      if (!byWeb.get(web)?.reachable) return unreachable(web);
      if (discovery === 'direct') return db.appsByName.get(appName)?.id ?? null;
      const r = await httpGet(agent, `http://${web}/server/assert?appName=${encodeURIComponent(appName)}`);
      return r.success ? Number(r.data) : null;
    },
    async acquire(web, appId, protocol, currentServer) {
      const server = byWeb.get(web);
      if (!server?.reachable) return unreachable(web);
      if (discovery === 'direct') {
        const r = await server.acquire(appId, protocol, currentServer);
        return r.ok ? r.address : null;
      }
      const qs = `appId=${appId}&protocol=${protocol}${currentServer ? `&currentServer=${encodeURIComponent(currentServer)}` : ''}`;
      const r = await httpGet(agent, `http://${web}/server/acquire?${qs}`);
      return r.success && typeof r.data === 'string' && r.data ? r.data : null;
    },
    tell: (transport, hb) => byTransport.get(transport)?.receiveHeartbeat(hb),
  };

  let closed = false;
  const timers = new Set<unknown>();
  const schedule = (fn: () => void, ms: number) => {
    const t = clock.setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };

  // a restarted process reshuffles with draws of its own, so restarts leave the first start's draws as they were
  const restartRandom = seeded(seed ^ 0x7e57a7);
  const report = (e: unknown) => process.stderr.write(`emulator: ${(e as Error).message}\n`);

  /** The list a starting process reads: delivered (and shuffled from 5.1 on), else the configured one. */
  function holdList(worker: EmulatedWorker, delivered: readonly string[] | null, first: boolean): void {
    const configured = configuredOf.get(worker)!;
    const shuffles = shufflesServerList(worker.version);
    if (delivered && delivered.length > 0) worker.start(shuffles ? restartRandom.shuffle(delivered) : delivered, 'delivered');
    // the first start keeps the list drawn with the cluster; a restarted 5.1+ process shuffles it anew
    else worker.start(first ? worker.serverList : shuffles ? restartRandom.shuffle(configured) : configured, 'configured');
  }
  /** Synchronous without a serverListAtStart, so a cluster without one runs exactly as before it existed. */
  function readServerList(worker: EmulatedWorker, first: boolean): Promise<void> | void {
    const source = options.serverListAtStart;
    if (!source) return holdList(worker, null, first);
    const generation = worker.generation;
    return (async () => {
      let delivered: readonly string[] | null = null;
      try {
        delivered = (await source(worker.identity, configuredOf.get(worker)!)) ?? null;
      } catch (error) {
        report(error); // the deploy script could not fetch a list: the process starts with its configured one
      }
      if (generation === worker.generation) holdList(worker, delivered, first);
    })();
  }

  // workers start spread over the first discovery interval: startup discovery (synchronous in
  // timingCheck), then heartbeats every 10 s from then on, and discovery at a fixed rate of 10 s
  // that never overlaps itself (ScheduledThreadPoolExecutor runs a late task late, not twice)
  function startWorker(worker: EmulatedWorker, startAt: number, first: boolean): void {
    const generation = worker.generation;
    const alive = () => !closed && worker.generation === generation;
    const discoverAt = async (k: number) => {
      if (!alive()) return;
      await worker.discover(wctx).catch(report);
      const next = startAt + (k + 1) * DISCOVERY_INTERVAL_MS;
      if (alive()) schedule(() => void discoverAt(k + 1), Math.max(0, next - clock.now()));
    };
    const heartbeatAt = (k: number) => {
      if (!alive()) return;
      worker.heartbeat(wctx);
      schedule(() => heartbeatAt(k + 1), Math.max(0, startAt + (k + 1) * HEARTBEAT_INTERVAL_MS - clock.now()));
    };
    schedule(() => {
      void (async () => {
        if (!alive()) return;
        const reading = readServerList(worker, first);
        if (reading) await reading;
        if (!alive()) return;
        await worker.discover(wctx).catch(report);
        if (!alive()) return;
        heartbeatAt(0);
        const next = startAt + DISCOVERY_INTERVAL_MS;
        schedule(() => void discoverAt(1), Math.max(0, next - clock.now()));
      })();
    }, Math.max(0, startAt - clock.now()));
  }
  for (const worker of workers) {
    worker.running = false; // until its first start
    startWorker(worker, clock.now() + random.int(DISCOVERY_INTERVAL_MS), true);
  }

  /** Stops a worker process; the next one starts downMs later and reads its list anew. */
  function restartWorker(worker: EmulatedWorker, downMs: number): void {
    worker.stop();
    startWorker(worker, clock.now() + downMs, false);
  }
  let rolling: { done: number; total: number } | null = null;

  // timed jobs, scheduled and dispatched by the apps' owners (scheduler.ts), when the scenario has them
  const scheduler = scenario.apps.schedules
    ? new JobScheduler(
        {
          clock,
          servers: () => servers,
          ownerOf: (appId) => {
            const owner = db.apps.get(appId)?.currentServer;
            return owner ? (byTransport.get(owner)?.webAddress ?? null) : null;
          },
          hasLiveWorker: (server, appId, now) => {
            for (const w of byWeb.get(server)?.holders.get(appId)?.workers.values() ?? []) if (!timedOut(w, now)) return true;
            return false;
          },
        },
        drawJobs([...db.apps.values()].map((a) => a.id), [...db.apps.values()].map((a) => a.appName), seeded(seed ^ 0x10b5), clock.now(), scenario.apps.schedules),
      )
    : null;
  scheduler?.start();

  const find = (which: number | string): EmulatedServer => {
    const s = typeof which === 'number' ? servers[which] : byWeb.get(which);
    if (!s) throw new Error(`no emulated server ${which}`);
    return s;
  };
  if (sqlAppInfo) {
    const refresh = () => {
      sqlAppInfo.refresh().catch(report);
      schedule(refresh, APP_INFO_REFRESH_MS);
    };
    schedule(refresh, APP_INFO_REFRESH_MS);
  }

  const emulator = {
    scenario,
    clock,
    seed,
    discovery,
    serverObjects: servers,
    /** app_info, where elections read it and the actuator moves apps (compare-and-set) */
    appInfo,
    /** where app_info lives: in memory, or the dialect of the `powerjobDb` database */
    appInfoLocation: (sqlAppInfo ? sqlAppInfo.sql.dialect : 'memory') as PowerJobDialect | 'memory',
    /** app name -> appId (app_info.id) */
    appIdOf: (name: string): number | null => db.appsByName.get(name)?.id ?? null,
    workerObjects: workers,
    /** web addresses, in order of creation */
    get servers(): string[] {
      return servers.map((s) => s.webAddress);
    },
    /** the web address of a transport address (what app_info.current_server and /server/acquire hold) */
    webAddressOf: (transport: string): string | null => byTransport.get(transport)?.webAddress ?? null,
    /** the main-protocol (HTTP) address of a server's web address: what a move writes into app_info.current_server */
    transportAddressOf: (web: string): string | null => byWeb.get(web)?.transportAddress ?? null,
    stopServer: (which: number | string) => find(which).stop(),
    startServer: (which: number | string) => find(which).start(),
    partition: (which: number | string) => find(which).partition(),
    heal: (which: number | string) => find(which).heal(),
    /** A new server, started; workers only know it if the list they read at start names it. */
    async addServer(): Promise<string> {
      const s = await createServer();
      await s.start();
      return s.webAddress;
    },
    state(): EmulatorState {
      const now = clock.now();
      const bindings: Record<string, string | null> = {};
      for (const app of db.apps.values()) bindings[app.appName] = app.currentServer ? (byTransport.get(app.currentServer)?.webAddress ?? app.currentServer) : null;
      const connected = new Map<string, number>();
      let without = 0;
      let restarting = 0;
      let delivered = 0;
      for (const w of workers) {
        if (w.currentServer) connected.set(w.currentServer, (connected.get(w.currentServer) ?? 0) + 1);
        else without++;
        if (!w.running && w.starts > 0) restarting++;
        if (w.running && w.listSource === 'delivered') delivered++;
      }
      const perServer: EmulatorState['servers'] = {};
      for (const s of servers) {
        let live = 0;
        for (const h of s.holders.values()) for (const w of h.workers.values()) if (!timedOut(w, now)) live++;
        perServer[s.webAddress] = {
          running: s.running,
          partitioned: s.partitioned,
          appsOwned: db.appIdsOwnedBy(s.defaultAddress).size,
          workers: connected.get(s.defaultAddress) ?? 0,
          heartbeatWorkers: live,
        };
      }
      return { bindings, servers: perServer, workers: workers.length, workersWithoutServer: without, workersRestarting: restarting, workersWithDeliveredList: delivered, rollingRestart: rolling ? { ...rolling } : null };
    },
    /**
     * Restarts every worker of one app at once (a redeploy): each process stops, and downMs later the
     * next one reads its server list (serverListAtStart) and discovers again. The app's binding stays
     * where it is while its owner lives: a new list decides only where the app lands without one.
     */
    restartAppWorkers(app: string, downMs = WORKER_RESTART_DOWN_MS): number {
      const ofApp = workers.filter((w) => w.app.appName === app);
      if (ofApp.length === 0) throw new Error(`no emulated app ${app}`);
      for (const w of ofApp) restartWorker(w, downMs);
      return ofApp.length;
    },
    /**
     * A rolling restart of all workers: `batch` at a time, one batch every `everyMs`, each down for
     * downMs. Refused while one is in progress. Resolves at once; `state().rollingRestart` follows it.
     */
    rollingRestartWorkers(options: { everyMs?: number; downMs?: number; batch?: number } = {}): { workers: number; endsInMs: number } {
      if (rolling && rolling.done < rolling.total) throw new Error(`a rolling restart is in progress (${rolling.done} of ${rolling.total} workers restarted)`);
      const everyMs = options.everyMs ?? 1000;
      const downMs = options.downMs ?? WORKER_RESTART_DOWN_MS;
      const batch = Math.max(1, options.batch ?? ROLLING_BATCH_DEFAULT);
      const run = (rolling = { done: 0, total: workers.length });
      const step = (from: number) => {
        if (rolling !== run) return;
        for (const w of workers.slice(from, from + batch)) restartWorker(w, downMs);
        run.done = Math.min(run.total, from + batch);
        if (run.done < run.total) schedule(() => step(from + batch), everyMs);
      };
      step(0);
      const batches = Math.ceil(workers.length / batch);
      return { workers: workers.length, endsInMs: (batches - 1) * everyMs + downMs };
    },
    /** the scenario's timed jobs and their instances (null without `apps.schedules`) */
    scheduler,
    /** the elections that took an app over since `sinceMs` (all kept when absent): what PowerJob re-bound by itself, not a move */
    takeovers: (sinceMs = -Infinity): Takeover[] => takeovers.filter((t) => t.at >= sinceMs),
    async close() {
      closed = true;
      scheduler?.stop();
      for (const t of timers) clock.clearTimeout(t);
      await Promise.all(servers.map((s) => s.stop()));
      agent.destroy();
      await sqlAppInfo?.sql.close();
    },
  };

  if (options.events !== false) {
    for (const e of unrollEvents(scenario.events)) {
      schedule(() => {
        const run = e.action === 'add' ? emulator.addServer() : emulator[e.action === 'stop' ? 'stopServer' : e.action === 'start' ? 'startServer' : e.action](e.server);
        run.catch(report);
      }, e.atMs);
    }
  }
  return emulator;
}

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
/** The cluster an emulatorActuator moves apps in. */
export type EmulatedCluster = Emulator;
