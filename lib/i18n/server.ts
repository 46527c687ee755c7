// The console's formatters in server components, in the request's language and time zone.
import { getFormatter } from 'next-intl/server';
import { formattersOf } from './formatters.ts';

export async function getFormat() {
  return formattersOf(await getFormatter());
}
