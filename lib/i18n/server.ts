// The console's language, time zone and colour scheme for a request, and its formatters in server
// components, in the request's language and time zone.
import { getLocale, getTimeZone } from 'next-intl/server';
import { formattersOf } from './formatters.ts';
import { LOCALE_COOKIE, resolvePreferences, THEME_COOKIE, TIME_ZONE_COOKIE } from './config.ts';
import { principalOf } from '../api/principal.ts';

/** The signed-in user's choices (from the principal the gate set), else the cookies, else the defaults. */
export function requestPreferences(headers: Headers, jar: { get(name: string): { value: string } | undefined }) {
  const cookies = { locale: jar.get(LOCALE_COOKIE)?.value, timeZone: jar.get(TIME_ZONE_COOKIE)?.value, theme: jar.get(THEME_COOKIE)?.value };
  return resolvePreferences(principalOf(headers)?.preferences, cookies, headers.get('accept-language'));
}

export async function getFormat() {
  return formattersOf({ locale: await getLocale(), timeZone: await getTimeZone() });
}
