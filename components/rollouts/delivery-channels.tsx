'use client';
// The delivery channels (assignment API, ZooKeeper, DNS) with their state, and, per rollout, which
// channels deliver it and what each has reached. Data from useDelivery; nothing fetched here.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { StatusBadge } from '@/components/ui/status-badge';
import { useWorkerAnswer, type DeliveryView } from '@/lib/hooks/use-delivery';

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
      <AskAsWorker />
    </div>
  );
}

/** "What is a worker told?": the assignment API's answer for one worker, shaped for its version. */
function AskAsWorker() {
  const t = useTranslations('delivery');
  const loadText = useLoadErrorText();
  const [query, setQuery] = useState<{ app: string; worker: string; version: string } | null>(null);
  const { data, error } = useWorkerAnswer(query);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setQuery({ app: String(f.get('app') ?? '').trim(), worker: String(f.get('worker') ?? '').trim(), version: String(f.get('version') ?? '').trim() });
  }
  return (
    <section aria-label={t('askTitle')}>
      <h3>{t('askTitle')}</h3>
      <form onSubmit={submit}>
        <label>
          {t('askApp')} <input name="app" required />
        </label>{' '}
        <label>
          {t('askWorker')} <input name="worker" required placeholder="10.0.0.7:27777" />
        </label>{' '}
        <label>
          {t('askVersion')} <input name="version" placeholder="5.1.1" />
        </label>{' '}
        <button type="submit">{t('ask')}</button>
      </form>
      {error && query ? (
        <p role="alert" className="error">
          {loadText(error)}
        </p>
      ) : null}
      {data && query ? (
        <dl aria-label={t('answerLabel')}>
          <dt>{t('answerServers')}</dt>
          <dd>
            <code>{data.servers.join(',')}</code>
          </dd>
          <dt>{t('answerStrategy')}</dt>
          <dd>{data.rollout ? t('answerRollout', { kind: data.strategy.kind, id: data.rollout.id, inCohort: String(data.rollout.inCohort) }) : data.strategy.kind}</dd>
          <dt>{t('answerShapedFor')}</dt>
          <dd>{t(`shaped.${data.delivery.shapedFor}`)}</dd>
          <dt>{t('answerTakesEffect')}</dt>
          <dd>{t('nextStart')}</dd>
        </dl>
      ) : null}
    </section>
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
