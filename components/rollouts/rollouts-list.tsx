'use client';
// Every rollout with its state and step, refreshed every 5 s.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { useApi } from '@/lib/hooks/use-api';
import { StatusBadge } from '@/components/ui/status-badge';
import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/use-format';
import { useDelivery } from '@/lib/hooks/use-delivery';
import { DeliveryChannels, RolloutDelivery } from './delivery-channels';
import type { RolloutSummaryView } from './types';

export function RolloutsList() {
  const t = useTranslations('rolloutsList');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const { data, error } = useApi<{ rollouts: RolloutSummaryView[] }>('/api/rollouts');
  const { data: delivery } = useDelivery();
  if (error && !data) return <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p>;
  if (!data) return <p aria-busy="true" className="placeholder">{c('loading')}</p>;
  if (data.rollouts.length === 0)
    return (
      <>
        <EmptyState title={t('emptyTitle')}>
          <p>{t('emptyText')}</p>
        </EmptyState>
        {delivery ? <DeliveryChannels delivery={delivery} /> : null}
      </>
    );
  return (
    <>
    <div className="table-box">
      <table>
        <caption>{t('caption', { count: data.rollouts.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('candidate')}</th>
            <th scope="col">{t('step')}</th>
            <th scope="col" className="num">{t('percent')}</th>
            <th scope="col">{t('deliveredBy')}</th>
            <th scope="col">{t('created')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rollouts.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link href={`/rollouts/${r.id}`}>{r.name}</Link>
              </th>
              <td>
                <StatusBadge status={r.state} />
              </td>
              <td>{r.candidate.kind}</td>
              <td>{r.state === 'draft' ? t('notStarted') : t('stepOf', { step: r.step + 1, steps: r.steps.length })}</td>
              <td className="num">{r.percent}%</td>
              <td>
                <RolloutDelivery delivery={delivery} rolloutId={r.id} />
              </td>
              <td>{fmt.when(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    {delivery ? <DeliveryChannels delivery={delivery} /> : null}
    </>
  );
}
