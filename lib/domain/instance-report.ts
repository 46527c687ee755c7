// What happened to a PowerJob app's scheduled runs over a time window, read from PowerJob's own
// instance_info: every expected CRON slot that ran once and succeeded, failed, never ran (lost) or
// ran twice (duplicated). The yardstick for "a move costs no job run" (docs/powerjob.md).
import { fireTimes, parseCron } from './cron.ts';

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

/** A CRON job: its slots are the expression's fire times (lib/domain/cron.ts), in the servers' zone */
export interface CronJob {
  jobId: number;
  appId: number;
  cron: string;
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
export function instanceReport(jobs: readonly CronJob[], rows: readonly InstanceRow[], from: number, to: number, utcOffsetMs = 0): InstanceReport {
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
    const cron = parseCron(job.cron);
    if (!cron) throw new Error(`job ${job.jobId}: cannot read the CRON expression "${job.cron}"`);
    for (const t of fireTimes(cron, from + 1, to, utcOffsetMs)) {
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
