// Formatting helpers shared by client components (useFormatter) and server pages (getFormatter):
// one date format with its time zone, fixed-digit numbers, percentages and localized durations.
import { DATE, DAY_AND_HOUR, durationUnit, TIME, TIME_OF_DAY } from './config.ts';

/**
 * `locale` and `timeZone` are next-intl's for the request. A date and time is always the locale's
 * date, the time to the second on a 24-hour clock, and the zone's short name, in that order
 * ("Dec 2, 2026 09:36:47 GMT+8", "2026年12月2日 09:36:47 GMT+8").
 */
export function formattersOf({ locale, timeZone }: { locale: string; timeZone: string }) {
  const date = new Intl.DateTimeFormat(locale, { ...DATE, timeZone });
  const time = new Intl.DateTimeFormat(locale, { ...TIME, timeZone });
  const zone = (d: Date) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const f = {
    dateTime: (v: Date | number, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(v),
    number: (v: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(v),
  };
  return {
    /** the one date format of the console, with the time zone; `empty` for no date */
    when: (at: string | number | Date | null | undefined, empty = '—') => {
      if (at === null || at === undefined) return empty;
      const d = at instanceof Date ? at : new Date(at);
      return Number.isNaN(d.getTime()) ? empty : `${date.format(d)} ${time.format(d)} ${zone(d)}`;
    },
    /** axis ticks over a span of `spanMs`: day and hour past two days, the time to the second under 15 minutes, else hours and minutes */
    tick: (t: number, spanMs = 3_600_000) => f.dateTime(t, spanMs > 2 * 86_400_000 ? DAY_AND_HOUR : spanMs < 15 * 60_000 ? TIME : TIME_OF_DAY),
    /** a figure with exactly `digits` decimals */
    fixed: (v: number, digits = 2) => f.number(v, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    num: (v: number) => f.number(v),
    /** a share in [0, 1] as a whole percentage (`digits` decimals at most, for small shares) */
    percent: (share: number, digits = 0) => f.number(share, { style: 'percent', maximumFractionDigits: digits }),
    /** seconds as a localized duration (45 s, 2 min, 1.5 h, 3 days) */
    duration: (seconds: number) => {
      const { value, unit } = durationUnit(seconds);
      return f.number(value, { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short', maximumFractionDigits: 1 });
    },
  };
}

export type Formatters = ReturnType<typeof formattersOf>;
