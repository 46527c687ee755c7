'use client';
// The delivery channels (assignment API, ZooKeeper, DNS) with their state, and, per rollout, which
// channels deliver it and what each has reached. Data from useDelivery; nothing fetched here.
import { useTranslations } from 'next-intl';
import { StatusBadge } from '@/components/ui/status-badge';
import type { DeliveryView } from '@/lib/hooks/use-delivery';

export function DeliveryChannels({ delivery }: { delivery: DeliveryView }) {
  const t = useTranslations('delivery');
  return (
    <div className="table-box">
      <table>
        <caption>{t('caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('channel')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('target')}</th>
            <th scope="col">{t('reachedCol')}</th>
          </tr>
        </thead>
        <tbody>
          {delivery.channels.map((c) => (
            <tr key={c.channel}>
              <th scope="row">{t(`names.${c.channel}`)}</th>
              <td>
                <StatusBadge status={c.state} />
                {c.reason ? <span className="note"> {t('reason', { reason: c.reason, seconds: Math.ceil((c.retryInMs ?? 0) / 1000) })}</span> : null}
              </td>
              <td>
                <code>{c.target}</code>
              </td>
              <td className="num">{t(`total.${c.channel}`, { count: c.reached.total })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">{t('takesEffect')}</p>
    </div>
  );
}

/** What each channel has reached for one rollout, as a short list for the rollouts table. */
export function RolloutDelivery({ delivery, rolloutId }: { delivery: DeliveryView | undefined; rolloutId: string }) {
  const t = useTranslations('delivery');
  if (!delivery) return null;
  const moves = delivery.moves[rolloutId];
  const parts = delivery.channels.map((c) => t(`reached.${c.channel}`, { count: c.reached.byRollout[rolloutId] ?? 0 }));
  if (moves?.enabled) parts.unshift(t('reached.moves', { verified: moves.verified, open: moves.open }));
  return <>{parts.join(' · ')}</>;
}
