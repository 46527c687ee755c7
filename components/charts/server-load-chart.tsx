'use client';
// Per-server load under the chosen measure, with the fair-share line. Plain data in, no fetching.
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ServerLoadDatum {
  address: string;
  load: number;
  /** the load this server would carry at its fair share; null when it is left out (down, stale) */
  fairLoad: number | null;
  counted: boolean;
}

export function ServerLoadChart({ data, measureLabel }: { data: ServerLoadDatum[]; measureLabel: string }) {
  const fair = data.find((d) => d.fairLoad !== null)?.fairLoad ?? null;
  const equalWeights = data.every((d) => d.fairLoad === null || d.fairLoad === fair);
  return (
    <figure className="chart" aria-label={`Load per server (${measureLabel}) with the fair share`}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="address" tick={{ fill: 'var(--muted)', fontSize: 12 }} interval={0} angle={data.length > 8 ? -30 : 0} textAnchor={data.length > 8 ? 'end' : 'middle'} height={data.length > 8 ? 70 : 30} />
          <YAxis tick={{ fill: 'var(--muted)', fontSize: 12 }} allowDecimals={false} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} formatter={(v) => [Number(v).toFixed(1), measureLabel]} />
          <Bar dataKey="load" isAnimationActive={false} name={measureLabel}>
            {data.map((d) => (
              <Cell key={d.address} fill={d.counted ? 'var(--accent)' : 'var(--border)'} />
            ))}
          </Bar>
          {fair !== null && equalWeights ? (
            <ReferenceLine y={fair} stroke="var(--warn)" strokeDasharray="6 3" strokeWidth={2} label={{ value: `fair share ${fair.toFixed(1)}`, fill: 'var(--warn)', position: 'insideTopRight', fontSize: 12 }} />
          ) : null}
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="note">
        Bars: {measureLabel} per server (grey: down or stale, left out). Dashed line: each server&apos;s fair share.
      </figcaption>
    </figure>
  );
}
