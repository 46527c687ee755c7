// The job-failure guardrail: the runs of apps a rollout moved, before and after their move, from
// PowerJob's instance_info. A move that costs runs shows as failed or lost runs above the app's own
// rate before the move; the rollout then pauses (or aborts), naming the apps.
import { INSTANCE_STATUS, instanceReport, type CronJob, type InstanceRow } from './instance-report.ts';
import type { RolloutText } from './rollout-texts.ts';

export interface RunCounts {
  /** runs expected (CRON slots) or recorded (other instances) in the window */
  runs: number;
  /** failed, canceled or stopped runs, and CRON slots with no instance (lost) */
  bad: number;
}

export interface MovedAppRuns {
  appId: number;
  name: string;
  before: RunCounts;
  after: RunCounts;
}

/**
 * The app's runs in (from, to]: each CRON slot once (failed and lost count as bad, lib/domain/instance-report.ts),
 * and every instance of its other jobs (failed, canceled or stopped count as bad). A CRON job's
 * slots count only from `since` on (the first instance PowerJob holds of it, which the caller reads
 * over a range wider than this one): slots before a job existed, or before instance_info was
 * cleaned, are not lost runs. A job with no `since` has no slots counted.
 */
export function runCounts(cronJobs: readonly CronJob[], rows: readonly InstanceRow[], from: number, to: number, since: ReadonlyMap<number, number>, utcOffsetMs = 0): RunCounts {
  let report = { expected: 0, failed: [] as unknown[], lost: [] as unknown[] };
  for (const job of cronJobs) {
    const first = since.get(job.jobId);
    if (first === undefined) continue;
    const r = instanceReport([job], rows, Math.max(from, first - 1), to, utcOffsetMs);
    report = { expected: report.expected + r.expected, failed: [...report.failed, ...r.failed], lost: [...report.lost, ...r.lost] };
  }
  const cronIds = new Set(cronJobs.map((j) => j.jobId));
  const BAD: readonly number[] = [INSTANCE_STATUS.failed, INSTANCE_STATUS.canceled, INSTANCE_STATUS.stopped];
  const others = rows.filter((r) => !cronIds.has(r.jobId) && r.expectedTriggerTime !== null && r.expectedTriggerTime > from && r.expectedTriggerTime <= to);
  return {
    runs: report.expected + others.length,
    bad: report.failed.length + report.lost.length + others.filter((r) => BAD.includes(r.status)).length,
  };
}

/**
 * The runs before a move are taken with PRIOR_GOOD_RUNS good runs added: an app with few runs before
 * its move (a cluster just started, whose first runs failed for want of workers) is not taken to
 * fail them all, and one that fails a quarter of 40 runs keeps about its rate.
 */
export const PRIOR_GOOD_RUNS = 10;

/** How many more bad runs than the app's own rate before the move predicts for its runs after it. */
export function excessBadRuns(a: Pick<MovedAppRuns, 'before' | 'after'>): number {
  const rate = a.before.bad / (a.before.runs + PRIOR_GOOD_RUNS);
  return a.after.bad - rate * a.after.runs;
}

/**
 * Fires when some moved app had at least one bad run more after its move than its rate before
 * predicts. The reason names the apps, worst first, with their figures.
 */
/** Each job's first instance (its earliest expected trigger time) among `rows`: where its slots start counting. */
export function firstInstances(rows: readonly InstanceRow[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) if (r.expectedTriggerTime !== null && r.expectedTriggerTime < (out.get(r.jobId) ?? Infinity)) out.set(r.jobId, r.expectedTriggerTime);
  return out;
}

export function jobFailureVerdict(apps: readonly MovedAppRuns[]): { reason: string; text: RolloutText; apps: string[] } | null {
  const worse = apps.filter((a) => excessBadRuns(a) >= 1).sort((a, b) => excessBadRuns(b) - excessBadRuns(a));
  if (worse.length === 0) return null;
  const top = worse.slice(0, 5);
  const shown = top.map((a) => `${a.name} ${a.after.bad} of ${a.after.runs} runs failed or lost since its move (before: ${a.before.bad} of ${a.before.runs})`);
  const named: RolloutText[] = top.map((a) => ({ code: 'job-app-failing', params: { app: a.name, bad: a.after.bad, runs: a.after.runs, beforeBad: a.before.bad, beforeRuns: a.before.runs } }));
  const more = worse.length - top.length;
  return {
    apps: worse.map((a) => a.name),
    reason: `guardrail: jobs of moved apps fail: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    text: more > 0 ? { code: 'guardrail-jobs-more', params: { apps: named, more } } : { code: 'guardrail-jobs', params: { apps: named } },
  };
}
