// One emulated PowerJob worker process: discovers its server every 10 s exactly as
// PowerJobServerDiscoveryService does (powerjob.md §1) and sends heartbeats to it every 10 s.
import type { AppInfo } from './database.ts';
import type { SystemMetrics, WorkerHeartbeat } from './server.ts';

export const DISCOVERY_INTERVAL_MS = 10_000;
export const HEARTBEAT_INTERVAL_MS = 10_000;

export interface WorkerContext {
  now(): number;
  /** GET /server/acquire on a server's web address: the owner's transport address, or null on any failure */
  acquire(webAddress: string, appId: number, currentServer: string | null): Promise<string | null> | string | null;
  /** a fire-and-forget `tell` to the transport address */
  tell(transportAddress: string, heartbeat: WorkerHeartbeat): void;
}

const hostOf = (address: string) => address.slice(0, address.lastIndexOf(':'));

export class EmulatedWorker {
  /** the owner's transport address as the worker last learnt it */
  currentServer: string | null = null;
  failedCount = 0;

  constructor(
    readonly address: string,
    readonly app: AppInfo,
    readonly version: string,
    /** the configured list in the order this process tries it (already shuffled from 5.1.0 on) */
    public serverList: string[],
    readonly jobsPerMinute: number,
    readonly tag: string | null,
  ) {}

  /** discovery(): current server first (looked up by IP), then the list in order; first success wins. */
  async discover(ctx: WorkerContext): Promise<string | null> {
    const ip2Address = new Map(this.serverList.map((a) => [hostOf(a), a]));
    let found: string | null = null;
    if (this.currentServer) {
      const web = ip2Address.get(hostOf(this.currentServer));
      if (web) found = await ctx.acquire(web, this.app.id, this.currentServer);
    }
    for (const web of this.serverList) {
      if (found) break;
      found = await ctx.acquire(web, this.app.id, this.currentServer);
    }
    this.currentServer = found;
    this.failedCount = found ? 0 : this.failedCount + 1;
    return found;
  }

  metrics(): SystemMetrics {
    // load follows the jobs this worker carries
    const cpuProcessors = 8;
    const cpuLoad = Math.round((0.2 + this.jobsPerMinute * 0.04) * 100) / 100;
    const jvmMaxMemory = 4;
    const jvmUsedMemory = Math.min(jvmMaxMemory, Math.round((0.4 + this.jobsPerMinute * 0.01) * 100) / 100);
    return {
      cpuProcessors,
      cpuLoad,
      jvmUsedMemory,
      jvmMaxMemory,
      jvmMemoryUsage: Math.round((jvmUsedMemory / jvmMaxMemory) * 1000) / 1000,
      diskUsed: 40,
      diskTotal: 100,
      diskUsage: 0.4,
      score: Math.trunc((jvmMaxMemory - jvmUsedMemory) * 2 + (cpuProcessors - cpuLoad)),
      extra: null,
    };
  }

  /** WorkerHealthReporter: skipped while no server is known. */
  heartbeat(ctx: WorkerContext): void {
    if (!this.currentServer) return;
    const light = Math.round(this.jobsPerMinute * 0.2);
    ctx.tell(this.currentServer, {
      workerAddress: this.address,
      appName: this.app.appName,
      appId: this.app.id,
      heartbeatTime: ctx.now(),
      version: this.version,
      protocol: 'HTTP',
      tag: this.tag,
      client: 'KingPenguin',
      isOverload: light >= 1024,
      lightTaskTrackerNum: light,
      heavyTaskTrackerNum: 0,
      systemMetrics: this.metrics(),
    });
  }
}
