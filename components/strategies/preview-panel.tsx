'use client';
// The what-if preview: pick a candidate strategy (its parameters as fields read from its schema,
// or raw JSON), run it against the live cluster or a synthetic scenario under a load measure, and
// read predicted fairness, per-server load before and after the plan, and the apps it moves.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { PlanTables, type MovePlan } from '@/components/rollouts/plan-tables';
import { BeforeAfterChart } from '@/components/charts/before-after-chart';
import { ErrorAlert, FieldError, invalidProps } from '@/components/ui/field-errors';
import { strategyActions } from '@/lib/hooks/use-rollouts';
import { defaultTexts, paramsOf, type ParamField, type ParamProblem } from '@/lib/domain/param-fields';

interface Summary {
  load: Record<string, number>;
  fairness: { jain: number; cv: number; maxMean: number; gini: number; n: number };
  appsMoved: number;
  workersMoved: number;
}

interface PreviewResult {
  source: { live?: boolean; scenario?: string };
  measure: string;
  servers: { address: string; weight: number; up: boolean }[];
  apps: number;
  workers: number;
  current: Summary;
  strategies: { kind: string; params: Record<string, unknown>; rebalanced: Summary; onlyWhatMustMove: Summary; plan: MovePlan & { load: { before: Record<string, number>; after: Record<string, number> } } }[];
  ms: number;
}

type Spec = { kind: string; params?: Record<string, unknown> };

const figure = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Each live server's fair share of the load when all of them weigh the same; null otherwise. */
function fairLoad(result: PreviewResult, load: { before: Record<string, number>; after: Record<string, number> }): number | null {
  const live = result.servers.filter((s) => s.up);
  if (!live.length || live.some((s) => s.weight !== live[0]!.weight)) return null;
  // the apps' whole load: before the plan unbound apps count nowhere (a synthetic scenario binds none)
  const sum = (m: Record<string, number>) => Object.values(m).reduce((a, x) => a + x, 0);
  return Math.max(sum(load.before), sum(load.after)) / live.length;
}

/** The Overview's load measures, in its order. */
const MEASURES = ['apps', 'workers', 'running', 'capacity', 'mix'] as const;

/** A strategy as the panel offers it: its kind and its parameters as fields. */
export interface PreviewStrategy {
  kind: string;
  fields: ParamField[];
}

/** "> 0, ≤ 10" for a numeric field's bounds; the options of a choice. */
function boundsText(f: ParamField): string {
  if (f.type !== 'number' && f.type !== 'integer') return '';
  return [
    f.minimum !== undefined ? `≥ ${f.minimum}` : null,
    f.exclusiveMinimum !== undefined ? `> ${f.exclusiveMinimum}` : null,
    f.maximum !== undefined ? `≤ ${f.maximum}` : null,
    f.exclusiveMaximum !== undefined ? `< ${f.exclusiveMaximum}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

export function PreviewPanel({ strategies }: { strategies: PreviewStrategy[] }) {
  const t = useTranslations('preview');
  const o = useTranslations('overview');
  const kinds = strategies.map((s) => s.kind);
  const fieldsOf = (k: string) => strategies.find((s) => s.kind === k)?.fields ?? [];
  const [kind, setKind] = useState('rendezvous');
  const [texts, setTexts] = useState<Record<string, string>>(() => defaultTexts(fieldsOf('rendezvous')));
  // the raw JSON box: null while the fields are what is sent, the text once the operator edits it
  const [rawJson, setRawJson] = useState<string | null>(null);
  const [problems, setProblems] = useState<ParamProblem[]>([]);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [compare, setCompare] = useState<Spec[]>([{ kind: 'shuffle' }]);
  const [source, setSource] = useState('live');
  const [measure, setMeasure] = useState('apps');
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldsOf(kind);

  function chooseKind(k: string) {
    setKind(k);
    setTexts(defaultTexts(fieldsOf(k)));
    setRawJson(null);
    setProblems([]);
    setJsonError(null);
  }

  function candidate(): Spec | null {
    setProblems([]);
    setJsonError(null);
    if (rawJson !== null) {
      try {
        const p = JSON.parse(rawJson || '{}') as unknown;
        if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error(t('paramsObject'));
        return { kind, params: p as Record<string, unknown> };
      } catch (e) {
        setJsonError(t('paramsError', { message: (e as Error).message }));
        return null;
      }
    }
    const out = paramsOf(fields, texts);
    if (out.problems.length) {
      setProblems(out.problems);
      requestAnimationFrame(() => document.getElementById(`param-${out.problems[0]!.field}`)?.focus());
      return null;
    }
    return { kind, params: out.params };
  }
  const fieldMessages = (name: string) => {
    const mine = problems.filter((p) => p.field === name);
    return mine.length ? mine.map((p) => t(`fieldErrors.${p.key}`, p.values ?? {})) : undefined;
  };
  const fieldsJson = JSON.stringify(paramsOf(fields, texts).params);

  async function run(event: FormEvent) {
    event.preventDefault();
    const c = candidate();
    if (!c) return;
    setBusy(true);
    setError(null);
    const answer = await strategyActions.preview<PreviewResult>({ candidate: c, compare, measure, ...(source === 'live' ? {} : { scenario: source }) });
    if (answer.ok) setResult(answer.data);
    else setError([answer.problem.detail ?? `HTTP ${answer.status}`, ...(answer.problem.errors ?? []).map((e) => `${e.path}: ${e.message}`)].join(' — '));
    setBusy(false);
  }

  const plan = result?.strategies[0]?.plan ?? null;
  const measureLabel = result ? (o.has(`measures.${result.measure}`) ? o(`measures.${result.measure}`) : result.measure) : '';
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
          <select value={kind} onChange={(e) => chooseKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {fields.map((f) => {
          const id = `param-${f.name}`;
          const messages = fieldMessages(f.name);
          const hint = boundsText(f);
          // named by the parameter alone: the bounds and the error are its description
          const props = { ...invalidProps(id, messages, hint ? `${id}-hint` : undefined), 'aria-label': f.name, disabled: rawJson !== null };
          const set = (v: string) => setTexts({ ...texts, [f.name]: v });
          return (
            <label key={`${kind}.${f.name}`} className="param-field">
              {f.name}
              {f.type === 'enum' ? (
                <select value={texts[f.name] ?? ''} onChange={(e) => set(e.target.value)} {...props}>
                  {f.options.map((x) => (
                    <option key={x}>{x}</option>
                  ))}
                </select>
              ) : f.type === 'boolean' ? (
                <select value={texts[f.name] ?? ''} onChange={(e) => set(e.target.value)} {...props}>
                  <option value="true">{t('yes')}</option>
                  <option value="false">{t('no')}</option>
                </select>
              ) : (
                <input value={texts[f.name] ?? ''} onChange={(e) => set(e.target.value)} inputMode={f.type === 'string' ? 'text' : 'decimal'} placeholder={f.default === null ? '' : String(f.default)} size={8} {...props} />
              )}
              {hint ? (
                <span id={`${id}-hint`} className="hint">
                  {hint}
                </span>
              ) : null}
              <FieldError id={id} messages={messages} />
            </label>
          );
        })}
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
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {o(`measures.${m}`)}
              </option>
            ))}
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
      <details className="advanced" open={rawJson !== null || undefined}>
        <summary>{t('advanced')}</summary>
        <label>
          {t('params')}
          <textarea value={rawJson ?? fieldsJson} onChange={(e) => setRawJson(e.target.value)} rows={2} cols={60} {...invalidProps('params-json', jsonError ? [jsonError] : undefined, 'params-json-help')} />
          <FieldError id="params-json" messages={jsonError ? [jsonError] : undefined} />
        </label>
        <p id="params-json-help" className="note">
          {rawJson !== null ? t('jsonInUse') : t('jsonFromFields')}{' '}
          {rawJson !== null ? (
            <button type="button" onClick={() => (setRawJson(null), setJsonError(null))}>
              {t('useFields')}
            </button>
          ) : null}
        </p>
      </details>
      <p id="params-help" className="note">
        {t('compared', { list: compare.length ? compare.map((c) => `${c.kind}${c.params && Object.keys(c.params).length ? ` ${JSON.stringify(c.params)}` : ''}`).join(', ') : t('nothing') })}{' '}
        {compare.length ? (
          <button type="button" onClick={() => setCompare([])}>
            {t('clear')}
          </button>
        ) : null}
      </p>
      <ErrorAlert message={error} />
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
          {plan ? (
            <BeforeAfterChart
              data={result.servers.map((srv) => ({ address: srv.address, before: plan.load.before[srv.address] ?? 0, after: plan.load.after[srv.address] ?? 0 }))}
              fairLoad={fairLoad(result, plan.load)}
              measureLabel={measureLabel}
              afterLabel={t('planAfter', { kind: result.strategies[0]!.kind })}
            />
          ) : null}
          <div className="table-box">
          <table>
            <caption>{t('perServer')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('server')}</th>
                <th scope="col" className="num">{t('now')}</th>
                {plan ? (
                  <th scope="col" className="num">
                    {t('planAfter', { kind: result.strategies[0]!.kind })}
                  </th>
                ) : null}
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
                  {plan ? <td className="num">{figure(plan.load.after[srv.address] ?? 0)}</td> : null}
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
