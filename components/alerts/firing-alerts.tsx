'use client';
// The firing alerts, for the Overview: nothing when none fire.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useAlertInstances } from '@/lib/hooks/use-alerts';
import { useFormat } from '@/components/ui/use-format';

export function FiringAlerts() {
  const t = useTranslations('alerts');
  const c = useTranslations('common');
  const fmt = useFormat();
  const { data } = useAlertInstances('firing');
  const firing = data?.alerts ?? [];
  if (firing.length === 0) return null;
  return (
    <section className="error firing-alerts" aria-label={t('firingTitle')} role="region">
      <strong>
        <span className="badge firing">{c('status.firing')}</span> {t('firingCount', { count: firing.length })}
      </strong>
      <ul>
        {firing.map((a) => (
          <li key={`${a.ruleId}-${a.key}`}>
            {t('firingItem', {
              rule: a.ruleName,
              labels: a.key !== 'cluster' ? ` (${Object.values(a.labels).join(', ')})` : '',
              value: a.value === null ? c('noData') : a.value.toFixed(3),
              since: fmt.when(a.since),
            })}
          </li>
        ))}
      </ul>
      <Link href="/alerts">{t('openAlerts')}</Link>
    </section>
  );
}
