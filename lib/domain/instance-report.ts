// What happened to a PowerJob app's scheduled runs over a time window, read from PowerJob's own
// instance_info: every expected CRON slot that ran once and succeeded, failed, never ran (lost) or
// ran twice (duplicated). The yardstick for "a move costs no job run" (docs/powerjob.md).

/** PowerJob's InstanceStatus codes (tech.powerjob.common.enums.InstanceStatus) */
export const INSTANCE_STATUS = { waitingDispatch: 1, waitingWorkerReceive: 2, running: 3, failed: 4, succeed: 5, canceled: 9, stopped: 10 } as const;

export interface InstanceRow {
  jobId: number;
  appId: number;
  status: number;
  /** ms since the epoch: the slot the instance was scheduled for */
  expectedTriggerTime: number | null;
  result: string | null;
}

/** A CRON job firing every `periodMs`, aligned to the epoch (`*\/15 * * * * ?` is 15,000 ms) */
export interface PeriodicJob {
  jobId: number;
  appId: number;
  periodMs: number;
}

export interface SlotProblem {
  jobId: number;
  appId: number;
  /** the slot's expected trigger time, ms */
  at: number;
  detail: string;
}

export interface InstanceReport {
  /** slots that fell in the window, over every job */
  expected: number;
  succeeded: number;
  failed: SlotProblem[];
  lost: SlotProblem[];
  duplicated: SlotProblem[];
}

/**
 * Every slot `t` with `from < t <= to` of each job, against the instances that name it. A slot with
 * no instance is lost; with more than one, duplicated; a failed or canceled one counts as failed.
 * `to` should lie far enough behind now that every slot up to it has fired (PowerJob's time wheel
 * looks 30 s ahead, and a loaded server fires seconds late).
 */
export function instanceReport(jobs: readonly PeriodicJob[], rows: readonly InstanceRow[], from: number, to: number): InstanceReport {
  const report: InstanceReport = { expected: 0, succeeded: 0, failed: [], lost: [], duplicated: [] };
  const bySlot = new Map<string, InstanceRow[]>();
  for (const r of rows) {
    if (r.expectedTriggerTime === null) continue;
    const key = `${r.jobId}@${r.expectedTriggerTime}`;
    const list = bySlot.get(key) ?? [];
    list.push(r);
    bySlot.set(key, list);
  }
  for (const job of jobs) {
    if (!(job.periodMs > 0)) throw new Error(`job ${job.jobId}: period must be positive, got ${job.periodMs}`);
    for (let t = Math.floor(from / job.periodMs) * job.periodMs + job.periodMs; t <= to; t += job.periodMs) {
      report.expected++;
      const got = bySlot.get(`${job.jobId}@${t}`) ?? [];
      const slot = { jobId: job.jobId, appId: job.appId, at: t };
      if (got.length === 0) {
        report.lost.push({ ...slot, detail: 'no instance' });
        continue;
      }
      if (got.length > 1) report.duplicated.push({ ...slot, detail: `${got.length} instances` });
      const bad = got.filter((r) => r.status === INSTANCE_STATUS.failed || r.status === INSTANCE_STATUS.canceled || r.status === INSTANCE_STATUS.stopped);
      if (bad.length) report.failed.push({ ...slot, detail: bad.map((r) => r.result ?? `status ${r.status}`).join('; ') });
      else if (got.some((r) => r.status === INSTANCE_STATUS.succeed)) report.succeeded++;
    }
  }
  return report;
}

/** The period of a CRON expression of the form `*\/N * * * * ?` (every N seconds), or null. */
export function everyNSeconds(cron: string): number | null {
  const m = /^\*\/(\d+) \* \* \* \* \?$/.exec(cron.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 && 60 % n === 0 ? n * 1000 : null;
}
