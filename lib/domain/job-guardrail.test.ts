import { describe, expect, it } from 'vitest';
import { INSTANCE_STATUS as S, type InstanceRow } from './instance-report.ts';
import { excessBadRuns, firstInstances, jobFailureVerdict, runCounts } from './job-guardrail.ts';

const row = (jobId: number, t: number, status: number = S.succeed): InstanceRow => ({ jobId, appId: 1, status, expectedTriggerTime: t, result: null });

describe('runCounts', () => {
  it('counts CRON slots once (failed and lost are bad) and other jobs’ instances (failed, canceled, stopped are bad)', () => {
    const cron = [{ jobId: 1, appId: 1, cron: '*/15 * * * * ?' }];
    // slots 15, 30, 45, 60 s: 30 failed, 45 lost; job 2 (FIXED_RATE) ran 3 times, once stopped
    const rows = [row(1, 15_000), row(1, 30_000, S.failed), row(1, 60_000), row(2, 10_000), row(2, 20_000, S.stopped), row(2, 30_000), row(2, 70_000)];
    expect(runCounts(cron, rows, 0, 60_000, firstInstances(rows))).toEqual({ runs: 7, bad: 3 });
  });

  it('counts a CRON job’s slots only from its first instance: a job created (or cleaned) recently has no lost runs before it', () => {
    const cron = [{ jobId: 1, appId: 1, cron: '*/15 * * * * ?' }];
    const rows = [row(1, 45_000), row(1, 60_000)];
    expect(firstInstances(rows)).toEqual(new Map([[1, 45_000]]));
    expect(runCounts(cron, rows, 0, 60_000, firstInstances(rows))).toEqual({ runs: 2, bad: 0 });
    // no instance of it at all: nothing known, nothing counted
    expect(runCounts(cron, [], 0, 60_000, new Map())).toEqual({ runs: 0, bad: 0 });
  });
});

describe('jobFailureVerdict', () => {
  it('fires for an app with at least one bad run more than its own rate predicts, naming it', () => {
    const apps = [
      { appId: 1, name: 'orders', before: { runs: 40, bad: 0 }, after: { runs: 8, bad: 2 } },
      // fails a quarter of its runs anyway: 1 of 4 after the move is about its usual (10 of 40 + 10 good: 20 %)
      { appId: 2, name: 'flaky', before: { runs: 40, bad: 10 }, after: { runs: 4, bad: 1 } },
      { appId: 3, name: 'quiet', before: { runs: 40, bad: 0 }, after: { runs: 8, bad: 0 } },
    ];
    expect(excessBadRuns(apps[1]!)).toBeCloseTo(0.2, 10);
    expect(jobFailureVerdict(apps)).toEqual({
      apps: ['orders'],
      reason: 'guardrail: jobs of moved apps fail: orders 2 of 8 runs failed or lost since its move (before: 0 of 40)',
      // the same reason as a code, said in the reader's language (lib/domain/rollout-texts.ts)
      text: { code: 'guardrail-jobs', params: { apps: [{ code: 'job-app-failing', params: { app: 'orders', bad: 2, runs: 8, beforeBad: 0, beforeRuns: 40 } }] } },
    });
  });

  it('does not fire on the app’s own failure rate, nor with no runs after the move', () => {
    expect(jobFailureVerdict([{ appId: 2, name: 'flaky', before: { runs: 30, bad: 15 }, after: { runs: 2, bad: 1 } }])).toBeNull();
    expect(jobFailureVerdict([{ appId: 3, name: 'idle', before: { runs: 0, bad: 0 }, after: { runs: 0, bad: 0 } }])).toBeNull();
  });

  it('an app with no runs before counts every bad run after as excess', () => {
    expect(jobFailureVerdict([{ appId: 4, name: 'new', before: { runs: 0, bad: 0 }, after: { runs: 3, bad: 1 } }])?.apps).toEqual(['new']);
  });

  it('a few bad runs before the move (a cluster just started) do not make every bad run after it usual', () => {
    // 1 of 1 failed before: taken as 1 of 11, so 4 of 4 failing after is 3.6 more than usual
    const a = { appId: 5, name: 'young', before: { runs: 1, bad: 1 }, after: { runs: 4, bad: 4 } };
    expect(excessBadRuns(a)).toBeCloseTo(4 - 4 / 11, 10);
    expect(jobFailureVerdict([a])?.apps).toEqual(['young']);
  });

  it('names the five worst and counts the rest', () => {
    const apps = Array.from({ length: 7 }, (_, i) => ({ appId: i, name: `app-${i}`, before: { runs: 10, bad: 0 }, after: { runs: 10, bad: i + 1 } }));
    const v = jobFailureVerdict(apps)!;
    expect(v.apps).toEqual(['app-6', 'app-5', 'app-4', 'app-3', 'app-2', 'app-1', 'app-0']);
    expect(v.reason).toMatch(/^guardrail: jobs of moved apps fail: app-6 7 of 10 .*; and 2 more$/);
  });
});
