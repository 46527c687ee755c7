import { describe, expect, it } from 'vitest';
import { busyApps, quietWindow, utcOffsetMs, type JobSchedule } from './quiet-window.ts';

const t = (iso: string) => Date.parse(iso);
const cron = (expression: string, jobId = 1, nextTriggerTime: number | null = null): JobSchedule => ({ jobId, jobName: `job-${jobId}`, type: 2, expression, nextTriggerTime });

describe('quietWindow', () => {
  it('is quiet when no CRON run falls between now and the end of the window', () => {
    // once a minute at :00; at 10:00:05 a 40 s window ends at 10:00:45
    expect(quietWindow([cron('0 * * * * ?')], t('2026-12-01T10:00:05Z'), 40_000)).toEqual({ quiet: true });
  });

  it('is not quiet now, but will be, when a run falls in the window and gaps long enough exist', () => {
    const v = quietWindow([cron('0 * * * * ?')], t('2026-12-01T10:00:30Z'), 40_000);
    expect(v).toEqual({ quiet: false, never: false, reason: 'job "job-1" runs at 10:01:00, before its workers can have followed a move (40 s)' });
  });

  it('is never quiet when the runs leave no gap of the window (PowerJob’s 50 % path with 2 workers: 110 s)', () => {
    const v = quietWindow([cron('*/15 * * * * ?')], t('2026-12-01T10:00:01Z'), 110_000);
    expect(v).toMatchObject({ quiet: false, never: true });
    expect((v as { reason: string }).reason).toBe('job "job-1" (CRON "*/15 * * * * ?") leaves no 110 s without a run, the time its workers need to follow a move');
  });

  it('judges every CRON job of the app together: two schedules that each leave gaps may leave none between them', () => {
    const a = cron('0 0/2 * * * ?', 1);
    const b = cron('0 1/2 * * * ?', 2);
    expect(quietWindow([a], t('2026-12-01T10:00:01Z'), 90_000)).toEqual({ quiet: true });
    expect(quietWindow([a, b], t('2026-12-01T10:00:01Z'), 90_000)).toMatchObject({ quiet: false, never: true });
  });

  it('takes next_trigger_time as a run too (a schedule read in another zone still shows there)', () => {
    const now = t('2026-12-01T10:00:05Z');
    expect(quietWindow([cron('0 0 3 * * ?', 1, now + 20_000)], now, 40_000)).toMatchObject({ quiet: false, never: false, reason: expect.stringContaining('runs at 10:00:25') });
  });

  it('frequent jobs: an interval within the window is never quiet; a longer one is not judged', () => {
    const rate: JobSchedule = { jobId: 3, jobName: 'rate', type: 3, expression: '10000', nextTriggerTime: null };
    expect(quietWindow([rate], 0, 40_000)).toEqual({ quiet: false, never: true, reason: 'job "rate" (FIXED_RATE) runs every 10 s, more often than its workers can follow a move (40 s)' });
    expect(quietWindow([{ ...rate, type: 4, expression: '600000' }], 0, 40_000)).toEqual({ quiet: true });
    expect(quietWindow([{ ...rate, expression: 'x' }], 0, 40_000)).toMatchObject({ quiet: false, never: true });
  });

  it('API and workflow jobs are not judged; a schedule it cannot foresee is named', () => {
    expect(quietWindow([{ jobId: 1, jobName: 'api', type: 1, expression: null, nextTriggerTime: null }, { jobId: 2, jobName: 'wf', type: 5, expression: null, nextTriggerTime: null }], 0, 40_000)).toEqual({ quiet: true });
    expect(quietWindow([{ jobId: 4, jobName: 'daily', type: 11, expression: '{}', nextTriggerTime: null }], 0, 40_000)).toEqual({ quiet: false, never: true, reason: 'job "daily" has a DAILY_TIME_INTERVAL schedule, whose runs Fulcrum cannot foresee' });
    expect(quietWindow([cron('0 0 12 L * ?')], 0, 40_000)).toMatchObject({ quiet: false, never: true, reason: 'job "job-1" has a CRON expression Fulcrum cannot read ("0 0 12 L * ?")' });
  });

  it('an app with no enabled job is always quiet', () => {
    expect(quietWindow([], 0, 600_000)).toEqual({ quiet: true });
  });

  it('reads the hour of a CRON in the servers’ zone', () => {
    // 02:00 in Shanghai is 18:00 UTC: a window from 17:59:30 UTC holds it, one from 01:59:30 UTC does not
    const job = cron('0 0 2 * * ?');
    const sh = utcOffsetMs('Asia/Shanghai', t('2026-12-01T12:00:00Z'));
    expect(sh).toBe(8 * 3600_000);
    expect(quietWindow([job], t('2026-12-01T17:59:30Z'), 40_000, { utcOffsetMs: sh })).toMatchObject({ quiet: false, never: false });
    expect(quietWindow([job], t('2026-12-01T01:59:30Z'), 40_000, { utcOffsetMs: sh })).toEqual({ quiet: true });
    expect(quietWindow([job], t('2026-12-01T01:59:30Z'), 40_000)).toMatchObject({ quiet: false });
  });
});

describe('utcOffsetMs', () => {
  it('follows daylight saving time where the zone has it', () => {
    expect(utcOffsetMs('UTC', Date.now())).toBe(0);
    expect(utcOffsetMs('Europe/Berlin', t('2026-01-15T12:00:00Z'))).toBe(3600_000);
    expect(utcOffsetMs('Europe/Berlin', t('2026-07-15T12:00:00Z'))).toBe(7200_000);
  });
});

describe('busyApps (rollouts, drains and restores alike)', () => {
  const now = t('2026-12-01T10:00:30Z');
  const apps = new Map([
    [1, { name: 'app-1', server: 'a:7700', workers: 1 }],
    [2, { name: 'app-2', server: 'a:7700', workers: 2 }],
    [3, { name: 'app-3', server: 'b:7700', workers: 1 }],
  ]);

  it('names the apps whose run falls before their workers can follow, saying whether a window ever opens', () => {
    const schedules = new Map([
      // once a minute at :00: the run at 10:01:00 falls inside the window now; later ones leave gaps
      [1, [cron('0 * * * * ?')]],
      // every 5 s: never quiet
      [2, [cron('*/5 * * * * ?')]],
      // once an hour at :30:00: quiet now
      [3, [cron('0 30 * * * ?')]],
    ]);
    const busy = busyApps({ appIds: [1, 2, 3], apps, schedules, nowMs: now, accuratePercentage: 100, utcOffsetMs: 0 });
    expect(busy.map((b) => [b.appId, b.app, b.server, b.never])).toEqual([
      [1, 'app-1', 'a:7700', false],
      [2, 'app-2', 'a:7700', true],
    ]);
    expect(busy[0]!.reason).toMatch(/^job "job-1" runs at 10:01:00, before its workers can have followed a move \(\d+ s\)$/);
  });

  it('gives an app with more workers, or a lower accurate percentage, a longer window', () => {
    // one run at 10:02:00: at 100 % one worker follows within the first rounds; at 50 % two workers need longer than 90 s
    const schedules = new Map([[1, [cron('0 2 10 * * ?')]], [2, [cron('0 2 10 * * ?')]]]);
    expect(busyApps({ appIds: [1], apps, schedules, nowMs: now, accuratePercentage: 100, utcOffsetMs: 0 })).toEqual([]);
    expect(busyApps({ appIds: [2], apps, schedules, nowMs: now, accuratePercentage: 50, utcOffsetMs: 0 }).map((b) => [b.appId, b.never])).toEqual([[2, false]]);
  });

  it('holds nothing for apps without timed jobs, and every app when no worker can follow (0 %)', () => {
    expect(busyApps({ appIds: [1, 3], apps, schedules: new Map(), nowMs: now, accuratePercentage: 50, utcOffsetMs: 0 })).toEqual([]);
    const schedules = new Map([[1, [cron('0 30 * * * ?')]]]);
    expect(busyApps({ appIds: [1], apps, schedules, nowMs: now, accuratePercentage: 0, utcOffsetMs: 0 }).map((b) => b.never)).toEqual([true]);
  });
});
