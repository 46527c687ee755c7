'use client';
// The what-if preview: pick a candidate strategy (and others to compare), run it against the live
// cluster or a synthetic scenario, and read predicted fairness and moves beside the current state.
import { useState, type FormEvent } from 'react';

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
  strategies: { kind: string; params: Record<string, unknown>; rebalanced: Summary; onlyWhatMustMove: Summary }[];
  ms: number;
}

type Spec = { kind: string; params?: Record<string, unknown> };

export function PreviewPanel({ kinds }: { kinds: string[] }) {
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
      if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error('parameters must be a JSON object');
      return { kind, params: p as Record<string, unknown> };
    } catch (e) {
      setError(`Parameters: ${(e as Error).message}`);
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
        { name: 'current', s: result.current },
        ...result.strategies.flatMap((s) => [
          { name: `${s.kind} (rebalanced)`, s: s.rebalanced },
          { name: `${s.kind} (only what must move)`, s: s.onlyWhatMustMove },
        ]),
      ]
    : [];
  return (
    <section aria-label="Preview">
      <form onSubmit={run} className="filters" aria-label="Preview a strategy">
        <label>
          Candidate strategy
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Parameters (JSON)
          <input value={params} onChange={(e) => setParams(e.target.value)} aria-describedby="params-help" />
        </label>
        <label>
          Cluster
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="live">live cluster</option>
            {['issue-181', 'zipf-8', 'weighted-8', 'join-8-9', 'leave-8-7', 'large'].map((s) => (
              <option key={s} value={s}>
                scenario {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Load measure
          <select value={measure} onChange={(e) => setMeasure(e.target.value)} disabled={source !== 'live'}>
            <option value="apps">apps owned</option>
            <option value="workers">workers connected</option>
            <option value="running">running instances</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Running…' : 'Run preview'}
        </button>
        <button
          type="button"
          onClick={() => {
            const c = candidate();
            if (c && !compare.some((x) => x.kind === c.kind && JSON.stringify(x.params ?? {}) === JSON.stringify(c.params ?? {}))) setCompare([...compare, c]);
          }}
        >
          Add to comparison
        </button>
      </form>
      <p id="params-help" className="note">
        Compared with: {compare.length ? compare.map((c) => `${c.kind}${c.params && Object.keys(c.params).length ? ` ${JSON.stringify(c.params)}` : ''}`).join(', ') : 'nothing'}{' '}
        {compare.length ? (
          <button type="button" onClick={() => setCompare([])}>
            Clear comparison
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
            {result.source.live ? 'Live cluster' : `Scenario ${result.source.scenario}`}: {result.servers.length} servers, {result.apps} apps,{' '}
            {result.workers} workers; load measured in {result.measure}; computed in {result.ms} ms.
          </p>
          <table>
            <caption>Predicted fairness and moves</caption>
            <thead>
              <tr>
                <th scope="col">Placement</th>
                <th scope="col" className="num">Max / mean</th>
                <th scope="col" className="num">Jain</th>
                <th scope="col" className="num">CV</th>
                <th scope="col" className="num">Gini</th>
                <th scope="col" className="num">Apps moved</th>
                <th scope="col" className="num">Workers moved</th>
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
          <table>
            <caption>Load per server: now and rebalanced by each strategy</caption>
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col" className="num">Now</th>
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
                    {srv.up ? '' : ' (down)'}
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
        </>
      ) : null}
    </section>
  );
}
