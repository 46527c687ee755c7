// PowerJob's scheduling of timed jobs, as the emulated servers run it (PowerScheduleService and
// InstanceStatusCheckService, 4.3.x and 5.x; powerjob.md §3):
// - every 15 s each running server takes the enabled CRON jobs of the apps app_info names it owner
//   of whose next trigger time falls within the next 30 s, creates their instances
//   (WAITING_DISPATCH), pushes them into its time wheel and writes the following trigger time;
// - at its trigger time a server dispatches an instance to a worker of the app whose heartbeat it
//   holds and has not timed out; with none, the instance fails "no worker available";
// - a server that stops loses its time wheel; the instances in it stay WAITING_DISPATCH until the
//   app's owner's status check (every 10 s) re-dispatches those waiting more than 30 s.
// An instance's outcome is counted per app. FIXED_RATE and FIXED_DELAY jobs (one long instance on a
// worker) and API jobs are in job_info for what reads it, and are not run.
import type { Clock } from './clock.ts';
import { nextFireTime, parseCron, type Cron } from '../domain/cron.ts';
import { INSTANCE_STATUS, type InstanceRow } from '../domain/instance-report.ts';
import { TIME_EXPRESSION, type JobSchedule } from '../domain/quiet-window.ts';
import type { Random } from '../domain/random.ts';

export const SCHEDULE_INTERVAL_MS = 15_000;
export const SCHEDULE_LOOK_AHEAD_MS = 30_000;
export const STATUS_CHECK_INTERVAL_MS = 10_000;
export const REDISPATCH_AFTER_MS = 30_000;
/** instances older than this are forgotten (PowerJob keeps them in instance_info for days; tests and benchmarks read recent ones) */
export const INSTANCE_MEMORY_MS = 2 * 3_600_000;

export interface EmulatedJob extends JobSchedule {
  appId: number;
  cron: Cron | null;
}

export interface EmulatedInstance extends InstanceRow {
  /** the server whose time wheel holds it (its web address) */
  server: string;
  dispatchedAt: number | null;
}

/** Per app: what became of its instances (an instance counts once, by its last state). */
export interface AppRunOutcomes {
  succeeded: number;
  failed: number;
  /** WAITING_DISPATCH past its trigger time: held by a stopped server, not yet re-dispatched */
  waiting: number;
}

/** What the scheduler needs of the cluster. */
export interface SchedulingCluster {
  clock: Clock;
  /** running servers (reachable or not: a partitioned server still fires its time wheel) */
  servers(): readonly { webAddress: string; running: boolean }[];
  /** the web address of the app's owner in app_info, or null */
  ownerOf(appId: number): string | null;
  /** whether `server` holds a heartbeat of a worker of the app that has not timed out */
  hasLiveWorker(server: string, appId: number, now: number): boolean;
}

/** One job per app, drawn: a CRON period from `periods` (seconds), or a FIXED_RATE of 10 s for a share of apps. */
export function drawJobs(appIds: readonly number[], appNames: readonly string[], random: Random, now: number, options: { periodsSeconds?: readonly number[]; fixedRateShare?: number } = {}): EmulatedJob[] {
  const periods = options.periodsSeconds ?? [5, 15, 30, 60, 60, 120, 300, 300, 900, 3600];
  const jobs: EmulatedJob[] = [];
  appIds.forEach((appId, i) => {
    const id = i + 1;
    if (random.next() < (options.fixedRateShare ?? 0.1)) {
      jobs.push({ jobId: id, appId, jobName: `${appNames[i]}-rate`, type: TIME_EXPRESSION.fixedRate, expression: '10000', nextTriggerTime: null, cron: null });
      return;
    }
    const p = periods[random.int(periods.length)]!;
    const expression = p < 60 ? `*/${p} * * * * ?` : p < 3600 ? `${random.int(60)} */${p / 60} * * * ?` : `${random.int(60)} ${random.int(60)} * * * ?`;
    const cron = parseCron(expression)!;
    jobs.push({ jobId: id, appId, jobName: `${appNames[i]}-cron`, type: TIME_EXPRESSION.cron, expression, nextTriggerTime: nextFireTime(cron, now), cron });
  });
  return jobs;
}

export class JobScheduler {
  private readonly byApp = new Map<number, EmulatedJob[]>();
  private readonly instances: EmulatedInstance[] = [];
  private readonly timers = new Set<unknown>();
  private stopped = false;

  constructor(
    private readonly cluster: SchedulingCluster,
    readonly jobs: readonly EmulatedJob[],
  ) {
    for (const j of jobs) {
      const list = this.byApp.get(j.appId) ?? [];
      list.push(j);
      this.byApp.set(j.appId, list);
    }
  }

  /** Starts the schedule loop and the status check (the same instant on every server: one loop serves all). */
  start(): void {
    const loop = (ms: number, fn: () => void) => {
      const tick = () => {
        this.timers.delete(t);
        if (this.stopped) return;
        fn();
        t = this.cluster.clock.setTimeout(tick, ms);
        this.timers.add(t);
      };
      let t = this.cluster.clock.setTimeout(tick, ms);
      this.timers.add(t);
    };
    loop(SCHEDULE_INTERVAL_MS, () => this.schedule());
    loop(STATUS_CHECK_INTERVAL_MS, () => this.checkStatus());
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) this.cluster.clock.clearTimeout(t);
    this.timers.clear();
  }

  /** PowerScheduleService.scheduleNormalJob on every running server: its apps' jobs due within the look-ahead into its wheel. */
  schedule(): void {
    const now = this.cluster.clock.now();
    this.forget(now);
    const running = new Set(this.cluster.servers().filter((s) => s.running).map((s) => s.webAddress));
    for (const [appId, jobs] of this.byApp) {
      const owner = this.cluster.ownerOf(appId);
      if (!owner || !running.has(owner)) continue;
      for (const job of jobs) {
        if (!job.cron || job.nextTriggerTime === null) continue;
        while (job.nextTriggerTime !== null && job.nextTriggerTime <= now + SCHEDULE_LOOK_AHEAD_MS) {
          this.push(job, owner, job.nextTriggerTime, now);
          job.nextTriggerTime = nextFireTime(job.cron, job.nextTriggerTime);
        }
      }
    }
  }

  private push(job: EmulatedJob, server: string, at: number, now: number): void {
    const instance: EmulatedInstance = { jobId: job.jobId, appId: job.appId, status: INSTANCE_STATUS.waitingDispatch, expectedTriggerTime: at, result: null, server, dispatchedAt: null };
    this.instances.push(instance);
    const t = this.cluster.clock.setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) return;
      // the wheel lives in the server's memory: a server that stopped meanwhile never fires it
      if (this.cluster.servers().find((s) => s.webAddress === server)?.running) this.dispatch(instance, server);
    }, Math.max(0, at - now));
    this.timers.add(t);
  }

  private dispatch(instance: EmulatedInstance, server: string): void {
    const now = this.cluster.clock.now();
    instance.dispatchedAt = now;
    instance.server = server;
    if (this.cluster.hasLiveWorker(server, instance.appId, now)) {
      instance.status = INSTANCE_STATUS.succeed;
      instance.result = 'ok';
    } else {
      instance.status = INSTANCE_STATUS.failed;
      instance.result = 'no worker available';
    }
  }

  /** InstanceStatusCheckService: the owner re-dispatches its apps' instances left WAITING_DISPATCH for more than 30 s. */
  checkStatus(): void {
    const now = this.cluster.clock.now();
    const running = new Set(this.cluster.servers().filter((s) => s.running).map((s) => s.webAddress));
    for (const i of this.instances) {
      if (i.status !== INSTANCE_STATUS.waitingDispatch || i.expectedTriggerTime === null || now - i.expectedTriggerTime < REDISPATCH_AFTER_MS) continue;
      const owner = this.cluster.ownerOf(i.appId);
      if (owner && running.has(owner)) this.dispatch(i, owner);
    }
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.instances.length && (this.instances[drop]!.expectedTriggerTime ?? now) < now - INSTANCE_MEMORY_MS) drop++;
    if (drop > 0) this.instances.splice(0, drop);
  }

  /** job_info as Fulcrum reads it: the apps' enabled jobs (every emulated job is enabled). */
  jobSchedules(appIds: readonly number[]): Map<number, JobSchedule[]> {
    const out = new Map<number, JobSchedule[]>();
    for (const id of appIds) {
      const jobs = this.byApp.get(id);
      if (jobs) out.set(id, jobs.map(({ jobId, jobName, type, expression, nextTriggerTime }) => ({ jobId, jobName, type, expression, nextTriggerTime })));
    }
    return out;
  }

  /** instance_info as Fulcrum reads it: the apps' instances expected in (fromMs, toMs]. */
  instanceRows(appIds: readonly number[], fromMs: number, toMs: number): InstanceRow[] {
    const ids = new Set(appIds);
    return this.instances
      .filter((i) => ids.has(i.appId) && i.expectedTriggerTime !== null && i.expectedTriggerTime > fromMs && i.expectedTriggerTime <= toMs)
      .map(({ jobId, appId, status, expectedTriggerTime, result }) => ({ jobId, appId, status, expectedTriggerTime, result }));
  }

  /** Each app's instances expected in (fromMs, toMs] by outcome. */
  outcomes(fromMs: number, toMs: number): Map<number, AppRunOutcomes> {
    const out = new Map<number, AppRunOutcomes>();
    const now = this.cluster.clock.now();
    for (const i of this.instances) {
      if (i.expectedTriggerTime === null || i.expectedTriggerTime <= fromMs || i.expectedTriggerTime > toMs) continue;
      const o = out.get(i.appId) ?? { succeeded: 0, failed: 0, waiting: 0 };
      if (i.status === INSTANCE_STATUS.succeed) o.succeeded++;
      else if (i.status === INSTANCE_STATUS.failed) o.failed++;
      else if (i.expectedTriggerTime < now) o.waiting++;
      out.set(i.appId, o);
    }
    return out;
  }
}
