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

/** The colour schemes an operator may choose; `system` follows the operating system's setting. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
/** the operator's choice of colour scheme, kept like the language */
export const THEME_COOKIE = 'fulcrum-theme';

export function isTheme(v: unknown): v is Theme {
  return typeof v === 'string' && (THEMES as readonly string[]).includes(v);
}

/** What an operator chose, as stored on the user or kept in the browser's cookies (null or absent: not chosen). */
export interface Preferences {
  locale?: string | null;
  timeZone?: string | null;
  theme?: string | null;
}

/**
 * A request's language, time zone and colour scheme: the signed-in user's own choice (so it
 * follows them to any browser), else this browser's cookie (the sign-in page, or before a choice),
 * else the browser's Accept-Language for the language, UTC and the system's scheme. A stored value
 * that is no longer valid counts as not chosen.
 */
export function resolvePreferences(user: Preferences | null | undefined, cookies: Preferences, acceptLanguage: string | null | undefined): { locale: Locale; timeZone: string; theme: Theme } {
  const pick = <T>(valid: (v: unknown) => v is T, ...values: unknown[]): T | undefined => values.find(valid) as T | undefined;
  const zone = (v: unknown): v is string => typeof v === 'string' && validTimeZone(v) === v;
  return {
    locale: pick(isLocale, user?.locale, cookies.locale) ?? negotiateLocale(acceptLanguage),
    timeZone: pick(zone, user?.timeZone, cookies.timeZone) ?? DEFAULT_TIME_ZONE,
    theme: pick(isTheme, user?.theme, cookies.theme) ?? 'system',
  };
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
