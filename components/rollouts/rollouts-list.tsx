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
import { DataTable, type Column } from '@/components/ui/data-table';

export function RolloutsList() {
  const t = useTranslations('rolloutsList');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const { data, error } = useApi<{ rollouts: RolloutSummaryView[] }>('/api/rollouts');
  const { data: delivery } = useDelivery();
  if (error && !data) return <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p>;
  if (!data) return <p aria-busy="true" className="placeholder">{c('loading')}</p>;
  const columns: Column<RolloutSummaryView>[] = [
    { key: 'name', label: t('name'), rowHeader: true, cell: (r) => <Link href={`/rollouts/${r.id}`}>{r.name}</Link> },
    { key: 'state', label: t('state'), cell: (r) => <StatusBadge status={r.state} /> },
    { key: 'candidate', label: t('candidate'), cell: (r) => r.candidate.kind },
    { key: 'step', label: t('step'), cell: (r) => (r.state === 'draft' ? t('notStarted') : t('stepOf', { step: r.step + 1, steps: r.steps.length })) },
    { key: 'percent', label: t('percent'), numeric: true, cell: (r) => `${r.percent}%` },
    { key: 'deliveredBy', label: t('deliveredBy'), cell: (r) => <RolloutDelivery delivery={delivery} rolloutId={r.id} /> },
    { key: 'created', label: t('created'), cell: (r) => fmt.when(r.createdAt) },
  ];
  return (
    <>
      <DataTable
        columns={columns}
        rows={data.rollouts}
        rowKey={(r) => r.id}
        caption={t('caption', { count: data.rollouts.length })}
        empty={
          <EmptyState title={t('emptyTitle')}>
            <p>{t('emptyText')}</p>
          </EmptyState>
        }
      />
      {delivery ? <DeliveryChannels delivery={delivery} /> : null}
    </>
  );
}
