'use client';
// One server's last hour: apps owned and workers connected per sample; gaps where no sample exists.
import { useTranslations } from 'next-intl';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '@/components/ui/use-format';

export interface ServerSeriesPoint {
  t: number;
  apps: number | null;
  workers: number | null;
}

export function ServerSeriesChart({ points }: { points: ServerSeriesPoint[] }) {
  const t = useTranslations('charts');
  const fmt = useFormat();
  return (
    <figure className="chart" aria-label={t('seriesFigure')}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => fmt.tick(v)} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis yAxisId="apps" tick={{ fill: 'var(--muted)', fontSize: 12 }} allowDecimals={false} />
          <YAxis yAxisId="workers" orientation="right" tick={{ fill: 'var(--muted)', fontSize: 12 }} allowDecimals={false} />
          <Tooltip labelFormatter={(v) => fmt.when(Number(v))} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          <Legend />
          <Line yAxisId="apps" dataKey="apps" name={t('appsOwned')} stroke="var(--accent)" dot={false} connectNulls={false} isAnimationActive={false} />
          <Line yAxisId="workers" dataKey="workers" name={t('workersConnected')} stroke="var(--warn)" dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
