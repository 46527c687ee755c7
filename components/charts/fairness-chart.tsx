'use client';
// A fairness figure over time; gaps where no data exists; vertical markers for events.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartDomain } from '@/lib/domain/series';

export interface FairnessPoint {
  t: number;
  value: number | null;
}

export interface FairnessMarker {
  t: number;
  kind: string;
  label: string;
}

const time = (t: number) => new Date(t).toISOString().slice(11, 16);

/** `floor`: the figure's lower limit (1 for max/mean, 0 for the others), where the y axis may start at the lowest. */
export function FairnessChart({ points, markers, metricLabel, spanDays, floor = 0 }: { points: FairnessPoint[]; markers: FairnessMarker[]; metricLabel: string; spanDays: boolean; floor?: number }) {
  const fmt = spanDays ? (t: number) => new Date(t).toISOString().slice(5, 13).replace('T', ' ') + 'h' : time;
  return (
    <figure className="chart" aria-label={`${metricLabel} over time`}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={fmt} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis tick={{ fill: 'var(--muted)', fontSize: 12 }} domain={chartDomain(points.map((p) => p.value), floor)} />
          <Tooltip labelFormatter={(t) => new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'} formatter={(v) => [v === null ? 'no data' : Number(v).toFixed(3), metricLabel]} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          {markers.map((m, i) => (
            <ReferenceLine key={`${m.t}-${i}`} x={m.t} stroke={m.kind === 'server-down' ? 'var(--bad)' : m.kind === 'server-up' ? 'var(--ok)' : m.kind === 'rollout' ? 'var(--accent)' : 'var(--muted)'} strokeDasharray="2 2" />
          ))}
          <Line dataKey="value" stroke="var(--accent)" dot={false} connectNulls={false} isAnimationActive={false} name={metricLabel} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="note">
        Gaps are periods without data. Markers: red a server went down, green it came back, grey apps changed server, accent a rollout step.
        {markers.length ? ` ${markers.length} in this range: ${markers.slice(-3).map((m) => `${time(m.t)} ${m.label}`).join('; ')}` : ''}
      </figcaption>
    </figure>
  );
}
