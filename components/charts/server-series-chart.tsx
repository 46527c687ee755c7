'use client';
// One server's last hour: apps owned and workers connected per sample; gaps where no sample exists.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ServerSeriesPoint {
  t: number;
  apps: number | null;
  workers: number | null;
}

export function ServerSeriesChart({ points }: { points: ServerSeriesPoint[] }) {
  return (
    <figure className="chart" aria-label="Apps owned and workers connected over the last hour">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t) => new Date(t).toISOString().slice(11, 16)} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis yAxisId="apps" tick={{ fill: 'var(--muted)', fontSize: 12 }} allowDecimals={false} />
          <YAxis yAxisId="workers" orientation="right" tick={{ fill: 'var(--muted)', fontSize: 12 }} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => `${new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 19)} UTC`} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          <Legend />
          <Line yAxisId="apps" dataKey="apps" name="apps owned" stroke="var(--accent)" dot={false} connectNulls={false} isAnimationActive={false} />
          <Line yAxisId="workers" dataKey="workers" name="workers connected" stroke="var(--warn)" dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
