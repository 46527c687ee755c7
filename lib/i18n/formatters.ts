// Formatting helpers shared by client components (useFormatter) and server pages (getFormatter):
// one date format with its time zone, fixed-digit numbers, percentages and localized durations.
import { DATE_TIME, DAY_AND_HOUR, durationUnit, TIME_OF_DAY } from './config.ts';

interface Formatter {
  dateTime(value: Date | number, options?: Intl.DateTimeFormatOptions): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

export function formattersOf(f: Formatter) {
  return {
    /** the one date format of the console, with the time zone; `empty` for no date */
    when: (at: string | number | Date | null | undefined, empty = '—') => {
      if (at === null || at === undefined) return empty;
      const d = at instanceof Date ? at : new Date(at);
      return Number.isNaN(d.getTime()) ? empty : f.dateTime(d, DATE_TIME);
    },
    /** axis ticks: time of day, or day and hour over days */
    tick: (t: number, days = false) => f.dateTime(t, days ? DAY_AND_HOUR : TIME_OF_DAY),
    /** a figure with exactly `digits` decimals */
    fixed: (v: number, digits = 2) => f.number(v, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    num: (v: number) => f.number(v),
    /** a share in [0, 1] as a whole percentage */
    percent: (share: number) => f.number(share, { style: 'percent', maximumFractionDigits: 0 }),
    /** seconds as a localized duration (45 s, 2 min, 1.5 h, 3 days) */
    duration: (seconds: number) => {
      const { value, unit } = durationUnit(seconds);
      return f.number(value, { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short', maximumFractionDigits: 1 });
    },
  };
}

export type Formatters = ReturnType<typeof formattersOf>;
