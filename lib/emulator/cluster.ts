// A whole emulated PowerJob cluster: servers on loopback (one address each, 127.0.0.N, so the
// worker's lookup of its current server by IP works as in PowerJob), workers, and scenario events.
import http from 'node:http';
import { parseDuration } from '../domain/duration.ts';
import { scaledClock, type Clock } from './clock.ts';
import { PowerJobDatabase } from './database.ts';
import { seeded } from './random.ts';
import { draw, loadScenario, shufflesServerList, versionFor, type Scenario } from './scenario.ts';
import { EmulatedServer, type ClusterContext } from './server.ts';
import { DISCOVERY_INTERVAL_MS, EmulatedWorker, HEARTBEAT_INTERVAL_MS, type WorkerContext } from './worker.ts';

export interface EmulatorOptions {
  scenario: Scenario | string;
  /** first web port; server i listens on 127.0.0.(i+1):(basePort+i). 0: free ports */
  basePort?: number;
  speed?: number;
  seed?: number;
  clock?: Clock;
  /** 'http': discovery over real HTTP (the default); 'direct': the same election code, in process */
  discovery?: 'http' | 'direct';
  /** Where a worker's server order comes from instead of the scenario (Fulcrum's assignment API, later). */
  orderProvider?: (worker: { app: string; address: string; version: string }, configured: readonly string[]) => string[] | null;
  /** run scenario events (default true) */
  events?: boolean;
}

export interface EmulatorState {
  /** app name -> owning server web address (null: not elected yet) */
  bindings: Record<string, string | null>;
  /** server web address -> apps owned and workers heartbeating to it */
  servers: Record<string, { running: boolean; partitioned: boolean; appsOwned: number; workers: number }>;
  workers: number;
}

function httpAcquire(webAddress: string, appId: number, currentServer: string | null): Promise<string | null> {
  const qs = `appId=${appId}&protocol=HTTP${currentServer ? `&currentServer=${encodeURIComponent(currentServer)}` : ''}`;
  return new Promise((resolve) => {
    const req = http.get(`http://${webAddress}/server/acquire?${qs}`, { agent: false, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        try {
          const r = JSON.parse(text) as { success: boolean; data?: string };
          resolve(r.success && r.data ? r.data : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

export async function startEmulator(options: EmulatorOptions) {
  const scenario = typeof options.scenario === 'string' ? loadScenario(options.scenario) : options.scenario;
  const seed = options.seed ?? scenario.seed;
  const random = seeded(seed);
  const clock = options.clock ?? scaledClock(options.speed ?? 1);
  const db = new PowerJobDatabase();
  const servers: EmulatedServer[] = [];
  const byTransport = new Map<string, EmulatedServer>();
  const jobRate = new Map<number, number>();
  const ctx: ClusterContext = {
    db,
    clock,
    random: seeded(seed ^ 0x5eed),
    serverVersion: scenario.serverVersion,
    password: scenario.password,
    secret: `jdbc:emulated://${scenario.name}/${seed}`,
    byTransport: (a) => byTransport.get(a),
    runningInstances: (appId) => {
      const app = db.apps.get(appId);
      const owner = app?.currentServer ? byTransport.get(app.currentServer) : undefined;
      const live = [...(owner?.holders.get(appId)?.workers.values() ?? [])].some((w) => clock.now() - w.lastActiveTime < 60_000);
      return live ? Math.round((jobRate.get(appId) ?? 0) * 0.5) : 0;
    },
  };

  async function createServer(): Promise<EmulatedServer> {
    const index = servers.length;
    const ip = `127.0.0.${index + 1}`;
    let port = options.basePort ? options.basePort + index : 0;
    if (port === 0) {
      // a free port on this server's own address
      port = await new Promise<number>((resolve, reject) => {
        const probe = http.createServer();
        probe.once('error', reject);
        probe.listen(0, ip, () => {
          const p = (probe.address() as { port: number }).port;
          probe.close(() => resolve(p));
        });
      });
    }
    const server = new EmulatedServer(ctx, index, ip, port);
    servers.push(server);
    byTransport.set(server.transportAddress, server);
    return server;
  }

  for (let i = 0; i < scenario.servers.count; i++) await createServer();
  for (const [i, s] of servers.entries()) if (!scenario.servers.startStopped.includes(i)) await s.start();

  // apps and their workers; every worker is configured with every server of the scenario, in order
  const configured = servers.map((s) => s.webAddress);
  const workerCounts = draw(scenario.apps.workers, scenario.apps.count, random).map((n) => Math.max(1, Math.round(n)));
  const rates = draw(scenario.apps.jobRate, scenario.apps.count, random);
  const workers: EmulatedWorker[] = [];
  for (let a = 0; a < scenario.apps.count; a++) {
    const app = db.addApp(`${scenario.apps.namePrefix}-${String(a + 1).padStart(String(scenario.apps.count).length, '0')}`);
    jobRate.set(app.id, rates[a]!);
    // some teams deploy some apps with another order: the whole app's workers share it
    const rotation = random.next() < scenario.apps.rotatedListShare ? 1 + random.int(configured.length - 1 || 1) : 0;
    const appList = [...configured.slice(rotation), ...configured.slice(0, rotation)];
    for (let w = 0; w < workerCounts[a]!; w++) {
      const n = workers.length;
      const address = `10.${1 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}:27777`;
      const version = versionFor(scenario, random);
      const provided = options.orderProvider?.({ app: app.appName, address, version }, appList);
      const list = provided ?? (shufflesServerList(version) ? random.shuffle(appList) : [...appList]);
      workers.push(new EmulatedWorker(address, app, version, list, rates[a]! / workerCounts[a]!, w % 3 === 0 ? 'blue' : null));
    }
  }

  const discovery = options.discovery ?? 'http';
  const wctx: WorkerContext = {
    now: () => clock.now(),
    acquire: (web, appId, current) => {
      if (discovery === 'http') return httpAcquire(web, appId, current);
      const server = servers.find((s) => s.webAddress === web);
      if (!server?.reachable) return null;
      const r = server.acquire(appId, 'HTTP', current);
      return r.success ? (r.data as string) : null;
    },
    tell: (transport, hb) => byTransport.get(transport)?.receiveHeartbeat(hb),
  };

  // workers start spread over the first discovery interval; each then discovers and reports every 10 s
  let closed = false;
  const timers = new Set<unknown>();
  const schedule = (fn: () => void, ms: number) => {
    const t = clock.setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };
  for (const worker of workers) {
    const offset = random.int(DISCOVERY_INTERVAL_MS);
    const cycle = async () => {
      await worker.discover(wctx);
      worker.heartbeat(wctx);
      schedule(() => void cycle(), Math.min(DISCOVERY_INTERVAL_MS, HEARTBEAT_INTERVAL_MS));
    };
    schedule(() => void cycle(), offset);
  }

  const find = (which: number | string): EmulatedServer => {
    const s = typeof which === 'number' ? servers[which] : servers.find((x) => x.webAddress === which);
    if (!s) throw new Error(`no emulated server ${which}`);
    return s;
  };
  const emulator = {
    scenario,
    clock,
    serverObjects: servers,
    workerObjects: workers,
    get servers(): string[] {
      return servers.map((s) => s.webAddress);
    },
    stopServer: (which: number | string) => find(which).stop(),
    startServer: (which: number | string) => find(which).start(),
    partition: (which: number | string) => find(which).partition(),
    heal: (which: number | string) => find(which).heal(),
    /** A new server, started; workers only know it if their configured list names it. */
    async addServer(): Promise<string> {
      const s = await createServer();
      await s.start();
      return s.webAddress;
    },
    state(): EmulatorState {
      const webOf = (t: string | null) => (t ? (byTransport.get(t)?.webAddress ?? t) : null);
      const bindings: Record<string, string | null> = {};
      for (const app of db.apps.values()) bindings[app.appName] = webOf(app.currentServer);
      const perServer: EmulatorState['servers'] = {};
      for (const s of servers) {
        perServer[s.webAddress] = {
          running: s.running,
          partitioned: s.partitioned,
          appsOwned: db.appsOwnedBy(s.transportAddress).length,
          workers: workers.filter((w) => w.currentServer === s.transportAddress).length,
        };
      }
      return { bindings, servers: perServer, workers: workers.length };
    },
    async close() {
      closed = true;
      for (const t of timers) clock.clearTimeout(t);
      await Promise.all(servers.map((s) => s.stop()));
    },
  };

  if (options.events !== false) {
    for (const e of scenario.events) {
      schedule(() => {
        const run = e.action === 'add' ? emulator.addServer() : emulator[e.action === 'stop' ? 'stopServer' : e.action === 'start' ? 'startServer' : e.action](e.server ?? 0);
        void run;
      }, parseDuration(e.at)!);
    }
  }
  return emulator;
}

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
