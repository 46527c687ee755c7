import { describe, expect, it } from 'vitest';
import { fireTimes, firesAt, nextFireTime, parseCron } from './cron.ts';

const at = (iso: string) => Date.parse(iso);
const times = (expr: string, from: string, to: string, offset = 0) => fireTimes(parseCron(expr)!, at(from), at(to), offset).map((t) => new Date(t).toISOString().slice(0, 19));

describe('parseCron (Quartz, as PowerJob reads it)', () => {
  it('reads every-n-seconds, lists, ranges and steps', () => {
    expect(times('*/15 * * * * ?', '2026-12-01T10:00:00Z', '2026-12-01T10:00:59Z')).toEqual(['2026-12-01T10:00:00', '2026-12-01T10:00:15', '2026-12-01T10:00:30', '2026-12-01T10:00:45']);
    expect(times('5/20 * * * * ?', '2026-12-01T10:00:00Z', '2026-12-01T10:00:59Z')).toEqual(['2026-12-01T10:00:05', '2026-12-01T10:00:25', '2026-12-01T10:00:45']);
    expect(times('0 0,30 9-10 * * ?', '2026-12-01T08:00:00Z', '2026-12-01T12:00:00Z')).toEqual(['2026-12-01T09:00:00', '2026-12-01T09:30:00', '2026-12-01T10:00:00', '2026-12-01T10:30:00']);
    expect(times('0 10-40/15 * * * ?', '2026-12-01T10:00:00Z', '2026-12-01T10:59:59Z')).toEqual(['2026-12-01T10:10:00', '2026-12-01T10:25:00', '2026-12-01T10:40:00']);
  });

  it('reads day-of-week (1 = Sunday) and names, day-of-month, months and years', () => {
    // 2026-12-06 is a Sunday
    expect(times('0 0 12 ? * 1', '2026-12-01T00:00:00Z', '2026-12-14T00:00:00Z')).toEqual(['2026-12-06T12:00:00', '2026-12-13T12:00:00']);
    expect(times('0 0 12 ? * MON-FRI', '2026-12-05T00:00:00Z', '2026-12-08T23:00:00Z')).toEqual(['2026-12-07T12:00:00', '2026-12-08T12:00:00']);
    expect(times('0 0 0 1 JAN,jul ? *', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-01-01T00:00:00', '2026-07-01T00:00:00', '2027-01-01T00:00:00']);
    expect(times('0 0 0 1 JAN,jul ?', '2026-01-01T00:00:00Z', '2026-12-31T23:59:59Z')).toEqual(['2026-01-01T00:00:00', '2026-07-01T00:00:00']);
    expect(firesAt(parseCron('0 0 0 1 1 ? 2027')!, at('2026-01-01T00:00:00Z'))).toBe(false);
    expect(firesAt(parseCron('0 0 0 1 1 ? 2027')!, at('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('reads the hour in the servers’ zone: 02:00 in Shanghai is 18:00 UTC', () => {
    expect(times('0 0 2 * * ?', '2026-12-01T00:00:00Z', '2026-12-01T23:59:59Z', 8 * 3600_000)).toEqual(['2026-12-01T18:00:00']);
  });

  it('refuses what it cannot read: L, W, #, both day fields, bad ranges, wrong field counts', () => {
    for (const bad of ['0 0 12 L * ?', '0 0 12 15W * ?', '0 0 12 ? * 6#3', '0 0 12 1 * 2', '0 0 12 ? * ?', '60 * * * * ?', '0 5-1 * * * ?', '*/0 * * * * ?', '* * * * *', '0 0 12 * * ? 2026 x', 'a * * * * ?', '1-2-3 * * * * ?'])
      expect(parseCron(bad), bad).toBeNull();
  });
});

describe('nextFireTime', () => {
  it('answers the first fire time strictly after the instant, or null within the bound', () => {
    const c = parseCron('0 0 12 ? * MON')!;
    // 2026-12-01 is a Tuesday: the next Monday noon is 2026-12-07
    expect(new Date(nextFireTime(c, at('2026-12-01T00:00:00Z'))!).toISOString()).toBe('2026-12-07T12:00:00.000Z');
    expect(nextFireTime(c, at('2026-12-07T12:00:00Z'))).toBe(at('2026-12-14T12:00:00Z'));
    expect(nextFireTime(c, at('2026-12-01T00:00:00Z'), 86_400_000)).toBeNull();
    expect(nextFireTime(parseCron('*/5 * * * * ?')!, at('2026-12-01T00:00:03Z'))).toBe(at('2026-12-01T00:00:05Z'));
  });
});
