'use client';
// The Overview: is the cluster balanced? A status strip (running rollout, servers left out and
// why, split owners), headline fairness figures, load per server against the fair share, fairness
// over time, which apps sit where, and the servers table; refreshed every 5 s.
import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { useApi } from '@/lib/hooks/use-api';
import { useFreeze } from '@/lib/hooks/use-maintenance';
import { useRollingRestarts } from '@/lib/hooks/use-rolling-restart';
import { Freshness } from '@/components/ui/freshness';
import { useFormat } from '@/components/ui/use-format';
import { ServerLoadChart } from '@/components/charts/server-load-chart';
import { FairnessChart } from '@/components/charts/fairness-chart';
import { BindingView } from '@/components/overview/binding-view';
import { ServersTable } from '@/components/cluster/servers-table';
import type { z } from 'zod';
import type { fairnessSeriesResponse, overviewResponse } from '@/lib/api/schemas';

type Overview = z.infer<typeof overviewResponse>;
type Series = z.infer<typeof fairnessSeriesResponse>;
type Measure = Overview['measure'];
type Metric = Series['metric'];
type Range = Series['range'];

const METRICS: Metric[] = ['maxMean', 'jain', 'cv', 'gini'];
const MEASURES: Measure[] = ['apps', 'workers', 'running', 'capacity', 'mix'];
const RANGES: Range[] = ['15m', '1h', '6h', '24h', '7d'];

/** What the Overview says above the figures: what is going on that changes how to read them. */
function StatusStrip({ o }: { o: Overview }) {
  const t = useTranslations('overview.strip');
  const left = o.servers.filter((s) => o.fairness.excluded.includes(s.address));
  const split = o.split ?? [];
  const freeze = useFreeze().data;
  const restart = useRollingRestarts().data?.current;
  return (
    <section className="status-strip" aria-label={t('label')}>
      {freeze?.frozen ? <p className="bad">{t('frozen', { by: freeze.by ?? '?', reason: freeze.reason ?? '' })}</p> : null}
      {restart ? (
        <p className="warn">
          <Link href="/servers">{t('rollingRestart', { state: restart.state, done: restart.progress.done, total: restart.progress.total, address: restart.progress.current?.address ?? '-' })}</Link>
        </p>
      ) : null}
      {(o.rollouts ?? []).length === 0 ? (
        <p>{t('noRollout')}</p>
      ) : (
        (o.rollouts ?? []).map((r) => (
          <p key={r.id}>
            {t.rich('rollout', { name: r.name, step: r.step + 1, steps: r.steps, percent: r.percent, paused: String(r.state === 'paused'), link: (c) => <Link href={`/rollouts/${r.id}`}>{c}</Link> })}
          </p>
        ))
      )}
      {left.length ? (
        <p className="warn">{t('leftOut', { servers: left.map((s) => `${s.address}${s.statusReason ? ` (${s.health}: ${s.statusReason})` : ` (${s.health})`}`).join(', ') })}</p>
      ) : (
        <p>{t('allCounted', { count: o.servers.length })}</p>
      )}
      {split.length ? (
        <p className="bad">{t('split', { count: split.length, apps: split.slice(0, 5).map((a) => `${a.appName ?? a.appId} (${a.servers.join(', ')})`).join('; ') })}</p>
      ) : (
        <p>{t('noSplit')}</p>
      )}
    </section>
  );
}

export function OverviewDashboard({ initialMeasure }: { initialMeasure: Measure }) {
  const t = useTranslations('overview');
  const tc = useTranslations('charts');
  const tr = useTranslations('rollout');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
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
  const serverMarker = (m: { kind: string; label: string }) => {
    const [server, what] = m.label.split(' ');
    if (m.kind === 'server-down' && what === 'down') return tc('serverDown', { server: server! });
    if (m.kind === 'server-up' && what === 'up') return tc('serverUp', { server: server! });
    const n = /^(\d+) binding/.exec(m.label);
    return m.kind === 'bindings' && n ? tc('bindingChanges', { count: Number(n[1]) }) : m.label;
  };
  const markers = [
    ...(series.data?.markers ?? []).map((m) => ({ ...m, label: serverMarker(m) })),
    ...(rolloutMarkers.data?.markers ?? []).map((m) => ({
      t: m.t,
      kind: 'rollout',
      label: ((action) => (m.action === 'abort' ? tc('rolloutMarker', { name: m.name, action }) : tc('rolloutMarkerPercent', { name: m.name, action, percent: m.percent })))(
        tr.has(`eventActions.${m.action}`) ? tr(`eventActions.${m.action}`) : m.action,
      ),
    })),
  ].sort((a, b) => a.t - b.t);
  const o = overview.data;

  if (overview.error && !o) return <p role="alert" className="error">{t('loadError', { message: loadText(overview.error) })}</p>;
  if (!o) return <p aria-busy="true" className="placeholder">{t('loading')}</p>;

  const measureLabel = t(`measures.${o.measure}`);
  const counted = new Set(o.servers.filter((s) => s.share !== null).map((s) => s.address));
  const startValue = series.data?.points.find((p) => p.value !== null)?.value ?? null;
  const metricLabel = t(`metrics.${metric}.label`);
  return (
    <>
      <Freshness updatedAt={overview.updatedAt} error={overview.error} staleAfterS={Math.max(15, o.staleAfterS)} />
      <StatusStrip o={o} />
      <div className="toolbar">
        <label>
          {t('measure')}{' '}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`measures.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="cards" role="list" aria-label={t('figures')}>
        {METRICS.map((m) => {
          const value = o.fairness[m];
          const trend = metric === m && startValue !== null ? value - startValue : null;
          return (
            <button key={m} role="listitem" type="button" className={`card metric${metric === m ? ' selected' : ''}`} onClick={() => setMetric(m)} aria-pressed={metric === m} title={t(`metrics.${m}.hint`)}>
              <span className="label">{t(`metrics.${m}.label`)}</span>
              <span className="value">{fmt.fixed(value)}</span>
              <span className="note">{trend !== null ? t('trend', { measure: measureLabel, change: `${trend >= 0 ? '+' : ''}${fmt.fixed(trend)}`, range }) : measureLabel}</span>
              {o.fairness.excluded.length ? <span className="note warn">{t('counted', { counted: o.fairness.n, total: o.servers.length })}</span> : null}
            </button>
          );
        })}
      </div>
      <div className="grid-2">
        <section aria-labelledby="load-h">
          <h2 id="load-h">{t('loadPerServer')}</h2>
          <ServerLoadChart
            measureLabel={measureLabel}
            data={o.servers.map((s) => ({ address: s.address, load: s.load, fairLoad: s.fairShare === null ? null : s.fairShare * o.fairness.total, counted: s.share !== null }))}
          />
        </section>
        <section aria-labelledby="trend-h">
          <h2 id="trend-h">{t('overTime', { metric: metricLabel })}</h2>
          <div className="segmented" role="group" aria-label={t('range')}>
            {RANGES.map((r) => (
              <button key={r} type="button" aria-pressed={range === r} onClick={() => setRange(r)}>
                {r}
              </button>
            ))}
          </div>
          {series.data ? (
            <FairnessChart points={series.data.points} markers={markers} metricLabel={metricLabel} spanDays={range === '7d'} floor={metric === 'maxMean' ? 1 : 0} />
          ) : (
            <p aria-busy="true" className="placeholder chart-placeholder">{series.error ? t('seriesError', { message: loadText(series.error) }) : c('loading')}</p>
          )}
        </section>
      </div>
      <h2>{t('appsByServer')}</h2>
      <BindingView label={t('appsByServer')} servers={o.servers.map((s) => ({ address: s.address, counted: counted.has(s.address) }))} apps={o.apps} measureLabel={measureLabel} />
      <h2>{t('servers')}</h2>
      <ServersTable servers={o.servers.map((s) => ({ ...s, version: s.version ?? null }))} caption={t('serversCaption', { count: o.servers.length })} />
    </>
  );
}
