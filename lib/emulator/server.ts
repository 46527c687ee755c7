// One emulated PowerJob server: lifecycle, its web port, the election (election.ts) it runs for
// /server/acquire, and the heartbeat state it keeps (powerjob.md §3).
import http from 'node:http';
import type { Clock } from './clock.ts';
import type { AppInfoTable, PowerJobDatabase } from './database.ts';
import { elect, pingThrough, type ElectionContext, type ElectionResult, type Protocols } from './election.ts';
import type { Random } from '../domain/random.ts';
import { NotFound, route, type Result } from './routes.ts';

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
  protocol: 'HTTP' | 'AKKA';
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
  lastOverloadTime: number;
  overloading: boolean;
  systemMetrics: SystemMetrics;
  containerInfos: [];
}

/** What the servers of one cluster share. */
export interface ClusterContext {
  /** in memory: app_info (or its mirror, with `--powerjob-db`), server_info and oms_lock */
  db: PowerJobDatabase;
  /** oms.accurate.select.server.percentage of every server */
  accuratePercentage: number;
  /** app_info as elections read and write it: `db` itself, or a real database */
  appInfo: AppInfoTable;
  clock: Clock;
  random: Random;
  serverVersion: string;
  password: string;
  /** DefaultSecretProvider derives the JWT secret from the JDBC URL: one token works on every server */
  secret: string;
  /** a server by any of its transport addresses (HTTP or AKKA) */
  byTransport(address: string): EmulatedServer | undefined;
  /** an election's usurp: which app, from which owner (null: never elected) to which server (main-protocol addresses) */
  onTakeover?(appId: number, from: string | null, to: string, at: number): void;
}

export const WORKER_TIMEOUT_MS = 60_000;
const SERVER_INFO_HEARTBEAT_MS = 15_000;
const CLEAN_DATA_MS = 15_000;
const DAY_MS = 86_400_000;
const CLEAN_HOUR_UTC = 3; // CleanService.timingClean runs at 03:00

/** WorkerInfo.timeout() */
export const timedOut = (w: WorkerInfo, now: number) => now - w.lastActiveTime > WORKER_TIMEOUT_MS;

export class EmulatedServer {
  readonly webAddress: string;
  /** the HTTP transport bind address, the default protocol: what app_info.current_server holds (nothing listens there) */
  readonly transportAddress: string;
  readonly protocols: Protocols;
  running = false;
  partitioned = false;
  bornTime = 0;
  serverId = 0;
  /** heartbeat state: appId -> ClusterStatusHolder */
  readonly holders = new Map<number, { appName: string; workers: Map<string, WorkerInfo> }>();
  private http: http.Server | null = null;
  private timers: unknown[] = [];
  private readonly election: ElectionContext;

  constructor(
    readonly cluster: ClusterContext,
    readonly index: number,
    readonly ip: string,
    readonly port: number,
  ) {
    this.webAddress = `${ip}:${port}`;
    // PowerJob's defaults: HTTP transport on 10010 (the main protocol), AKKA on 10086
    this.transportAddress = `${ip}:10010`;
    this.protocols = { HTTP: this.transportAddress, AKKA: `${ip}:10086` };
    this.election = {
      db: cluster.db,
      appInfo: cluster.appInfo,
      clock: cluster.clock,
      random: cluster.random,
      accuratePercentage: cluster.accuratePercentage,
      onTakeover: cluster.onTakeover,
      ping: pingThrough(cluster.clock, (owner) => {
        // the ping goes over the main protocol (HTTP) to the recorded address itself: an owner
        // recorded by its AKKA or web address answers nothing there, so it is dead (powerjob.md §7.6)
        const target = cluster.byTransport(owner);
        if (target?.transportAddress !== owner) return null;
        return target.reachable && (target === this || !this.partitioned) ? target.protocols : null;
      }),
    };
  }

  get defaultAddress(): string {
    return this.transportAddress;
  }

  /** running and on the network: workers and the other servers can reach it */
  get reachable(): boolean {
    return this.running && !this.partitioned;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { clock, db } = this.cluster;
    this.running = true;
    this.bornTime = clock.now();
    this.holders.clear(); // heartbeat state lives in memory: a restart forgets it
    this.serverId = db.registerServer(this.ip, clock.now()).id;
    this.every(SERVER_INFO_HEARTBEAT_MS, SERVER_INFO_HEARTBEAT_MS, () => db.registerServer(this.ip, clock.now()));
    this.every(CLEAN_DATA_MS, CLEAN_DATA_MS, () => this.cleanData());
    const sinceClean = (((clock.now() - CLEAN_HOUR_UTC * 3_600_000) % DAY_MS) + DAY_MS) % DAY_MS;
    this.every(DAY_MS - sinceClean, DAY_MS, () => this.cleanUp());
    if (!this.partitioned) await this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) this.cluster.clock.clearTimeout(t);
    this.timers = [];
    await this.unlisten();
  }

  /** Cut off from workers and the other servers, but still running: its memory and its DB connection survive. */
  async partition(): Promise<void> {
    this.partitioned = true;
    await this.unlisten();
  }

  async heal(): Promise<void> {
    this.partitioned = false;
    if (this.running) await this.listen();
  }

  private every(firstMs: number, ms: number, fn: () => void) {
    const tick = () => {
      if (!this.running) return;
      fn();
      this.timers.push(this.cluster.clock.setTimeout(tick, ms));
    };
    this.timers.push(this.cluster.clock.setTimeout(tick, firstMs));
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

  /** GET /server/acquire: ServerElectionService.elect (powerjob.md §2). */
  acquire(appId: number, protocol: string, currentServer: string | null): Promise<ElectionResult> {
    if (!(protocol in this.protocols)) return Promise.resolve({ ok: false, message: `unknown protocol: ${protocol}` });
    return elect(this.election, this, { appId, protocol, currentServer });
  }

  /** server/workerHeartbeat: a `tell`, so one sent to a dead or cut-off server is lost silently. */
  receiveHeartbeat(hb: WorkerHeartbeat): void {
    if (!this.reachable) return;
    let holder = this.holders.get(hb.appId);
    if (!holder) {
      holder = { appName: hb.appName, workers: new Map() };
      this.holders.set(hb.appId, holder);
    }
    const prev = holder.workers.get(hb.workerAddress);
    if (prev && prev.lastActiveTime > hb.heartbeatTime) return; // ClusterStatusHolder drops older heartbeats
    holder.workers.set(hb.workerAddress, {
      address: hb.workerAddress,
      lastActiveTime: hb.heartbeatTime,
      protocol: hb.protocol,
      client: hb.client,
      tag: hb.tag,
      lightTaskTrackerNum: hb.lightTaskTrackerNum,
      heavyTaskTrackerNum: hb.heavyTaskTrackerNum,
      // a long in PowerJob's WorkerInfo: 0 until the worker is first overloaded
      lastOverloadTime: hb.isOverload ? hb.heartbeatTime : (prev?.lastOverloadTime ?? 0),
      overloading: hb.isOverload,
      systemMetrics: hb.systemMetrics,
      containerInfos: [],
    });
  }

  /** PowerScheduleService.cleanData: drop state of apps no longer owned; returns early when owning none. */
  cleanData(): void {
    const owned = this.cluster.db.appIdsOwnedBy(this.defaultAddress);
    if (owned.size === 0) return;
    for (const appId of this.holders.keys()) if (!owned.has(appId)) this.holders.delete(appId);
  }

  /** CleanService.timingClean at 03:00: the only place timed-out workers leave the holders. */
  cleanUp(): void {
    const now = this.cluster.clock.now();
    for (const holder of this.holders.values()) {
      for (const [address, w] of holder.workers) if (timedOut(w, now)) holder.workers.delete(address);
    }
  }

  /** Running instances of an app as its owner counts them: one task tracker per running instance, on live workers. */
  runningInstances(appId: number): number {
    const now = this.cluster.clock.now();
    let n = 0;
    for (const w of this.holders.get(appId)?.workers.values() ?? []) {
      if (!timedOut(w, now)) n += w.lightTaskTrackerNum + w.heavyTaskTrackerNum;
    }
    return n;
  }

  serverInfo() {
    return { id: this.serverId, ip: this.ip, bornTime: this.bornTime, version: this.cluster.serverVersion };
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${this.webAddress}`);
      if (url.pathname === '/actuator/health') {
        // Spring Boot's own JSON, not a ResultDTO
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
      const answer = (result: Result | NotFound) => {
        if (res.destroyed) return;
        const notFound = result instanceof NotFound;
        const text = JSON.stringify(notFound ? result.body(this.cluster.clock.now()) : result);
        res.writeHead(notFound ? 404 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      };
      route(this, req.method ?? 'GET', url, req.headers, body).then(answer, (error: Error) =>
        answer({ success: false, data: null, message: error.message }),
      );
    });
  }
}
