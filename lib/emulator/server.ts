// One emulated PowerJob server: its web port over real HTTP (ResultDTO envelope, the endpoints of
// powerjob.md §4), first-come-first-served election (§2), and the heartbeat state it keeps (§3).
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AppInfo, PowerJobDatabase } from './database.ts';
import type { Clock } from './clock.ts';
import type { Random } from './random.ts';

export interface SystemMetrics {
  cpuProcessors: number;
  cpuLoad: number;
  jvmUsedMemory: number;
  jvmMaxMemory: number;
  jvmMemoryUsage: number;
  diskUsed: number;
  diskTotal: number;
  diskUsage: number;
  score: number;
  extra: null;
}

export interface WorkerHeartbeat {
  workerAddress: string;
  appName: string;
  appId: number;
  heartbeatTime: number;
  version: string;
  protocol: 'HTTP';
  tag: string | null;
  client: 'KingPenguin';
  isOverload: boolean;
  lightTaskTrackerNum: number;
  heavyTaskTrackerNum: number;
  systemMetrics: SystemMetrics;
}

/** WorkerInfo as the server keeps it; `version` is not stored (powerjob.md §3). */
export interface WorkerInfo {
  address: string;
  lastActiveTime: number;
  protocol: string;
  client: string;
  tag: string | null;
  lightTaskTrackerNum: number;
  heavyTaskTrackerNum: number;
  lastOverloadTime: number | null;
  overloading: boolean;
  systemMetrics: SystemMetrics;
  containerInfos: [];
}

/** What the servers of one cluster share. */
export interface ClusterContext {
  db: PowerJobDatabase;
  clock: Clock;
  random: Random;
  serverVersion: string;
  password: string;
  secret: string;
  byTransport(address: string): EmulatedServer | undefined;
  /** running instances of an app, as its owner would count them */
  runningInstances(appId: number): number;
}

const PING_TIMEOUT_MS = 1000;
const RETRY_TIMES = 10;
const ELECT_LOCK_MAX_MS = 30_000;
const SERVER_INFO_HEARTBEAT_MS = 15_000;
const CLEAN_DATA_MS = 15_000;
const ACCURATE_PERCENTAGE = 50; // oms.accurate.select.server.percentage in the shipped profiles

type Result = { success: boolean; data?: unknown; message?: string | null; code?: string };
const ok = (data: unknown): Result => ({ success: true, data, message: null });
const fail = (message: string, code?: string): Result => ({ success: false, data: null, message, ...(code ? { code } : {}) });

export class EmulatedServer {
  readonly webAddress: string;
  /** the HTTP transport bind address stored in app_info.current_server (a label: nothing listens there) */
  readonly transportAddress: string;
  running = false;
  partitioned = false;
  bornTime = 0;
  serverId = 0;
  /** heartbeat state: appId -> workers (ClusterStatusHolder) */
  readonly holders = new Map<number, { appName: string; workers: Map<string, WorkerInfo> }>();
  /** simulated time spent waiting on pings and locks in the last election, for tests */
  lastElectionCostMs = 0;
  private http: http.Server | null = null;
  private timers: unknown[] = [];

  constructor(
    private readonly cluster: ClusterContext,
    readonly index: number,
    readonly ip: string,
    readonly port: number,
  ) {
    this.webAddress = `${ip}:${port}`;
    this.transportAddress = `${ip}:10010`;
  }

  get reachable(): boolean {
    return this.running && !this.partitioned;
  }

  // ----------------------------------------------------------------------------- lifecycle

  async start(): Promise<void> {
    if (this.running) return;
    const { clock, db } = this.cluster;
    this.running = true;
    this.bornTime = clock.now();
    this.holders.clear(); // heartbeat state lives in memory: a restart forgets it
    this.serverId = db.registerServer(this.ip, clock.now()).id;
    this.every(SERVER_INFO_HEARTBEAT_MS, () => db.registerServer(this.ip, clock.now()));
    this.every(CLEAN_DATA_MS, () => this.cleanData());
    if (!this.partitioned) await this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) this.cluster.clock.clearTimeout(t);
    this.timers = [];
    await this.unlisten();
  }

  /** Cut off from workers and the other servers, but still running (its memory survives). */
  async partition(): Promise<void> {
    this.partitioned = true;
    await this.unlisten();
  }

  async heal(): Promise<void> {
    this.partitioned = false;
    if (this.running) await this.listen();
  }

  private every(ms: number, fn: () => void) {
    const tick = () => {
      if (!this.running) return;
      fn();
      this.timers.push(this.cluster.clock.setTimeout(tick, ms));
    };
    this.timers.push(this.cluster.clock.setTimeout(tick, ms));
  }

  private listen(): Promise<void> {
    if (this.http) return Promise.resolve();
    const server = http.createServer((req, res) => this.serve(req, res));
    server.keepAliveTimeout = 5000;
    this.http = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.ip, () => resolve());
    });
  }

  private unlisten(): Promise<void> {
    const server = this.http;
    this.http = null;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((r) => server.close(() => r()));
  }

  // ------------------------------------------------------------------------------ election

  private ping(owner: string): boolean {
    const target = this.cluster.byTransport(owner);
    const alive = Boolean(target?.reachable) && !this.partitioned;
    if (!alive) this.lastElectionCostMs += PING_TIMEOUT_MS;
    return alive;
  }

  /** ServerElectionService.elect: first come, first served; sticky while the owner answers pings. */
  acquire(appId: number, protocol: string, currentServer: string | null): Result {
    const { db, random, clock } = this.cluster;
    this.lastElectionCostMs = 0;
    if (protocol !== 'HTTP' && protocol !== 'AKKA') return fail(`unknown protocol: ${protocol}`);
    const app = db.apps.get(appId);
    if (!app) return fail(`can't find appInfo by appId: ${appId}`);
    // fast path: half of the requests (not "accurate") trust the worker's current server if it is us
    const accurate = random.int(100) < ACCURATE_PERCENTAGE;
    if (!accurate && currentServer === this.transportAddress) return ok(this.transportAddress);
    const downServers = new Set<string>();
    for (let attempt = 0; attempt < RETRY_TIMES; attempt++) {
      const owner = this.liveOwner(app, downServers);
      if (owner) return ok(owner);
      const lock = `server_elect_${appId}`;
      if (!db.tryLock(lock, this.transportAddress, ELECT_LOCK_MAX_MS, clock.now())) {
        this.lastElectionCostMs += 500;
        continue;
      }
      try {
        const again = this.liveOwner(app, downServers);
        if (again) return ok(again);
        // no live owner: usurp (the code's 篡位)
        app.currentServer = this.transportAddress;
        return ok(this.transportAddress);
      } finally {
        db.unlock(lock, this.transportAddress);
      }
    }
    return fail(`server elect failed for app(appId=${appId})`);
  }

  private liveOwner(app: AppInfo, down: Set<string>): string | null {
    const owner = app.currentServer;
    if (!owner || down.has(owner)) return null;
    if (owner === this.transportAddress) return owner;
    if (this.ping(owner)) return owner;
    down.add(owner);
    return null;
  }

  // --------------------------------------------------------------------- heartbeat state

  receiveHeartbeat(hb: WorkerHeartbeat): void {
    if (!this.reachable) return; // a `tell` to a dead server is lost silently
    let holder = this.holders.get(hb.appId);
    if (!holder) {
      holder = { appName: hb.appName, workers: new Map() };
      this.holders.set(hb.appId, holder);
    }
    const prev = holder.workers.get(hb.workerAddress);
    if (prev && prev.lastActiveTime > hb.heartbeatTime) return; // older than the last one seen
    holder.workers.set(hb.workerAddress, {
      address: hb.workerAddress,
      lastActiveTime: hb.heartbeatTime,
      protocol: hb.protocol,
      client: hb.client,
      tag: hb.tag,
      lightTaskTrackerNum: hb.lightTaskTrackerNum,
      heavyTaskTrackerNum: hb.heavyTaskTrackerNum,
      lastOverloadTime: hb.isOverload ? hb.heartbeatTime : (prev?.lastOverloadTime ?? null),
      overloading: hb.isOverload,
      systemMetrics: hb.systemMetrics,
      containerInfos: [],
    });
  }

  /** PowerScheduleService.cleanData: drop state of apps no longer owned; returns early when owning none. */
  cleanData(): void {
    const owned = new Set(this.cluster.db.appsOwnedBy(this.transportAddress).map((a) => a.id));
    if (owned.size === 0) return;
    for (const appId of this.holders.keys()) if (!owned.has(appId)) this.holders.delete(appId);
  }

  // ---------------------------------------------------------------------------------- HTTP

  private token(): string {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = b64({ alg: 'HS256', typ: 'JWT' });
    const body = b64({ sub: 'ADMIN', exp: Math.floor(this.cluster.clock.now() / 1000) + 604_800 });
    const sig = createHmac('sha256', this.cluster.secret).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  }

  private validToken(token: string | undefined): boolean {
    if (!token) return false;
    const [head, body, sig] = token.split('.');
    if (!head || !body || !sig) return false;
    if (createHmac('sha256', this.cluster.secret).update(`${head}.${body}`).digest('base64url') !== sig) return false;
    const { exp } = JSON.parse(Buffer.from(body, 'base64url').toString()) as { exp: number };
    return exp * 1000 > this.cluster.clock.now();
  }

  private get needsLogin(): boolean {
    return !this.cluster.serverVersion.startsWith('4.');
  }

  private serverInfo() {
    return { id: this.serverId, ip: this.ip, bornTime: this.bornTime, version: this.cluster.serverVersion };
  }

  hello(debug: boolean) {
    const now = this.cluster.clock.now();
    return {
      localHost: this.ip,
      serverInfo: this.serverInfo(),
      serverTime: new Date(now).toISOString().replace('T', ' ').slice(0, 19),
      serverTimeTs: now,
      serverTimeZone: 'UTC',
      appIds: [...this.holders.keys()].sort((a, b) => a - b),
      defaultAddress: { protocol: 'HTTP', address: this.transportAddress, externalAddress: this.transportAddress },
      ...(debug
        ? {
            appId2ClusterInfo: Object.fromEntries(
              [...this.holders].map(([appId, h]) => [String(appId), { allWorkers: Object.fromEntries(h.workers) }]),
            ),
          }
        : {}),
    };
  }

  private route(method: string, url: URL, headers: http.IncomingHttpHeaders, body: unknown): Result {
    const q = (k: string) => url.searchParams.get(k);
    const { db } = this.cluster;
    const path = url.pathname;
    if (method === 'GET' && (path === '/server/assert' || path === '/server/assertV2')) {
      const app = db.appsByName.get(q('appName') ?? '');
      if (!app) return fail(`app(${q('appName')}) is not registered! Please register the app in oms-console first.`);
      return ok(path === '/server/assert' ? app.id : { appId: app.id });
    }
    if (method === 'GET' && path === '/server/acquire') return this.acquire(Number(q('appId')), q('protocol') ?? 'AKKA', q('currentServer'));
    if (method === 'GET' && path === '/server/hello') return ok(this.hello(q('debug') === 'true'));
    if (method === 'GET' && path === '/server/checkConnectivity') return ok(true);
    if (method === 'POST' && path === '/auth/thirdPartyLoginDirect') {
      const origin = (body as { originParams?: string } | null)?.originParams;
      let creds: { username?: string; password?: string } = {};
      try {
        creds = JSON.parse(origin ?? '{}');
      } catch {
        return fail('originParams is not JSON');
      }
      if (creds.username !== 'ADMIN' || creds.password !== this.cluster.password) return fail('username or password is incorrect', '-200');
      return ok({ id: 1, username: 'ADMIN', nick: 'ADMIN', jwtToken: this.token() });
    }
    const loggedIn = this.validToken((headers['powerjwt'] ?? headers['power_jwt']) as string | undefined);
    const consoleCall = path.startsWith('/appInfo/') || path.startsWith('/system/');
    if (consoleCall && this.needsLogin && !loggedIn) return fail('not login!', '-100');
    if (path === '/appInfo/list' && (method === 'POST' || method === 'GET')) {
      const all = [...db.apps.values()].map((a) => ({ id: a.id, appName: a.appName, namespaceId: null, title: a.appName }));
      if (method === 'GET') return ok(all.map(({ id, appName }) => ({ id, appName }))); // 4.3.x
      const { index = 0, pageSize = 10 } = (body ?? {}) as { index?: number; pageSize?: number };
      return ok({ index, pageSize, totalPages: Math.ceil(all.length / pageSize), totalItems: all.length, data: all.slice(index * pageSize, (index + 1) * pageSize) });
    }
    const appId = Number(q('appId'));
    const app = db.apps.get(appId);
    if (method === 'GET' && path === '/system/listWorker') {
      const owner = app?.currentServer ? this.cluster.byTransport(app.currentServer) : undefined;
      if (!owner?.reachable) return fail('no server available for the app');
      const now = this.cluster.clock.now();
      return ok(
        [...(owner.holders.get(appId)?.workers.values() ?? [])].map((w) => ({
          address: w.address,
          cpuLoad: `${w.systemMetrics.cpuLoad.toFixed(2)} / ${w.systemMetrics.cpuProcessors}`,
          memoryLoad: `${(w.systemMetrics.jvmMemoryUsage * 100).toFixed(1)}%（${w.systemMetrics.jvmUsedMemory} / ${w.systemMetrics.jvmMaxMemory}GB）`,
          diskLoad: `${(w.systemMetrics.diskUsage * 100).toFixed(1)}%（${w.systemMetrics.diskUsed} / ${w.systemMetrics.diskTotal}GB）`,
          protocol: w.protocol,
          tag: w.tag,
          lastActiveTime: new Date(w.lastActiveTime).toISOString(),
          lightTaskTrackerNum: w.lightTaskTrackerNum,
          heavyTaskTrackerNum: w.heavyTaskTrackerNum,
          lastOverloadTime: w.lastOverloadTime,
          overloading: w.overloading,
          status: now - w.lastActiveTime > 60_000 ? 9999 : w.overloading ? 3 : 1,
        })),
      );
    }
    if (method === 'GET' && path === '/system/overview') {
      if (!app) return fail(`can't find appInfo by appId: ${appId}`);
      const owner = app.currentServer ? this.cluster.byTransport(app.currentServer) : undefined;
      // @DesignateServer: forwarded to the owner, so an unreachable owner fails the call
      if (!owner?.reachable) return fail(`server[${app.currentServer}] is not available`);
      return ok({
        appId,
        appName: app.appName,
        jobCount: 0,
        runningInstanceCount: this.cluster.runningInstances(appId),
        failedInstanceCount: 0,
        timezone: 'UTC',
        serverTime: new Date(this.cluster.clock.now()).toISOString(),
        webServerInfo: this.serverInfo(),
        scheduleServerInfo: owner.serverInfo(),
      });
    }
    if (method === 'GET' && path === '/actuator/health') return { success: true, data: undefined, message: null };
    return fail(`no handler for ${method} ${path}`);
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${this.webAddress}`);
      if (url.pathname === '/actuator/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"UP"}');
        return;
      }
      let body: unknown = null;
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = null;
        }
      }
      const result = this.route(req.method ?? 'GET', url, req.headers, body);
      const text = JSON.stringify(result);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    });
  }
}
