'use client';
// Max/mean of the cohort's apps against the control group's over time, with a marker at every step.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

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

const time = (t: number) => new Date(t).toISOString().slice(11, 19);

export function CohortChart({ points, markers }: { points: CohortPoint[]; markers: StepMarker[] }) {
  return (
    <figure className="chart" aria-label="Fairness of the cohort against the control group">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={time} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis tick={{ fill: 'var(--muted)', fontSize: 12 }} domain={[1, 'auto']} />
          <Tooltip labelFormatter={(t) => `${time(Number(t))} UTC`} formatter={(v, name) => [v === null ? 'no data' : Number(v).toFixed(3), name]} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          <Legend />
          {markers.map((m, i) => (
            <ReferenceLine key={`${m.t}-${i}`} x={m.t} stroke="var(--muted)" strokeDasharray="2 2" label={{ value: m.label, fill: 'var(--muted)', fontSize: 11, position: 'insideTopLeft' }} />
          ))}
          <Line dataKey="cohort" name="cohort max/mean" stroke="var(--accent)" dot={false} connectNulls={false} isAnimationActive={false} />
          <Line dataKey="control" name="control max/mean" stroke="var(--warn, #c90)" dot={false} connectNulls={false} isAnimationActive={false} />
          <Line dataKey="cluster" name="whole cluster max/mean" stroke="var(--muted)" strokeDasharray="4 2" dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="note">
        Max/mean of the per-server load (apps owned) of the cohort&apos;s apps, of the control group&apos;s and of the whole cluster; 1 is perfectly even.
        {points.length ? ` Latest: cluster ${points[points.length - 1]!.cluster?.toFixed(2) ?? '—'}, cohort ${points[points.length - 1]!.cohort?.toFixed(2) ?? '—'}, control ${points[points.length - 1]!.control?.toFixed(2) ?? '—'}.` : ' No samples yet: the controller samples a running rollout every few seconds.'}
        {markers.length ? ` Markers: ${markers.map((m) => `${time(m.t)} ${m.label}`).join('; ')}.` : ''}
      </figcaption>
    </figure>
  );
}
