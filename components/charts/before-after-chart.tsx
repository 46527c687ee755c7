'use client';
// Per-server load before and after a plan, side by side: two bars per server, busiest first,
// with the fair-share line when the servers weigh the same. Up to VERTICAL_MAX servers as columns,
// past that as horizontal bars, the busiest MAX_SHOWN of them. Plain data in, no fetching.
import { useTranslations } from 'next-intl';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip } from 'recharts';
import { useFormat } from '@/components/ui/use-format';
import { fairShareLine, serverAxes, VERTICAL_MAX } from './server-load-chart';

export interface BeforeAfterDatum {
  address: string;
  before: number;
  after: number;
}

const MAX_SHOWN = 25;
const ROW_PX = 34;

export function BeforeAfterChart({ data, fairLoad, measureLabel, afterLabel }: { data: BeforeAfterDatum[]; fairLoad: number | null; measureLabel: string; afterLabel: string }) {
  const t = useTranslations('charts');
  const fmt = useFormat();
  // busiest first, now or after: a synthetic scenario starts with nothing bound (every "now" 0)
  const sorted = [...data].sort((a, b) => Math.max(b.before, b.after) - Math.max(a.before, a.after) || a.address.localeCompare(b.address));
  const horizontal = sorted.length > VERTICAL_MAX;
  const shown = horizontal ? sorted.slice(0, MAX_SHOWN) : sorted;
  const max = Math.max(0, ...shown.map((d) => Math.max(d.before, d.after)), fairLoad ?? 0);
  // tooltip, legend, the two bars and the fair-share line: the same in both layouts
  const inner = [
    <Tooltip key="tooltip" contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} formatter={(v, name) => [fmt.fixed(Number(v), 1), name]} />,
    <Legend key="legend" verticalAlign={horizontal ? 'bottom' : 'top'} formatter={(value) => <span style={{ color: 'var(--text)' }}>{value}</span>} />,
    <Bar key="before" dataKey="before" name={t('now')} fill="color-mix(in srgb, var(--muted) 55%, var(--panel))" isAnimationActive={false} />,
    <Bar key="after" dataKey="after" name={afterLabel} fill="var(--accent)" isAnimationActive={false} />,
    fairLoad !== null ? fairShareLine(fairLoad, horizontal, t('fairShare', { value: fmt.fixed(fairLoad, 1) }), 'fair') : null,
  ];
  return (
    <figure className="chart" aria-label={t('beforeAfterFigure', { measure: measureLabel })} data-layout={horizontal ? 'horizontal' : 'vertical'}>
      {horizontal ? (
        <ResponsiveContainer width="100%" height={shown.length * ROW_PX + 90}>
          <BarChart data={shown} layout="vertical" margin={{ top: 20, right: 24, bottom: 8, left: 8 }} barCategoryGap={4}>
            {serverAxes(true, shown.length, max, true)}
            {inner}
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={shown} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
            {serverAxes(false, shown.length, max, true)}
            {inner}
          </BarChart>
        </ResponsiveContainer>
      )}
      <figcaption className="note">
        {t('beforeAfterCaption', { measure: measureLabel, after: afterLabel })}
        {shown.length < sorted.length ? ` ${t('beforeAfterShown', { shown: shown.length, total: sorted.length })}` : ''}
      </figcaption>
    </figure>
  );
}
