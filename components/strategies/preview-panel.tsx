'use client';
// The what-if preview: pick a candidate strategy (and others to compare), run it against the live
// cluster or a synthetic scenario, and read predicted fairness and moves beside the current state.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { PlanTables, type MovePlan } from '@/components/rollouts/plan-tables';

interface Summary {
  load: Record<string, number>;
  fairness: { jain: number; cv: number; maxMean: number; gini: number; n: number };
  appsMoved: number;
  workersMoved: number;
}

interface PreviewResult {
  source: { live?: boolean; scenario?: string };
  measure: string;
  servers: { address: string; up: boolean }[];
  apps: number;
  workers: number;
  current: Summary;
  strategies: { kind: string; params: Record<string, unknown>; rebalanced: Summary; onlyWhatMustMove: Summary; plan: MovePlan }[];
  ms: number;
}

type Spec = { kind: string; params?: Record<string, unknown> };

export function PreviewPanel({ kinds }: { kinds: string[] }) {
  const t = useTranslations('preview');
  const o = useTranslations('overview');
  const [kind, setKind] = useState('rendezvous');
  const [params, setParams] = useState('{}');
  const [compare, setCompare] = useState<Spec[]>([{ kind: 'shuffle' }]);
  const [source, setSource] = useState('live');
  const [measure, setMeasure] = useState('apps');
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function candidate(): Spec | null {
    try {
      const p = JSON.parse(params || '{}') as unknown;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error(t('paramsObject'));
      return { kind, params: p as Record<string, unknown> };
    } catch (e) {
      setError(t('paramsError', { message: (e as Error).message }));
      return null;
    }
  }

  async function run(event: FormEvent) {
    event.preventDefault();
    const c = candidate();
    if (!c) return;
    setBusy(true);
    setError(null);
    const res = await fetch('/api/strategies/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ candidate: c, compare, measure, ...(source === 'live' ? {} : { scenario: source }) }),
    });
    const body = (await res.json()) as PreviewResult & { detail?: string; errors?: { path: string; message: string }[] };
    if (res.ok) setResult(body);
    else setError([body.detail, ...(body.errors ?? []).map((e) => `${e.path}: ${e.message}`)].filter(Boolean).join(' — '));
    setBusy(false);
  }

  const rows = result
    ? [
        { name: t('current'), s: result.current },
        ...result.strategies.flatMap((s) => [
          { name: t('rebalanced', { kind: s.kind }), s: s.rebalanced },
          { name: t('onlyMust', { kind: s.kind }), s: s.onlyWhatMustMove },
        ]),
      ]
    : [];
  return (
    <section aria-label={t('label')}>
      <form onSubmit={run} className="filters" aria-label={t('form')}>
        <label>
          {t('candidate')}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          {t('params')}
          <input value={params} onChange={(e) => setParams(e.target.value)} aria-describedby="params-help" />
        </label>
        <label>
          {t('cluster')}
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="live">{t('live')}</option>
            {['issue-181', 'zipf-8', 'weighted-8', 'join-8-9', 'leave-8-7', 'large'].map((s) => (
              <option key={s} value={s}>
                {t('scenario', { name: s })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('measure')}
          <select value={measure} onChange={(e) => setMeasure(e.target.value)} disabled={source !== 'live'}>
            <option value="apps">{o('measures.apps')}</option>
            <option value="workers">{o('measures.workers')}</option>
            <option value="running">{o('measures.running')}</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('running') : t('run')}
        </button>
        <button
          type="button"
          onClick={() => {
            const c = candidate();
            if (c && !compare.some((x) => x.kind === c.kind && JSON.stringify(x.params ?? {}) === JSON.stringify(c.params ?? {}))) setCompare([...compare, c]);
          }}
        >
          {t('add')}
        </button>
      </form>
      <p id="params-help" className="note">
        {t('compared', { list: compare.length ? compare.map((c) => `${c.kind}${c.params && Object.keys(c.params).length ? ` ${JSON.stringify(c.params)}` : ''}`).join(', ') : t('nothing') })}{' '}
        {compare.length ? (
          <button type="button" onClick={() => setCompare([])}>
            {t('clear')}
          </button>
        ) : null}
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {result ? (
        <>
          <p className="note">
            {(result.source.live ? t('liveSummary', { servers: result.servers.length, apps: result.apps, workers: result.workers, measure: o.has(`measures.${result.measure}`) ? o(`measures.${result.measure}`) : result.measure, ms: result.ms }) : t('scenarioSummary', { name: result.source.scenario ?? '', servers: result.servers.length, apps: result.apps, workers: result.workers, measure: o.has(`measures.${result.measure}`) ? o(`measures.${result.measure}`) : result.measure, ms: result.ms }))}
          </p>
          <div className="table-box">
          <table>
            <caption>{t('predicted')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('placement')}</th>
                <th scope="col" className="num">{t('maxMean')}</th>
                <th scope="col" className="num">{t('jain')}</th>
                <th scope="col" className="num">{t('cv')}</th>
                <th scope="col" className="num">{t('gini')}</th>
                <th scope="col" className="num">{t('appsMoved')}</th>
                <th scope="col" className="num">{t('workersMoved')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.name}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{r.s.fairness.maxMean.toFixed(2)}</td>
                  <td className="num">{r.s.fairness.jain.toFixed(2)}</td>
                  <td className="num">{r.s.fairness.cv.toFixed(2)}</td>
                  <td className="num">{r.s.fairness.gini.toFixed(2)}</td>
                  <td className="num">{r.s.appsMoved}</td>
                  <td className="num">{r.s.workersMoved}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <div className="table-box">
          <table>
            <caption>{t('perServer')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('server')}</th>
                <th scope="col" className="num">{t('now')}</th>
                {result.strategies.map((s) => (
                  <th key={s.kind} scope="col" className="num">
                    {s.kind}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.servers.slice(0, 60).map((srv) => (
                <tr key={srv.address}>
                  <th scope="row">
                    {srv.address}
                    {srv.up ? '' : t('down')}
                  </th>
                  <td className="num">{(result.current.load[srv.address] ?? 0).toFixed(0)}</td>
                  {result.strategies.map((s) => (
                    <td key={s.kind} className="num">
                      {(s.rebalanced.load[srv.address] ?? 0).toFixed(0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {/* the candidate's fewest moves, as a rollout of it to 100 % would make them */}
          {result.strategies[0] ? <PlanTables plan={result.strategies[0].plan} /> : null}
        </>
      ) : null}
    </section>
  );
}
