'use client';
// Max/mean of the cohort's apps against the control group's over time, with the whole cluster
// beside them (before the rollout and now), and a marker at every step.
import { useTranslations } from 'next-intl';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '@/components/ui/use-format';

export interface CohortPoint {
  t: number;
  cohort: number | null;
  control: number | null;
  cluster: number | null;
}

export interface StepMarker {
  t: number;
  label: string;
}

export function CohortChart({ points, markers }: { points: CohortPoint[]; markers: StepMarker[] }) {
  const t = useTranslations('charts');
  const c = useTranslations('common');
  const fmt = useFormat();
  const last = points[points.length - 1];
  const before = points.find((p) => p.cluster !== null)?.cluster ?? null;
  const span = points.length > 1 ? points[points.length - 1]!.t - points[0]!.t : 0;
  const two = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));
  return (
    <figure className="chart" aria-label={t('cohortFigure')}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={(v: number) => fmt.tick(v, span)} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis tick={{ fill: 'var(--muted)', fontSize: 12 }} domain={[1, 'auto']} />
          <Tooltip labelFormatter={(v) => fmt.when(Number(v))} formatter={(v, name) => [v === null ? c('noData') : fmt.fixed(Number(v), 3), name]} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          <Legend />
          {markers.map((m, i) => (
            <ReferenceLine key={`${m.t}-${i}`} x={m.t} stroke="var(--muted)" strokeDasharray="2 2" label={{ value: m.label, fill: 'var(--muted)', fontSize: 11, position: 'insideTopLeft' }} />
          ))}
          <Line dataKey="cluster" name={t('cluster')} stroke="var(--ok)" strokeWidth={3} dot={false} connectNulls={false} isAnimationActive={false} />
          <Line dataKey="cohort" name={t('cohort')} stroke="var(--accent)" dot={false} connectNulls={false} isAnimationActive={false} />
          <Line dataKey="control" name={t('control')} stroke="var(--warn, #c90)" strokeDasharray="4 2" dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="note">
        {t('cohortCaption')}{' '}
        {last ? (
          <>
            {t('latest', { cluster: two(last.cluster), cohort: two(last.cohort), control: two(last.control) })}{' '}
            {before !== null ? t('beforeAfter', { before: two(before), now: two(last.cluster) }) : null}
          </>
        ) : (
          t('noSamples')
        )}
        {markers.length ? ` ${t('markers', { list: markers.map((m) => `${fmt.tick(m.t, span)} ${m.label}`).join('; ') })}` : ''}
      </figcaption>
    </figure>
  );
}
