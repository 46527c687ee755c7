// The steps of a rollout in order: done, current (with when a timed pause ends) and next.
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import type { RolloutSummaryView } from './types';

export function StepTimeline({ rollout, now }: { rollout: RolloutSummaryView; now: number }) {
  const t = useTranslations('rollout');
  const fmt = useFormat();
  const started = rollout.state !== 'draft';
  const ends = rollout.pauseEndsAt ? Date.parse(rollout.pauseEndsAt) : null;
  const finished = rollout.state === 'completed' || rollout.state === 'balancing';
  return (
    <ol className="timeline" aria-label={t('stepsLabel')}>
      {rollout.steps.map((s, i) => {
        const done = finished || (started && rollout.state !== 'aborted' && i < rollout.step);
        const current = started && !finished && rollout.state !== 'aborted' && i === rollout.step;
        return (
          <li key={i} aria-current={current ? 'step' : undefined} data-state={done ? 'done' : current ? 'current' : 'next'}>
            <strong>{t('step', { n: i + 1, percent: s.percent })}</strong> {'manual' in s.pause ? t('pauseManual') : t('pauseTimed', { duration: fmt.duration(s.pause.seconds) })}
            {done ? t('done') : null}
            {current ? (
              <>
                {' — '}
                <em>{rollout.state === 'paused' ? t('herePaused') : t('here')}</em>
                {ends && rollout.state === 'running' ? t('movesOnIn', { duration: fmt.duration(Math.max(0, Math.ceil((ends - now) / 1000))), at: fmt.when(ends) }) : null}
              </>
            ) : null}
            {!done && !current && started && i === rollout.step + 1 && rollout.state !== 'aborted' ? t('next') : null}
          </li>
        );
      })}
    </ol>
  );
}
