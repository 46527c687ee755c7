'use client';
// A fairness figure over time; gaps where no data exists; event markers, those close together
// grouped into one with their labels as hover text (a rollout's many steps stay one mark).
import { useTranslations, useTimeZone } from 'next-intl';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartDomain } from '@/lib/domain/series';
import { useFormat } from '@/components/ui/use-format';

export interface FairnessPoint {
  t: number;
  value: number | null;
}

export interface FairnessMarker {
  t: number;
  kind: string;
  label: string;
}

export interface MarkerGroup {
  t: number;
  kind: string;
  labels: string[];
}

/** Markers closer than `gapMs` to the group's first one join it; the group takes the first's kind unless a server went down in it. */
export function groupMarkers(markers: readonly FairnessMarker[], gapMs: number): MarkerGroup[] {
  const groups: MarkerGroup[] = [];
  for (const m of [...markers].sort((a, b) => a.t - b.t)) {
    const last = groups.at(-1);
    if (last && m.t - last.t <= gapMs) {
      last.labels.push(m.label);
      if (m.kind === 'server-down') last.kind = 'server-down';
    } else groups.push({ t: m.t, kind: m.kind, labels: [m.label] });
  }
  return groups;
}

const COLOR: Record<string, string> = { 'server-down': 'var(--bad)', 'server-up': 'var(--ok)', rollout: 'var(--accent)' };

/** `floor`: the figure's lower limit (1 for max/mean, 0 for the others), where the y axis may start at the lowest. */
export function FairnessChart({ points, markers, metricLabel, spanDays, floor = 0 }: { points: FairnessPoint[]; markers: FairnessMarker[]; metricLabel: string; spanDays: boolean; floor?: number }) {
  const t = useTranslations('charts');
  const c = useTranslations('common');
  const fmt = useFormat();
  const zone = useTimeZone() ?? 'UTC';
  const span = points.length > 1 ? points[points.length - 1]!.t - points[0]!.t : 3_600_000;
  const groups = groupMarkers(markers, span / 60);
  const tickSpan = spanDays ? 7 * 86_400_000 : span;
  const text = (g: MarkerGroup) => `${fmt.tick(g.t, tickSpan)} ${g.labels.length > 1 ? t('groupedMarkers', { first: g.labels[0]!, last: g.labels[g.labels.length - 1]!, count: g.labels.length }) : g.labels[0]}`;
  return (
    <figure className="chart" aria-label={t('overTimeFigure', { metric: metricLabel })}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={(v: number) => fmt.tick(v, tickSpan)} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis tick={{ fill: 'var(--muted)', fontSize: 12 }} domain={chartDomain(points.map((p) => p.value), floor)} />
          <Tooltip labelFormatter={(v) => fmt.when(Number(v))} formatter={(v) => [v === null ? c('noData') : fmt.fixed(Number(v), 3), metricLabel]} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          {groups.map((g, i) => (
            <ReferenceLine
              key={`${g.t}-${i}`}
              x={g.t}
              stroke={COLOR[g.kind] ?? 'var(--muted)'}
              strokeDasharray="2 2"
              strokeWidth={g.labels.length > 1 ? 2 : 1}
              label={(props: { viewBox?: { x?: number; y?: number } }) => (
                <g>
                  <title>{g.labels.map((l) => `${fmt.when(g.t)} ${l}`).join('\n')}</title>
                  <circle cx={props.viewBox?.x ?? 0} cy={(props.viewBox?.y ?? 0) + 4} r={g.labels.length > 1 ? 5 : 3.5} fill={COLOR[g.kind] ?? 'var(--muted)'} />
                </g>
              )}
            />
          ))}
          <Line dataKey="value" stroke="var(--accent)" dot={false} connectNulls={false} isAnimationActive={false} name={metricLabel} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="note">
        {t('gapsCaption', { zone })}
        {groups.length ? ` ${t('markersInRange', { count: groups.length, list: groups.slice(-3).map(text).join('; ') })}` : ''}
      </figcaption>
    </figure>
  );
}
