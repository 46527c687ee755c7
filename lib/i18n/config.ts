// The console's languages, how a request's language and time zone are chosen, and the one date
// format every page uses (with its time zone). Pure: the request module and the tests call it.
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** the operator's choice of language, kept a year in the browser */
export const LOCALE_COOKIE = 'fulcrum-locale';
/** the operator's choice of time zone (an IANA name); UTC when unset */
export const TIME_ZONE_COOKIE = 'fulcrum-tz';
export const DEFAULT_TIME_ZONE = 'UTC';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * The language for an Accept-Language header: the first listed (by q) that is Chinese gives
 * zh-CN, English gives en; none of them (or no header) gives English.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: (tag ?? '').trim().toLowerCase(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (r.tag === 'zh' || r.tag.startsWith('zh-')) return 'zh-CN';
    if (r.tag === 'en' || r.tag.startsWith('en-')) return 'en';
  }
  return DEFAULT_LOCALE;
}

/** The time zone a cookie names, when the runtime knows it; else UTC. */
export function validTimeZone(v: string | null | undefined): string {
  if (!v) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return v;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** The one date-and-time format of the console: the day (month named, so never ambiguous), the time to the second, then the zone. */
export const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
export const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
/** Chart axes: the time of day only (the axis caption names the zone). */
export const TIME_OF_DAY: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
/** Chart axes over days. */
export const DAY_AND_HOUR: Intl.DateTimeFormatOptions = { month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' };

/** A duration in seconds as the value and unit to format it in (Intl's unit style localizes it). */
export function durationUnit(seconds: number): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  const s = Math.abs(seconds);
  if (s < 120) return { value: Math.round(seconds), unit: 'second' };
  if (s < 7200) return { value: Math.round((seconds / 60) * 10) / 10, unit: 'minute' };
  if (s < 172_800) return { value: Math.round((seconds / 3600) * 10) / 10, unit: 'hour' };
  return { value: Math.round((seconds / 86_400) * 10) / 10, unit: 'day' };
}
