import { describe, expect, it } from 'vitest';
import { isTimeZone, movesAllowed, nextOpening, openUntil, parseWindow, parseWindows, type MoveWindow } from './move-windows.ts';

function windows(...texts: string[]): MoveWindow[] {
  const { windows: w, errors } = parseWindows(texts);
  expect(errors).toEqual([]);
  return w;
}
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('parseWindow', () => {
  it('reads days, ranges, lists and daily', () => {
    const days = (t: string) => {
      const r = parseWindow(t);
      if (!r.ok) throw new Error(r.error.message);
      return [...r.window.days].sort();
    };
    expect(days('Mon-Fri 01:00-05:00')).toEqual([1, 2, 3, 4, 5]);
    expect(days('sat,SUN 00:00-24:00')).toEqual([0, 6]);
    expect(days('Fri-Mon 22:00-02:00')).toEqual([0, 1, 5, 6]); // wraps the week
    expect(days('Mon,Wed-Thu 01:00-02:00')).toEqual([1, 3, 4]);
    expect(days('daily 1:00-2:30')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(days('* 00:00-24:00')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const r = parseWindow('  Mon 22:00 - 02:00 ');
    expect(r.ok && [r.window.start, r.window.end, r.window.text]).toEqual([22 * 60, 2 * 60, 'Mon 22:00 - 02:00']);
  });

  it('says what is wrong with each refused window', () => {
    const key = (t: string) => {
      const r = parseWindow(t);
      return r.ok ? 'ok' : r.error.key;
    };
    expect(key('Mon-Fri')).toBe('moveWindowFormat');
    expect(key('01:00-05:00')).toBe('moveWindowFormat');
    expect(key('')).toBe('moveWindowFormat');
    expect(key('Mun 01:00-05:00')).toBe('moveWindowDays');
    expect(key('Mon-Fry 01:00-05:00')).toBe('moveWindowDays');
    expect(key('Mon-Tue-Wed 01:00-05:00')).toBe('moveWindowDays');
    expect(key('Mon 25:00-05:00')).toBe('moveWindowTime');
    expect(key('Mon 01:60-05:00')).toBe('moveWindowTime');
    expect(key('Mon 01:00-24:30')).toBe('moveWindowTime');
    expect(key('Mon 24:00-05:00')).toBe('moveWindowTime');
    expect(key('Mon 03:00-03:00')).toBe('moveWindowEmpty');
    const bad = parseWindow('Mun 01:00-05:00');
    expect(!bad.ok && bad.error.message).toMatch(/"mun" is not a day/);
  });

  it('parses a list, with an error per refused window by its index', () => {
    const { windows: w, errors } = parseWindows(['Mon-Fri 01:00-05:00', 'Sun 1-2', 'Sat 02:00-02:00']);
    expect(w.map((x) => x.text)).toEqual(['Mon-Fri 01:00-05:00']);
    expect(errors.map((e) => [e.index, e.error.key])).toEqual([
      [1, 'moveWindowFormat'],
      [2, 'moveWindowEmpty'],
    ]);
  });
});

describe('isTimeZone', () => {
  it('knows IANA zones and refuses the rest', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('movesAllowed and nextOpening', () => {
  const weekNights = windows('Mon-Fri 01:00-05:00');

  it('opens inside the window, in the chosen zone, and says when it opens next', () => {
    // Wednesday 2026-12-02; Shanghai is UTC+8 all year
    expect(movesAllowed(weekNights, 'Asia/Shanghai', at('2026-12-01T17:00:00Z'))).toBe(true); // Wed 01:00 local: the start is inside
    expect(movesAllowed(weekNights, 'Asia/Shanghai', at('2026-12-01T20:59:59Z'))).toBe(true); // Wed 04:59:59
    expect(movesAllowed(weekNights, 'Asia/Shanghai', at('2026-12-01T21:00:00Z'))).toBe(false); // Wed 05:00: the end is outside
    expect(movesAllowed(weekNights, 'Asia/Shanghai', at('2026-12-01T16:59:59Z'))).toBe(false);
    expect(movesAllowed(weekNights, 'UTC', at('2026-12-01T17:00:00Z'))).toBe(false); // Tue 17:00 in UTC
    expect(iso(nextOpening(weekNights, 'Asia/Shanghai', at('2026-12-02T06:00:00Z')))).toBe('2026-12-02T17:00:00.000Z'); // Thu 01:00 local
    const now = at('2026-12-01T18:00:00Z');
    expect(nextOpening(weekNights, 'Asia/Shanghai', now)).toBe(now);
    expect(iso(openUntil(weekNights, 'Asia/Shanghai', now))).toBe('2026-12-01T21:00:00.000Z');
    expect(openUntil(weekNights, 'Asia/Shanghai', at('2026-12-02T06:00:00Z'))).toBeNull();
  });

  it('wraps the week: after Friday night the next opening is Monday', () => {
    // Friday 2026-12-04 06:00 in Shanghai
    expect(iso(nextOpening(weekNights, 'Asia/Shanghai', at('2026-12-03T22:00:00Z')))).toBe('2026-12-06T17:00:00.000Z'); // Mon 2026-12-07 01:00 local
    expect(iso(nextOpening(windows('Sun 23:00-23:30'), 'UTC', at('2026-12-07T00:00:00Z')))).toBe('2026-12-13T23:00:00.000Z'); // Monday → next Sunday
    expect(iso(nextOpening(windows('Mon 00:00-01:00'), 'UTC', at('2026-12-07T01:00:00Z')))).toBe('2026-12-14T00:00:00.000Z'); // just closed: a week later
  });

  it('a window crossing midnight belongs to the day it starts', () => {
    const friNight = windows('Fri 22:00-02:00');
    expect(movesAllowed(friNight, 'UTC', at('2026-12-04T22:00:00Z'))).toBe(true); // Fri 22:00
    expect(movesAllowed(friNight, 'UTC', at('2026-12-05T01:59:00Z'))).toBe(true); // Sat 01:59
    expect(movesAllowed(friNight, 'UTC', at('2026-12-05T02:00:00Z'))).toBe(false);
    expect(movesAllowed(friNight, 'UTC', at('2026-12-04T01:00:00Z'))).toBe(false); // Fri 01:00: Thursday has no window
    expect(iso(openUntil(friNight, 'UTC', at('2026-12-04T23:00:00Z')))).toBe('2026-12-05T02:00:00.000Z');
    // Sunday night into Monday, across the week's end
    const sunNight = windows('Sun 23:00-01:00');
    expect(movesAllowed(sunNight, 'UTC', at('2026-12-07T00:30:00Z'))).toBe(true); // Mon 00:30
    expect(iso(nextOpening(sunNight, 'UTC', at('2026-12-07T01:00:00Z')))).toBe('2026-12-13T23:00:00.000Z');
  });

  it('joins windows that touch, and any of several windows opens', () => {
    const both = windows('Mon 22:00-24:00', 'Tue 00:00-03:00', 'Sat,Sun 10:00-12:00');
    expect(movesAllowed(both, 'UTC', at('2026-11-30T23:59:00Z'))).toBe(true);
    expect(movesAllowed(both, 'UTC', at('2026-12-01T00:00:00Z'))).toBe(true);
    expect(iso(openUntil(both, 'UTC', at('2026-11-30T22:30:00Z')))).toBe('2026-12-01T03:00:00.000Z');
    expect(movesAllowed(both, 'UTC', at('2026-12-05T11:00:00Z'))).toBe(true); // Saturday
    expect(iso(nextOpening(both, 'UTC', at('2026-12-01T03:00:00Z')))).toBe('2026-12-05T10:00:00.000Z');
  });

  it('always open: every day all day never closes; no window never opens', () => {
    const always = windows('daily 00:00-24:00');
    expect(movesAllowed(always, 'Europe/Berlin', at('2026-03-29T01:30:00Z'))).toBe(true);
    expect(openUntil(always, 'Europe/Berlin', at('2026-03-29T01:30:00Z'))).toBeNull();
    expect(movesAllowed([], 'UTC', at('2026-12-01T00:00:00Z'))).toBe(false);
    expect(nextOpening([], 'UTC', at('2026-12-01T00:00:00Z'))).toBeNull();
  });

  describe('DST changes (Europe/Berlin: 2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00)', () => {
    const tz = 'Europe/Berlin';

    it('spring: a window keeps its wall-clock hours, one hour shorter across the change', () => {
      const night = windows('Sun 01:00-05:00');
      // Sun 01:00 CET = 00:00Z; 05:00 CEST = 03:00Z: three real hours
      expect(iso(nextOpening(night, tz, at('2026-03-28T12:00:00Z')))).toBe('2026-03-29T00:00:00.000Z');
      expect(iso(openUntil(night, tz, at('2026-03-29T00:30:00Z')))).toBe('2026-03-29T03:00:00.000Z');
      expect(movesAllowed(night, tz, at('2026-03-29T02:59:59Z'))).toBe(true); // 04:59:59 CEST
      expect(movesAllowed(night, tz, at('2026-03-29T03:00:00Z'))).toBe(false);
    });

    it('spring: a window starting in the skipped hour opens when the clocks jump', () => {
      const skipped = windows('Sun 02:30-04:00');
      // 02:30 does not exist that night: the wall clock reads 03:00 CEST at 01:00Z
      expect(iso(nextOpening(skipped, tz, at('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
      expect(movesAllowed(skipped, tz, at('2026-03-29T00:59:59Z'))).toBe(false); // 01:59:59 CET
      // a week later it is an ordinary 02:30 CEST
      expect(iso(nextOpening(skipped, tz, at('2026-03-29T02:00:00Z')))).toBe('2026-04-05T00:30:00.000Z');
    });

    it('spring: a window wholly inside the skipped hour does not open that night', () => {
      const gone = windows('Sun 02:00-03:00');
      expect(iso(nextOpening(gone, tz, at('2026-03-28T12:00:00Z')))).toBe('2026-04-05T00:00:00.000Z');
    });

    it('autumn: the repeated hour is inside twice, the window one hour longer', () => {
      const night = windows('Sun 01:00-05:00');
      // Sun 01:00 CEST = 23:00Z Saturday; 05:00 CET = 04:00Z: five real hours
      expect(iso(nextOpening(night, tz, at('2026-10-24T12:00:00Z')))).toBe('2026-10-24T23:00:00.000Z');
      expect(iso(openUntil(night, tz, at('2026-10-24T23:30:00Z')))).toBe('2026-10-25T04:00:00.000Z');
      expect(movesAllowed(night, tz, at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
      expect(movesAllowed(night, tz, at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET, the second time
    });

    it('autumn: a window starting in the repeated hour opens at its first occurrence', () => {
      const repeated = windows('Sun 02:30-02:45');
      expect(iso(nextOpening(repeated, tz, at('2026-10-24T12:00:00Z')))).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
      // and again at the second 02:30 (CET), which is inside by the wall clock
      expect(iso(nextOpening(repeated, tz, at('2026-10-25T00:45:00Z')))).toBe('2026-10-25T01:30:00.000Z');
    });

    it('a window crossing midnight on the night of a change', () => {
      const late = windows('Sat 23:00-04:00');
      // Sat 23:00 CET = 22:00Z, Sun 04:00 CEST = 02:00Z
      expect(iso(nextOpening(late, tz, at('2026-03-28T12:00:00Z')))).toBe('2026-03-28T22:00:00.000Z');
      expect(iso(openUntil(late, tz, at('2026-03-28T23:00:00Z')))).toBe('2026-03-29T02:00:00.000Z');
    });
  });

  it('zones with a half-hour offset and southern-hemisphere DST', () => {
    // India: UTC+5:30, no DST
    expect(iso(nextOpening(windows('daily 02:00-03:00'), 'Asia/Kolkata', at('2026-12-01T00:00:00Z')))).toBe('2026-12-01T20:30:00.000Z');
    // Sydney: DST ends 2026-04-05 03:00 AEDT → 02:00 AEST
    const sydney = windows('Sun 01:00-04:00');
    expect(iso(nextOpening(sydney, 'Australia/Sydney', at('2026-04-04T00:00:00Z')))).toBe('2026-04-04T14:00:00.000Z'); // 01:00 AEDT
    expect(iso(openUntil(sydney, 'Australia/Sydney', at('2026-04-04T14:30:00Z')))).toBe('2026-04-04T18:00:00.000Z'); // 04:00 AEST
  });
});
