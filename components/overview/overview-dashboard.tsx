'use client';
// The Overview: is the cluster balanced? Headline fairness figures, load per server against the
// fair share, fairness over time, which apps sit where, and the servers table; refreshed every 5 s.
import { useState } from 'react';
import { useApi } from '@/lib/hooks/use-api';
import { Freshness } from '@/components/ui/freshness';
import { ServerLoadChart } from '@/components/charts/server-load-chart';
import { FairnessChart } from '@/components/charts/fairness-chart';
import { BindingView, type BindingApp } from '@/components/overview/binding-view';
import { ServersTable } from '@/components/cluster/servers-table';

type Measure = 'apps' | 'workers' | 'running' | 'capacity' | 'mix';
type Metric = 'jain' | 'cv' | 'maxMean' | 'gini';
type Range = '15m' | '1h' | '6h' | '24h' | '7d';

interface Overview {
  measure: Measure;
  measureLabel: string;
  staleAfterS: number;
  fairness: { jain: number; cv: number; maxMean: number; gini: number; n: number; total: number; excluded: string[] };
  servers: {
    address: string;
    health: string;
    statusReason: string | null;
    dataAgeS: number;
    appsOwned: number;
    workersConnected: number;
    runningInstances: number;
    load: number;
    share: number | null;
    fairShare: number | null;
    weight: number;
    version?: string | null;
    confirmed: boolean;
  }[];
  apps: BindingApp[];
}

interface Series {
  points: { t: number; value: number | null }[];
  markers: { t: number; kind: string; label: string }[];
}

const METRICS: { key: Metric; label: string; hint: string }[] = [
  { key: 'maxMean', label: 'Max / mean', hint: '1 is perfectly even; the busiest server over the average' },
  { key: 'jain', label: "Jain's index", hint: '1 is perfectly even; 1/n is all on one server' },
  { key: 'cv', label: 'Coefficient of variation', hint: '0 is perfectly even' },
  { key: 'gini', label: 'Gini', hint: '0 is perfectly even' },
];
const RANGES: Range[] = ['15m', '1h', '6h', '24h', '7d'];

export function OverviewDashboard({ initialMeasure }: { initialMeasure: Measure }) {
  const [measure, setMeasure] = useState<Measure>(initialMeasure);
  const [metric, setMetric] = useState<Metric>('maxMean');
  const [range, setRange] = useState<Range>('1h');
  const overview = useApi<Overview>(`/api/overview?measure=${measure}`);
  const series = useApi<Series>(`/api/series/fairness?metric=${metric}&measure=${measure}&range=${range}`, 10_000);
  // rollout steps as markers on the same chart, over the range the series covers
  const first = series.data?.points[0]?.t;
  const rolloutMarkers = useApi<{ markers: { t: number; name: string; action: string; percent: number }[] }>(
    first === undefined ? null : `/api/rollouts/markers?from=${first}&to=${series.data!.points[series.data!.points.length - 1]!.t + 3_600_000}`,
    10_000,
  );
  const markers = [
    ...(series.data?.markers ?? []),
    ...(rolloutMarkers.data?.markers ?? []).map((m) => ({ t: m.t, kind: 'rollout', label: `rollout ${m.name}: ${m.action}${m.action === 'abort' ? '' : ` ${m.percent}%`}` })),
  ].sort((a, b) => a.t - b.t);
  const o = overview.data;

  if (overview.error && !o) return <p role="alert" className="error">Could not load the overview: {overview.error.message}</p>;
  if (!o) return <p aria-busy="true" className="placeholder">Loading the overview…</p>;

  const counted = new Set(o.servers.filter((s) => s.share !== null).map((s) => s.address));
  const startValue = series.data?.points.find((p) => p.value !== null)?.value ?? null;
  return (
    <>
      <Freshness updatedAt={overview.updatedAt} error={overview.error} staleAfterS={Math.max(15, o.staleAfterS)} />
      <div className="toolbar">
        <label>
          Load measure{' '}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            <option value="apps">apps owned</option>
            <option value="workers">workers connected</option>
            <option value="running">running instances</option>
            <option value="capacity">worker capacity (Σ score)</option>
            <option value="mix">weighted mix</option>
          </select>
        </label>
      </div>
      <div className="cards" role="list" aria-label="Fairness figures">
        {METRICS.map((m) => {
          const value = o.fairness[m.key];
          const trend = metric === m.key && startValue !== null ? value - startValue : null;
          return (
            <button key={m.key} role="listitem" type="button" className={`card metric${metric === m.key ? ' selected' : ''}`} onClick={() => setMetric(m.key)} aria-pressed={metric === m.key} title={m.hint}>
              <span className="label">{m.label}</span>
              <span className="value">{value.toFixed(2)}</span>
              <span className="note">
                {o.measureLabel}
                {trend !== null ? ` · ${trend >= 0 ? '+' : ''}${trend.toFixed(2)} over ${range}` : ''}
              </span>
            </button>
          );
        })}
      </div>
      {o.fairness.excluded.length ? (
        <p className="note">Left out of the figures (down or stale): {o.fairness.excluded.join(', ')}</p>
      ) : null}
      <div className="grid-2">
        <section aria-labelledby="load-h">
          <h2 id="load-h">Load per server</h2>
          <ServerLoadChart
            measureLabel={o.measureLabel}
            data={o.servers.map((s) => ({ address: s.address, load: s.load, fairLoad: s.fairShare === null ? null : s.fairShare * o.fairness.total, counted: s.share !== null }))}
          />
        </section>
        <section aria-labelledby="trend-h">
          <h2 id="trend-h">{METRICS.find((m) => m.key === metric)!.label} over time</h2>
          <div className="segmented" role="group" aria-label="Range">
            {RANGES.map((r) => (
              <button key={r} type="button" aria-pressed={range === r} onClick={() => setRange(r)}>
                {r}
              </button>
            ))}
          </div>
          {series.data ? (
            <FairnessChart points={series.data.points} markers={markers} metricLabel={METRICS.find((m) => m.key === metric)!.label} spanDays={range === '7d'} floor={metric === 'maxMean' ? 1 : 0} />
          ) : (
            <p aria-busy="true" className="placeholder chart-placeholder">{series.error ? `Could not load the series: ${series.error.message}` : 'Loading…'}</p>
          )}
        </section>
      </div>
      <h2>Apps by server</h2>
      <BindingView servers={o.servers.map((s) => ({ address: s.address, counted: counted.has(s.address) }))} apps={o.apps} measureLabel={o.measureLabel} />
      <h2>Servers</h2>
      <ServersTable servers={o.servers.map((s) => ({ ...s, version: s.version ?? null }))} caption={`${o.servers.length} servers`} />
    </>
  );
}
