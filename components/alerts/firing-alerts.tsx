'use client';
// The firing alerts, for the Overview: nothing when none fire.
import Link from 'next/link';
import { useAlertInstances } from '@/lib/hooks/use-alerts';

export function FiringAlerts() {
  const { data } = useAlertInstances('firing');
  const firing = data?.alerts ?? [];
  if (firing.length === 0) return null;
  return (
    <section className="error" aria-label="Firing alerts" role="region">
      <strong>
        {firing.length} alert{firing.length === 1 ? '' : 's'} firing
      </strong>
      <ul>
        {firing.map((a) => (
          <li key={`${a.ruleId}-${a.key}`}>
            {a.ruleName}
            {a.key !== 'cluster' ? ` (${Object.values(a.labels).join(', ')})` : ''}: {a.value === null ? 'no data' : a.value.toFixed(3)} since {a.since.slice(11, 19)} UTC
          </li>
        ))}
      </ul>
      <Link href="/alerts">Alerts</Link>
    </section>
  );
}
