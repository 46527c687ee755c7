// The console's formatters in components (client or server), in the operator's language and time zone.
import { useLocale, useTimeZone } from 'next-intl';
import { formattersOf } from '@/lib/i18n/formatters';

export function useFormat() {
  return formattersOf({ locale: useLocale(), timeZone: useTimeZone() ?? 'UTC' });
}
