// The emulated servers' job scheduling against PowerJob's documented timings (15 s schedule loop,
// 30 s look-ahead, dispatch only with a live heartbeat, a stopped server's wheel lost, re-dispatch
// after 30 s), on a manual clock.
import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { drawJobs, JobScheduler, type EmulatedJob } from './scheduler.ts';
import { parseCron } from '../domain/cron.ts';
import { INSTANCE_STATUS as S } from '../domain/instance-report.ts';
import { seeded } from '../domain/random.ts';

const T0 = Date.parse('2026-12-01T10:00:00Z');

function cluster() {
  const clock = manualClock(T0);
  const state = {
    owner: 'A' as string | null,
    running: new Set(['A', 'B']),
    /** server -> last heartbeat time of the app's worker */
    heartbeats: new Map<string, number>([['A', T0]]),
  };
  return {
    clock,
    state,
    servers: () => ['A', 'B'].map((webAddress) => ({ webAddress, running: state.running.has(webAddress) })),
    ownerOf: () => state.owner,
    hasLiveWorker: (server: string, _appId: number, now: number) => now - (state.heartbeats.get(server) ?? -Infinity) <= 60_000,
  };
}

const every15: EmulatedJob = { jobId: 1, appId: 7, jobName: 'app-07-cron', type: 2, expression: '*/15 * * * * ?', nextTriggerTime: T0 + 15_000, cron: parseCron('*/15 * * * * ?') };

describe('JobScheduler', () => {
  it('puts the owner’s runs due within 30 s into its wheel at each 15 s loop, and runs them on a worker it holds', () => {
    const c = cluster();
    const job = { ...every15 };
    const s = new JobScheduler(c, [job]);
    s.start();
    // the loop at T0 took the runs at +15 s and +30 s, and moved next_trigger_time past them
    expect(s.instanceRows([7], T0, T0 + 60_000).map((r) => [r.expectedTriggerTime! - T0, r.status])).toEqual([[15_000, S.waitingDispatch], [30_000, S.waitingDispatch]]);
    expect(job.nextTriggerTime).toBe(T0 + 45_000);
    c.clock.advance(15_000);
    expect(s.instanceRows([7], T0, T0 + 60_000).map((r) => [r.expectedTriggerTime! - T0, r.status])).toEqual([[15_000, S.succeed], [30_000, S.waitingDispatch], [45_000, S.waitingDispatch]]);
    c.state.heartbeats.set('A', T0 + 60_000);
    c.clock.advance(60_000);
    expect(s.outcomes(T0, T0 + 75_000).get(7)).toEqual({ succeeded: 5, failed: 0, waiting: 0 });
    s.stop();
  });

  it('a move: the old owner fires what its wheel holds; the new owner fails "no worker available" until it holds a heartbeat', () => {
    const c = cluster();
    c.state.heartbeats.set('A', T0 + 600_000); // A keeps hearing the worker for now
    const s = new JobScheduler(c, [{ ...every15 }]);
    s.start();
    c.clock.advance(20_000); // the loop at +15 s pushed +45 s into A's wheel
    c.state.owner = 'B';
    c.clock.advance(40_000); // B's loop at +30 s and +45 s pushes +60 s and +75 s; +45 s fires on A
    c.clock.advance(20_000); // +80 s: +60 s and +75 s fired on B, which has no heartbeat
    c.state.heartbeats.set('B', T0 + 80_000);
    c.clock.advance(20_000); // +90 s fires on B, with the heartbeat
    const rows = s.instanceRows([7], T0, T0 + 90_000).map((r) => [(r.expectedTriggerTime! - T0) / 1000, r.status, r.result]);
    expect(rows).toEqual([
      [15, S.succeed, 'ok'],
      [30, S.succeed, 'ok'],
      [45, S.succeed, 'ok'],
      [60, S.failed, 'no worker available'],
      [75, S.failed, 'no worker available'],
      [90, S.succeed, 'ok'],
    ]);
    s.stop();
  });

  it('a stopped server’s wheel is lost; the new owner re-dispatches runs left waiting for more than 30 s', () => {
    const c = cluster();
    c.state.heartbeats.set('A', T0 + 600_000);
    c.state.heartbeats.set('B', T0 + 600_000);
    const s = new JobScheduler(c, [{ ...every15 }]);
    s.start();
    c.clock.advance(1_000);
    c.state.running.delete('A'); // A dies with +15 s and +30 s in its wheel
    c.clock.advance(20_000);
    expect(s.outcomes(T0, T0 + 21_000).get(7)).toEqual({ succeeded: 0, failed: 0, waiting: 1 });
    c.state.owner = 'B'; // re-elected
    c.clock.advance(60_000);
    const rows = s.instanceRows([7], T0, T0 + 30_000);
    expect(rows.map((r) => r.status)).toEqual([S.succeed, S.succeed]);
    expect(s.outcomes(T0, T0 + 75_000).get(7)).toMatchObject({ failed: 0, waiting: 0 });
    s.stop();
  });

  it('answers job_info as Fulcrum reads it, and draws one job per app from the given periods', () => {
    const c = cluster();
    const s = new JobScheduler(c, [{ ...every15 }]);
    expect(s.jobSchedules([7, 8])).toEqual(new Map([[7, [{ jobId: 1, jobName: 'app-07-cron', type: 2, expression: '*/15 * * * * ?', nextTriggerTime: T0 + 15_000 }]]]));
    const jobs = drawJobs([1, 2, 3, 4, 5, 6, 7, 8], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], seeded(3), T0, { periodsSeconds: [60, 3600], fixedRateShare: 0.25 });
    expect(jobs).toHaveLength(8);
    for (const j of jobs) {
      if (j.type === 3) expect(j.expression).toBe('10000');
      else {
        expect(j.cron, j.expression ?? '').not.toBeNull();
        expect(j.nextTriggerTime! > T0 && j.nextTriggerTime! <= T0 + 3_601_000).toBe(true);
      }
    }
  });
});
