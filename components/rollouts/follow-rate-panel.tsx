'use client';
// How fast the workers of moved apps followed (GET /api/rollouts/follow-rate): the measured
// accurate percentage, the windows moves are given, and the advice to set PowerJob's
// oms.accurate.select.server.percentage to 100 when that would shorten moves.
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { useApi } from '@/lib/hooks/use-api';
import { useFormat } from '@/components/ui/use-format';
import type { FollowRate } from '@/lib/api/schemas';

export function FollowRatePanel() {
  const t = useTranslations('followRate');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const { data, error } = useApi<FollowRate>('/api/rollouts/follow-rate', 30_000);
  if (error && !data) return <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p>;
  if (!data) return null;
  const seconds = (ms: number | null) => (ms === null ? t('never') : fmt.duration(ms / 1000));
  const m = data.measured;
  return (
    <section aria-labelledby="follow-rate-title" className="follow-rate">
      <h2 id="follow-rate-title">{t('title')}</h2>
      {m ? (
        <p>{t('measured', { percentage: fmt.num(m.percentage), lower: fmt.num(m.lower), upper: fmt.num(m.upper), moves: m.moves, arrivals: m.arrivals })}</p>
      ) : (
        <p>{t('notYet', { moves: data.evidenceNeeded.moves, arrivals: data.evidenceNeeded.arrivals, window: fmt.duration(data.lookBackHours * 3600) })}</p>
      )}
      {data.converged ? <p>{t('converged', { moves: data.converged.moves, p50: seconds(data.converged.p50Ms), p95: seconds(data.converged.p95Ms) })}</p> : null}
      <p>
        {t('window', { percentage: fmt.num(data.windowPercentage), window: seconds(data.window10WorkersMs) })}{' '}
        {m ? t('windowMeasured') : t(`assumed.${data.assumed.source}`, { percentage: data.assumed.percentage })}
      </p>
      {data.advice ? (
        <p role="note" className="advice">
          {t(`advice.${data.advice.kind}`, { workers: data.advice.workers, measured: seconds(data.advice.measuredMs), at100: seconds(data.advice.at100Ms), percentage: m ? fmt.num(m.percentage) : '' })}
        </p>
      ) : null}
    </section>
  );
}
