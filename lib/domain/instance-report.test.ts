import { describe, expect, it } from 'vitest';
import { INSTANCE_STATUS as S, instanceReport, type InstanceRow } from './instance-report.ts';

const job = { jobId: 7, appId: 3, cron: '*/15 * * * * ?' };
const row = (t: number, status: number = S.succeed, result: string | null = null): InstanceRow => ({ jobId: 7, appId: 3, status, expectedTriggerTime: t, result });

describe('instanceReport', () => {
  it('counts the slots in (from, to] and those that succeeded', () => {
    const r = instanceReport([job], [row(15_000), row(30_000), row(45_000)], 0, 45_000);
    expect(r).toEqual({ expected: 3, succeeded: 3, failed: [], lost: [], duplicated: [] });
  });

  it('excludes the slot at `from` and includes the one at `to`', () => {
    const r = instanceReport([job], [row(15_000), row(30_000)], 15_000, 30_000);
    expect(r.expected).toBe(1);
    expect(r.succeeded).toBe(1);
  });

  it('reports a slot with no instance as lost, two as duplicated, a failed one with its result', () => {
    const rows = [row(15_000), row(30_000), row(30_000), row(60_000, S.failed, 'no worker available')];
    const r = instanceReport([job], rows, 0, 60_000);
    expect(r.expected).toBe(4);
    expect(r.lost).toEqual([{ jobId: 7, appId: 3, at: 45_000, detail: 'no instance' }]);
    expect(r.duplicated).toEqual([{ jobId: 7, appId: 3, at: 30_000, detail: '2 instances' }]);
    expect(r.failed).toEqual([{ jobId: 7, appId: 3, at: 60_000, detail: 'no worker available' }]);
    expect(r.succeeded).toBe(2);
  });

  it('ignores other jobs’ rows and rows without a slot, and counts a running slot as neither', () => {
    const rows: InstanceRow[] = [{ ...row(15_000), jobId: 8 }, { ...row(15_000), expectedTriggerTime: null }, row(15_000, S.running)];
    const r = instanceReport([job], rows, 0, 15_000);
    expect(r).toEqual({ expected: 1, succeeded: 0, failed: [], lost: [], duplicated: [] });
  });

  it('takes any CRON PowerJob reads: once a minute at :00 has one slot a minute', () => {
    const minutely = { ...job, cron: '0 * * * * ?' };
    const r = instanceReport([minutely], [row(60_000), row(180_000, S.failed, 'no worker available')], 0, 180_000);
    expect([r.expected, r.succeeded, r.lost.map((l) => l.at), r.failed.map((f) => f.at)]).toEqual([3, 1, [120_000], [180_000]]);
  });

  it('refuses a CRON expression it cannot read', () => {
    expect(() => instanceReport([{ ...job, cron: '0 0 12 L * ?' }], [], 0, 1)).toThrow(/cannot read/);
  });
});
