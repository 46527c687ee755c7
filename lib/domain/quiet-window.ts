// When an app may move without costing a job run: from the write until its workers have
// converged on the new owner, no instance of the app may be due. The new owner dispatches only to
// workers whose heartbeats it holds ("no worker available" otherwise), and the old owner fires what
// its time wheel already holds (powerjob.md §3). Read from PowerJob's job_info (enabled jobs only).
import { fireTimes, parseCron } from './cron.ts';
import { convergenceWindowMs, POWERJOB_TIMINGS } from './convergence.ts';

/** PowerJob's TimeExpressionType codes (tech.powerjob.common.enums.TimeExpressionType) */
export const TIME_EXPRESSION = { api: 1, cron: 2, fixedRate: 3, fixedDelay: 4, workflow: 5, dailyTimeInterval: 11 } as const;

export interface JobSchedule {
  jobId: number;
  jobName: string | null;
  /** job_info.time_expression_type */
  type: number;
  /** job_info.time_expression: the CRON text, or the FIXED_RATE / FIXED_DELAY interval in ms */
  expression: string | null;
  /** job_info.next_trigger_time, ms (PowerJob keeps it for CRON jobs), or null */
  nextTriggerTime: number | null;
}

export type QuietVerdict =
  | { quiet: true }
  /** never: no quiet window of that length within the horizon (or ever, for a frequent job) */
  | { quiet: false; never: boolean; reason: string };

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const nameOf = (j: JobSchedule) => (j.jobName ? `job "${j.jobName}"` : `job ${j.jobId}`);
const TYPE_NAMES: Record<number, string> = { 1: 'API', 2: 'CRON', 3: 'FIXED_RATE', 4: 'FIXED_DELAY', 5: 'WORKFLOW', 11: 'DAILY_TIME_INTERVAL' };

/**
 * Whether the app whose enabled jobs are `jobs` has a quiet window of `windowMs` starting now.
 * - CRON: its fire times (read in the servers' zone, `utcOffsetMs` ahead of UTC) and
 *   next_trigger_time, over every CRON job of the app together; `never` when no gap of
 *   `windowMs` opens within `horizonMs`.
 * - FIXED_RATE / FIXED_DELAY at an interval no longer than the window: never quiet. Longer
 *   intervals are not judged (PowerJob runs such a job as one long instance on a worker, with no
 *   trigger time the database shows).
 * - API and WORKFLOW jobs run when called, which no schedule foretells: not judged.
 * - Anything else (DAILY_TIME_INTERVAL, a CRON this cannot read): never, with the reason.
 */
export function quietWindow(jobs: readonly JobSchedule[], nowMs: number, windowMs: number, options: { utcOffsetMs?: number; horizonMs?: number } = {}): QuietVerdict {
  const offset = options.utcOffsetMs ?? 0;
  const horizon = options.horizonMs ?? 3_600_000;
  const fires: { at: number; job: JobSchedule }[] = [];
  let soon: { at: number; job: JobSchedule } | null = null;
  for (const j of jobs) {
    if (j.type === TIME_EXPRESSION.api || j.type === TIME_EXPRESSION.workflow) continue;
    if (j.type === TIME_EXPRESSION.fixedRate || j.type === TIME_EXPRESSION.fixedDelay) {
      const every = Number(j.expression);
      if (!Number.isFinite(every) || every <= 0) return { quiet: false, never: true, reason: `${nameOf(j)} (${TYPE_NAMES[j.type]} "${j.expression ?? ''}") has an interval Fulcrum cannot read` };
      if (every <= windowMs) return { quiet: false, never: true, reason: `${nameOf(j)} (${TYPE_NAMES[j.type]}) runs every ${seconds(every)}, more often than its workers can follow a move (${seconds(windowMs)})` };
      continue;
    }
    if (j.type !== TIME_EXPRESSION.cron) return { quiet: false, never: true, reason: `${nameOf(j)} has a ${TYPE_NAMES[j.type] ?? `type ${j.type}`} schedule, whose runs Fulcrum cannot foresee` };
    const cron = j.expression ? parseCron(j.expression) : null;
    if (!cron) return { quiet: false, never: true, reason: `${nameOf(j)} has a CRON expression Fulcrum cannot read ("${j.expression ?? ''}")` };
    for (const at of fireTimes(cron, nowMs, nowMs + horizon + windowMs, offset)) fires.push({ at, job: j });
    if (j.nextTriggerTime !== null && j.nextTriggerTime >= nowMs && j.nextTriggerTime <= nowMs + windowMs && (!soon || j.nextTriggerTime < soon.at)) soon = { at: j.nextTriggerTime, job: j };
  }
  fires.sort((a, b) => a.at - b.at);
  const due = fires.find((f) => f.at <= nowMs + windowMs);
  if (!due && !soon) return { quiet: true };
  const first = due && (!soon || due.at <= soon.at) ? due : soon!;
  // a window opens just after some fire when the next one is more than windowMs later
  const opens = fires.length === 0 || fires.some((f, i) => f.at <= nowMs + horizon && (fires[i + 1]?.at ?? Infinity) - f.at > windowMs + 1000);
  const when = new Date(first.at + offset).toISOString().slice(11, 19);
  if (!opens) {
    return { quiet: false, never: true, reason: `${nameOf(first.job)} (CRON "${first.job.expression}") leaves no ${seconds(windowMs)} without a run, the time its workers need to follow a move` };
  }
  return { quiet: false, never: false, reason: `${nameOf(first.job)} runs at ${when}, before its workers can have followed a move (${seconds(windowMs)})` };
}

/** An app a move would take now, as busyApps reads it: its name, where it is, how many live workers must follow. */
export interface MovableApp {
  name: string;
  server: string | null;
  workers: number;
}

/** Why an app is not moved now: it waits for a quiet window (`never` false), or has none (`never` true). */
export interface BusyApp {
  appId: number;
  app: string;
  server: string | null;
  never: boolean;
  reason: string;
}

/**
 * The apps of `appIds` that may not move now because a run of theirs would fall between the move
 * and the moment the new owner holds every worker's heartbeat (Fulcrum's own collection does not
 * count: PowerJob dispatches on heartbeats, powerjob.md §3). One rule for every mover: a rollout's
 * forward moves, a drain's and a restore's. The window is the time the app's workers need to follow
 * at `accuratePercentage` (lib/domain/convergence.ts); an app with no workers counts as one.
 */
export function busyApps(input: {
  appIds: Iterable<number>;
  apps: ReadonlyMap<number, MovableApp>;
  schedules: ReadonlyMap<number, readonly JobSchedule[]>;
  nowMs: number;
  accuratePercentage: number;
  utcOffsetMs: number;
}): BusyApp[] {
  const out: BusyApp[] = [];
  for (const id of input.appIds) {
    const app = input.apps.get(id);
    const jobs = input.schedules.get(id) ?? [];
    const windowMs = convergenceWindowMs(Math.max(1, app?.workers ?? 0), input.accuratePercentage, { ...POWERJOB_TIMINGS, collectMs: 0 });
    // no bound at all (an accurate percentage of 0: workers never follow a move): an app with a timed job is never quiet
    // (reading its fire times up to an unbounded window never ended: found by the unit test)
    const verdict: QuietVerdict =
      windowMs !== null
        ? quietWindow(jobs, input.nowMs, windowMs, { utcOffsetMs: input.utcOffsetMs })
        : jobs.some((j) => j.type !== TIME_EXPRESSION.api && j.type !== TIME_EXPRESSION.workflow)
          ? { quiet: false, never: true, reason: `its workers do not follow a move at an accurate percentage of ${input.accuratePercentage} %` }
          : { quiet: true };
    if (!verdict.quiet) out.push({ appId: id, app: app?.name ?? `app ${id}`, server: app?.server ?? null, never: verdict.never, reason: verdict.reason });
  }
  return out;
}

/** The zone's offset from UTC at `atMs`, in ms (Asia/Shanghai: 8 h), from the platform's time-zone data. */
export function utcOffsetMs(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(atMs / 1000) * 1000;
}
