// The console's formatters in server components, in the request's language and time zone.
import { getLocale, getTimeZone } from 'next-intl/server';
import { formattersOf } from './formatters.ts';

export async function getFormat() {
  return formattersOf({ locale: await getLocale(), timeZone: await getTimeZone() });
}
