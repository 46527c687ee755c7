// One emulated PowerJob worker process: finds its server as PowerJobServerDiscoveryService does
// (powerjob.md §1), reports to it every 10 s as WorkerHealthReporter does (§3), and runs jobs.
import { sleep, type Clock } from './clock.ts';
import type { AppInfo } from './database.ts';
import type { SystemMetrics, WorkerHeartbeat } from './server.ts';

export const DISCOVERY_INTERVAL_MS = 10_000; // hard-coded in timingCheck
export const HEARTBEAT_INTERVAL_MS = 10_000; // healthReportInterval default
const HTTP_ATTEMPTS = 3; // CommonUtils.executeWithRetry0
const HTTP_RETRY_SLEEP_MS = 100;
const MAX_FAILED_COUNT = 3;
const MAX_LIGHTWEIGHT_TASK_NUM = 1024;

/** Who a worker is, for whatever delivers its server list at start (a deploy script, a config centre). */
export interface WorkerIdentity {
  app: string;
  address: string;
  version: string;
}

/**
 * Where a worker's `server-address` comes from when its process starts, instead of the scenario's
 * configuration (a deploy script asking Fulcrum's assignment API, a config centre). A real worker
 * reads it once at start and never again (powerjob.md §7): this is asked at start and at each
 * restart only. null keeps the configured list.
 */
export type ServerListAtStart = (worker: WorkerIdentity, configured: readonly string[]) => readonly string[] | null | Promise<readonly string[] | null>;

export interface WorkerContext {
  clock: Clock;
  /** One GET /server/assert on a web address: the appId, or null if not registered; throws on a network error. */
  assert(webAddress: string, appName: string): Promise<number | null>;
  /** One GET /server/acquire: the owner's transport address, or null on an unsuccessful answer; throws on a network error. */
  acquire(webAddress: string, appId: number, protocol: 'HTTP', currentServer: string | null): Promise<string | null>;
  /** A fire-and-forget `tell` to a transport address. */
  tell(transportAddress: string, heartbeat: WorkerHeartbeat): void;
}

const hostOf = (address: string) => address.slice(0, address.lastIndexOf(':'));
const round2 = (n: number) => Math.round(n * 100) / 100;

export class EmulatedWorker {
  /** the owner's transport address as the worker last learnt it */
  currentServer: string | null = null;
  appId: number | null = null;
  failedCount = 0;
  /** task trackers alive on this worker: one per running instance */
  runningInstances = 0;
  /** which process of this worker runs: a restart starts the next one, and what the last one had in flight is dropped */
  generation = 0;
  /** false from a stop until the next process has started */
  running = true;
  /** how many times the process started (1 at the first start) */
  starts = 0;
  /** where the list of the running process came from: the scenario's configuration, or what was delivered at its start */
  listSource: 'configured' | 'delivered' = 'configured';
  private lastMetrics: SystemMetrics | null = null;

  constructor(
    readonly address: string,
    readonly app: AppInfo,
    readonly version: string,
    /** the list in the order this process holds it (read at start; shuffled once at start from 5.1.0 on) */
    public serverList: string[],
    readonly jobsPerMinute: number,
    readonly tag: string | null,
    /** how long one instance runs, seconds */
    readonly jobSeconds = 30,
  ) {}

  get identity(): WorkerIdentity {
    return { app: this.app.appName, address: this.address, version: this.version };
  }

  /** HttpUtils.get through executeWithRetry0: three attempts, 100 ms apart; null when all fail. */
  private async withRetry<T>(ctx: WorkerContext, call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, value: await call() };
      } catch {
        if (attempt >= HTTP_ATTEMPTS) return { ok: false };
        await sleep(ctx.clock, HTTP_RETRY_SLEEP_MS);
      }
    }
  }

  /**
   * The worker process stops: it forgets its server, appId and task trackers, and what the stopped
   * process still had in flight is dropped. `start` begins the next one with the list it then reads.
   */
  stop(): void {
    this.generation++;
    this.running = false;
    this.currentServer = null;
    this.appId = null;
    this.failedCount = 0;
    this.runningInstances = 0;
    this.lastMetrics = null;
  }

  /** A new process starts holding `list` (already shuffled where the version shuffles). */
  start(list: readonly string[], source: 'configured' | 'delivered'): void {
    this.serverList = [...list];
    this.listSource = source;
    this.running = true;
    this.starts++;
  }

  /** assertApp0: the first server that answers gives the appId; an unregistered app stops the worker. */
  async assertApp(ctx: WorkerContext): Promise<number | null> {
    const generation = this.generation;
    for (const web of this.serverList) {
      const r = await this.withRetry(ctx, () => ctx.assert(web, this.app.appName));
      if (generation !== this.generation) return null;
      if (!r.ok) continue;
      if (r.value === null) throw new Error(`app ${this.app.appName} is not registered`);
      return (this.appId = r.value);
    }
    return null;
  }

  /** discovery(): the current server first (looked up by IP), then the list in order; first success wins. */
  async discover(ctx: WorkerContext): Promise<string | null> {
    if (!this.running) return null;
    const generation = this.generation;
    if (this.appId === null && (await this.assertApp(ctx)) === null) return generation === this.generation ? this.failed() : null;
    const list = this.serverList;
    // later entries with the same host overwrite earlier ones, as the HashMap put does
    const ip2Address = new Map(list.map((a) => [hostOf(a), a]));
    const acquire = async (web: string) => {
      const r = await this.withRetry(ctx, () => ctx.acquire(web, this.appId!, 'HTTP', this.currentServer));
      return r.ok ? r.value : null;
    };
    let found: string | null = null;
    if (this.currentServer) {
      const web = ip2Address.get(hostOf(this.currentServer));
      if (web) found = await acquire(web);
    }
    for (const web of list) {
      if (found) break;
      found = await acquire(web);
    }
    // the process this discovery belonged to was stopped meanwhile: its answer goes nowhere
    if (generation !== this.generation) return null;
    if (!found) return this.failed();
    this.currentServer = found;
    this.failedCount = 0;
    return found;
  }

  private failed(): null {
    this.currentServer = null;
    // FAILED_COUNT++ > 3: on the 5th failure in a row the frequent task trackers are destroyed and
    // the count starts again (PowerJobServerDiscoveryService.discovery, 4.3.9 bytecode), so the
    // next kill comes five failures later. (PowerJob's counter is static: one per JVM.)
    if (this.failedCount++ > MAX_FAILED_COUNT) {
      this.runningInstances = 0;
      this.failedCount = 0;
    }
    return null;
  }

  /**
   * SystemMetrics for the load this worker carries. cpuLoad is the OS load average, a moving
   * average, so it follows the mean number of running instances rather than the instantaneous count.
   */
  private measure(): SystemMetrics {
    const mean = (this.jobsPerMinute / 60) * this.jobSeconds;
    const load = this.currentServer ? mean : 0;
    const cpuProcessors = 8;
    const cpuLoad = round2(0.2 + 0.35 * load);
    const jvmMaxMemory = 4;
    const jvmUsedMemory = round2(Math.min(jvmMaxMemory, 0.5 + 0.05 * load));
    return {
      cpuProcessors,
      cpuLoad,
      jvmUsedMemory,
      jvmMaxMemory,
      jvmMemoryUsage: round2(jvmUsedMemory / jvmMaxMemory),
      diskUsed: 40,
      diskTotal: 100,
      diskUsage: 0.4,
      score: Math.trunc((jvmMaxMemory - jvmUsedMemory) * 2 + (cpuProcessors - cpuLoad)),
      extra: null,
    };
  }

  /** The metrics of the last heartbeat (the worker caches its score), or what it would send now. */
  metrics(): SystemMetrics {
    return this.lastMetrics ?? this.measure();
  }

  /** Jobs dispatched by the owner run for jobSeconds each: about rate × duration instances at a time. */
  private runJobs(): void {
    if (!this.currentServer) return; // nothing is dispatched to a worker no server knows
    this.runningInstances = Math.round((this.jobsPerMinute / 60) * this.jobSeconds);
  }

  /** WorkerHealthReporter: skipped ("no available server") while no server is known. */
  heartbeat(ctx: WorkerContext): void {
    if (!this.running) return;
    this.runJobs();
    if (!this.currentServer) return;
    const metrics = (this.lastMetrics = this.measure());
    const now = ctx.clock.now();
    ctx.tell(this.currentServer, {
      workerAddress: this.address,
      appName: this.app.appName,
      appId: this.appId ?? this.app.id,
      heartbeatTime: now,
      version: this.version,
      protocol: 'HTTP',
      tag: this.tag,
      client: 'KingPenguin',
      isOverload: this.runningInstances >= MAX_LIGHTWEIGHT_TASK_NUM,
      lightTaskTrackerNum: this.runningInstances,
      heavyTaskTrackerNum: 0,
      systemMetrics: metrics,
    });
  }
}
