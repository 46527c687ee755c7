'use client';
// Per-server load under the chosen measure, busiest first, with the fair-share line. Up to
// VERTICAL_MAX servers as columns; past that as horizontal bars (one labelled row per server),
// PAGE_SIZE servers a page, so 50 or 200 servers stay readable. Plain data in, no fetching.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '@/components/ui/use-format';

export interface ServerLoadDatum {
  address: string;
  load: number;
  /** the load this server would carry at its fair share; null when it is left out (down, stale) */
  fairLoad: number | null;
  counted: boolean;
}

export const VERTICAL_MAX = 12;
export const PAGE_SIZE = 25;
const ROW_PX = 24;

/** Grid and axes of a per-server bar chart: servers along the bars' category axis, load from 0 to a little above `max`. */
export function serverAxes(horizontal: boolean, servers: number, max: number, allowDecimals = false) {
  const domain = [0, Math.ceil(max * 1.05) || 1];
  return horizontal
    ? [
        <CartesianGrid key="grid" strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />,
        <XAxis key="x" type="number" domain={domain} tick={{ fill: 'var(--muted)', fontSize: 12 }} allowDecimals={allowDecimals} />,
        <YAxis key="y" type="category" dataKey="address" width={150} interval={0} tick={{ fill: 'var(--muted)', fontSize: 11 }} />,
      ]
    : [
        <CartesianGrid key="grid" strokeDasharray="3 3" stroke="var(--border)" />,
        <XAxis key="x" dataKey="address" tick={{ fill: 'var(--muted)', fontSize: 12 }} interval={0} angle={servers > 4 ? -30 : 0} textAnchor={servers > 4 ? 'end' : 'middle'} height={servers > 4 ? 80 : 30} />,
        <YAxis key="y" tick={{ fill: 'var(--muted)', fontSize: 12 }} allowDecimals={allowDecimals} />,
      ];
}

/** The dashed fair-share line across the bars, labelled; shared with the before/after chart. */
export function fairShareLine(fair: number, horizontal: boolean, label: string, key?: string) {
  return (
    <ReferenceLine
      key={key}
      {...(horizontal ? { x: fair } : { y: fair })}
      stroke="var(--warn)"
      strokeDasharray="6 3"
      strokeWidth={2}
      label={{ value: label, fill: 'var(--warn)', position: horizontal ? 'top' : 'insideTopRight', fontSize: 12, fontWeight: 600, stroke: 'var(--panel)', strokeWidth: 4, paintOrder: 'stroke' }}
    />
  );
}

export function ServerLoadChart({ data, measureLabel }: { data: ServerLoadDatum[]; measureLabel: string }) {
  const t = useTranslations('charts');
  const fmt = useFormat();
  const [page, setPage] = useState(0);
  const sorted = [...data].sort((a, b) => b.load - a.load || a.address.localeCompare(b.address));
  const fair = data.find((d) => d.fairLoad !== null)?.fairLoad ?? null;
  const equalWeights = data.every((d) => d.fairLoad === null || d.fairLoad === fair);
  const horizontal = sorted.length > VERTICAL_MAX;
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = horizontal ? sorted.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE) : sorted;
  const max = Math.max(0, ...sorted.map((d) => d.load), fair ?? 0);
  const fairLine = fair !== null && equalWeights ? fairShareLine(fair, horizontal, t('fairShare', { value: fmt.fixed(fair, 1) })) : null;
  const tooltip = <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} formatter={(v) => [fmt.fixed(Number(v), 1), measureLabel]} />;
  const cells = shown.map((d) => <Cell key={d.address} fill={d.counted ? 'var(--accent)' : 'var(--border)'} />);
  return (
    <figure className="chart" aria-label={t('loadFigure', { measure: measureLabel })} data-layout={horizontal ? 'horizontal' : 'vertical'}>
      <ResponsiveContainer width="100%" height={horizontal ? shown.length * ROW_PX + 60 : 260}>
        <BarChart data={shown} {...(horizontal ? { layout: 'vertical' as const, margin: { top: 20, right: 24, bottom: 8, left: 8 }, barCategoryGap: 3 } : { margin: { top: 16, right: 16, bottom: 8, left: 8 } })}>
          {serverAxes(horizontal, shown.length, max)}
          {tooltip}
          <Bar dataKey="load" isAnimationActive={false} name={measureLabel}>
            {cells}
          </Bar>
          {fairLine}
        </BarChart>
      </ResponsiveContainer>
      {horizontal && pages > 1 ? (
        <nav className="pager" aria-label={t('loadPager')}>
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            {t('previous')}
          </button>
          <span>{t('loadPage', { from: current * PAGE_SIZE + 1, to: current * PAGE_SIZE + shown.length, total: sorted.length })}</span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            {t('next')}
          </button>
        </nav>
      ) : null}
      <figcaption className="note">{t('loadCaption', { measure: measureLabel })}</figcaption>
    </figure>
  );
}
