'use client';
// The threshold editor: the rule's fields, the watched series with the threshold and recovery lines
// drawn while typing, the 24 h backtest count before saving, and a stale save's conflict shown.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTimeZone, useTranslations } from 'next-intl';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { alertActions, useBacktest, type RuleView } from '@/lib/hooks/use-alerts';
import { useFormat } from '@/components/ui/use-format';
import { FieldError, invalidProps, placeErrors, useErrorText, type ApiFieldError } from '@/components/ui/field-errors';

const METRICS = ['maxMean', 'jain', 'cv', 'gini', 'serverShare', 'serverDown', 'dataAge', 'unownedApp', 'splitOwner'] as const;
const MEASURES = ['apps', 'workers', 'running', 'capacity', 'mix'] as const;
const COLORS = ['var(--accent)', '#b58900', '#6c71c4', '#2aa198', '#d33682', '#859900'];

interface Draft {
  name: string;
  metric: string;
  measure: string;
  filter: string;
  comparator: string;
  threshold: string;
  recovery: string;
  forSeconds: string;
  keepFiringForSeconds: string;
  severity: string;
  noData: string;
  labels: string;
  description: string;
}

function draftOf(rule: RuleView | null): Draft {
  return {
    name: rule?.name ?? '',
    metric: rule?.series.metric ?? 'maxMean',
    measure: rule?.series.measure ?? 'apps',
    filter: rule?.scope.filter ?? '',
    comparator: rule?.comparator ?? '>',
    threshold: rule ? String(rule.threshold) : '1.5',
    recovery: rule?.recovery === undefined ? '' : String(rule.recovery),
    forSeconds: rule ? String(rule.forSeconds) : '120',
    keepFiringForSeconds: rule ? String(rule.keepFiringForSeconds) : '0',
    severity: rule?.severity ?? 'warning',
    noData: rule?.noData ?? 'nodata',
    labels: rule ? Object.entries(rule.labels).map(([k, v]) => `${k}=${v}`).join(', ') : '',
    description: rule?.description ?? '',
  };
}

const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s));

/** The API body of a draft, or null while a number is not a number yet. */
function bodyOf(d: Draft) {
  const threshold = num(d.threshold);
  const forSeconds = num(d.forSeconds);
  const keep = num(d.keepFiringForSeconds);
  if (threshold === null || forSeconds === null || keep === null) return null;
  const recovery = num(d.recovery);
  const labels = Object.fromEntries(
    d.labels
      .split(',')
      .map((p) => p.split('=').map((x) => x.trim()))
      .filter((p) => p.length === 2 && p[0]),
  );
  return {
    name: d.name.trim() || 'draft',
    series: { metric: d.metric, measure: d.measure },
    scope: d.filter.trim() ? { filter: d.filter.trim() } : {},
    comparator: d.comparator,
    threshold,
    ...(recovery === null ? {} : { recovery }),
    forSeconds: Math.round(forSeconds),
    keepFiringForSeconds: Math.round(keep),
    severity: d.severity,
    noData: d.noData,
    labels,
    description: d.description,
  };
}

type Field = 'name' | 'metric' | 'measure' | 'filter' | 'comparator' | 'threshold' | 'recovery' | 'forSeconds' | 'keepFiringForSeconds' | 'severity' | 'noData' | 'labels' | 'description';
/** The API's paths (problem+json errors[].path) to the editor's fields. */
const PATHS: Record<string, Field> = {
  name: 'name',
  'series.metric': 'metric',
  'series.measure': 'measure',
  series: 'metric',
  scope: 'filter',
  comparator: 'comparator',
  threshold: 'threshold',
  recovery: 'recovery',
  forSeconds: 'forSeconds',
  keepFiringForSeconds: 'keepFiringForSeconds',
  severity: 'severity',
  noData: 'noData',
  labels: 'labels',
  description: 'description',
};

/** What the editor can tell before asking the API: numbers that are not numbers, thresholds a figure never crosses. */
function localChecks(d: Draft): ApiFieldError[] {
  const out: ApiFieldError[] = [];
  const number = (field: Field, v: string, required: boolean) => {
    if (v.trim() === '') return required ? out.push({ path: field, message: 'must be a number', code: 'invalid_type' }) : undefined;
    if (!Number.isFinite(Number(v))) out.push({ path: field, message: 'must be a number', code: 'invalid_type' });
  };
  number('threshold', d.threshold, true);
  number('recovery', d.recovery, false);
  number('forSeconds', d.forSeconds, true);
  number('keepFiringForSeconds', d.keepFiringForSeconds, false);
  for (const field of ['threshold', 'recovery'] as const) {
    const v = num(d[field]);
    if (v === null) continue;
    if (d.metric === 'maxMean' && v < 1) out.push({ path: field, message: 'max/mean is never below 1', code: 'custom', key: 'maxMeanBelowOne' });
    else if ((d.metric === 'jain' || d.metric === 'gini') && (v < 0 || v > 1)) out.push({ path: field, message: 'between 0 and 1', code: 'custom', key: 'betweenZeroAndOne' });
  }
  const f = num(d.forSeconds);
  if (f !== null && f < 0) out.push({ path: 'forSeconds', message: 'too small', code: 'too_small.number', minimum: 0 });
  return out;
}

interface Conflict {
  current: RuleView;
  changed: string[];
}

export function RuleEditor({ rule, onDone }: { rule: RuleView | null; onDone: (saved: RuleView | null) => void }) {
  const t = useTranslations('ruleEditor');
  const c = useTranslations('common');
  const fe = useTranslations('fieldErrors');
  const fmt = useFormat();
  const zone = useTimeZone() ?? 'UTC';
  const errorText = useErrorText();
  const nameRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const [base, setBase] = useState<RuleView | null>(rule);
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [errors, setErrors] = useState<ApiFieldError[]>([]);
  // focus moves into the editor when it opens
  useEffect(() => nameRef.current?.focus(), []);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const local = useMemo(() => localChecks(draft), [draft]);
  const body = useMemo(() => (local.length ? null : bodyOf(draft)), [draft, local]);
  const backtest = useBacktest(body);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const perInstance = !['maxMean', 'jain', 'cv', 'gini'].includes(draft.metric);

  const chartData = useMemo(() => {
    const series = backtest.data?.series.slice(0, COLORS.length) ?? [];
    const rows = new Map<number, Record<string, number | null>>();
    series.forEach((s, i) => s.points.forEach((p) => rows.set(p.t, { ...(rows.get(p.t) ?? { t: p.t }), [`s${i}`]: p.value })));
    return { series, rows: [...rows.values()].sort((a, b) => a.t! - b.t!) };
  }, [backtest.data]);

  async function save(overVersion?: number) {
    const mine = [...local, ...(draft.name.trim() ? [] : [{ path: 'name', message: t('needName') }])];
    if (!body || mine.length) {
      setErrors(mine);
      focusFirst(mine);
      return;
    }
    setSaving(true);
    const r = await alertActions.saveRule(body, base ? { id: base.id, version: overVersion ?? base.version } : undefined);
    setSaving(false);
    if (!r.ok && r.status === 409 && r.problem.current) {
      setConflict({ current: r.problem.current, changed: r.problem.changed ?? [] });
      return;
    }
    if (!r.ok) {
      const answer = r.problem.errors ?? [{ path: '(rule)', message: r.problem.detail ?? `HTTP ${r.status}` }];
      setErrors(answer);
      focusFirst(answer);
      return;
    }
    onDone(r.data);
  }

  function focusFirst(list: ApiFieldError[]) {
    const first = placeErrors(list, PATHS).byField;
    const field = (Object.keys(PATHS) as string[]).map((k) => PATHS[k]!).find((f) => first[f]);
    if (field) requestAnimationFrame(() => sectionRef.current?.querySelector<HTMLElement>(`#rule-${field}`)?.focus());
  }

  // errors as they stand: the API's from the last save (until the field is edited), and the editor's own checks, live
  const shown = placeErrors([...errors, ...local], PATHS);
  const messages = (field: Field) => {
    const list = shown.byField[field]?.map(errorText);
    return list && list.length ? [...new Set(list)] : undefined;
  };
  const aria = (field: Field) => invalidProps(`rule-${field}`, messages(field));
  const onField = (k: keyof Draft) => (e: { target: { value: string } }) => {
    setErrors((list) => list.filter((x) => placeErrors([x], PATHS).byField[k as Field] === undefined));
    set(k)(e);
  };

  const threshold = num(draft.threshold);
  const recovery = num(draft.recovery);
  return (
    <section
      ref={sectionRef}
      className="card"
      aria-label={base ? t('editLabel', { name: base.name }) : t('newRule')}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !conflict) {
          e.stopPropagation();
          onDone(null);
        }
      }}
    >
      <h2>{base ? t('editTitle', { name: base.name, version: base.version }) : t('newRule')}</h2>
      <p className="note">{t('escapeHint')}</p>
      <form
        className="rule-form"
        aria-label={t('form')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('name')} <input ref={nameRef} value={draft.name} onChange={onField('name')} required maxLength={200} {...aria('name')} />
          <FieldError id="rule-name" messages={messages('name')} />
        </label>
        <label>
          {t('metric')}{' '}
          <select value={draft.metric} onChange={onField('metric')} {...aria('metric')}>
            {METRICS.map((v) => (
              <option key={v} value={v}>
                {t(`metrics.${v}`)}
              </option>
            ))}
          </select>
          <FieldError id="rule-metric" messages={messages('metric')} />
        </label>
        <label>
          {t('measure')}{' '}
          <select value={draft.measure} onChange={onField('measure')} {...aria('measure')}>
            {MEASURES.map((v) => (
              <option key={v} value={v}>
                {t(`measures.${v}`)}
              </option>
            ))}
          </select>
          <FieldError id="rule-measure" messages={messages('measure')} />
        </label>
        {perInstance && (
          <label>
            {t('filter')} <input value={draft.filter} onChange={onField('filter')} placeholder={t('filterPlaceholder')} {...aria('filter')} />
            <FieldError id="rule-filter" messages={messages('filter')} />
          </label>
        )}
        <label>
          {t('comparator')}{' '}
          <select value={draft.comparator} onChange={onField('comparator')} {...aria('comparator')}>
            {['>', '>=', '<', '<='].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
          <FieldError id="rule-comparator" messages={messages('comparator')} />
        </label>
        <label>
          {t('threshold')} <input type="number" step="any" value={draft.threshold} onChange={onField('threshold')} required {...aria('threshold')} />
          <FieldError id="rule-threshold" messages={messages('threshold')} />
        </label>
        <label>
          {t('recovery')} <input type="number" step="any" value={draft.recovery} onChange={onField('recovery')} placeholder={t('recoveryPlaceholder')} {...aria('recovery')} />
          <FieldError id="rule-recovery" messages={messages('recovery')} />
        </label>
        <label>
          {t('forSeconds')} <input type="number" min={0} value={draft.forSeconds} onChange={onField('forSeconds')} required {...aria('forSeconds')} />
          <FieldError id="rule-forSeconds" messages={messages('forSeconds')} />
        </label>
        <label>
          {t('keepFiring')} <input type="number" min={0} value={draft.keepFiringForSeconds} onChange={onField('keepFiringForSeconds')} {...aria('keepFiringForSeconds')} />
          <FieldError id="rule-keepFiringForSeconds" messages={messages('keepFiringForSeconds')} />
        </label>
        <label>
          {t('severity')}{' '}
          <select value={draft.severity} onChange={onField('severity')} {...aria('severity')}>
            {['info', 'warning', 'critical'].map((v) => (
              <option key={v} value={v}>
                {t(`severities.${v}`)}
              </option>
            ))}
          </select>
          <FieldError id="rule-severity" messages={messages('severity')} />
        </label>
        <label>
          {t('noData')}{' '}
          <select value={draft.noData} onChange={onField('noData')} {...aria('noData')}>
            {(['nodata', 'alerting', 'ok', 'keepLast'] as const).map((v) => (
              <option key={v} value={v}>
                {t(`noDataOptions.${v}`)}
              </option>
            ))}
          </select>
          <FieldError id="rule-noData" messages={messages('noData')} />
        </label>
        <label>
          {t('labels')} <input value={draft.labels} onChange={onField('labels')} placeholder="team=ops, env=prod" {...aria('labels')} />
          <FieldError id="rule-labels" messages={messages('labels')} />
        </label>
        <label>
          {t('description')} <input value={draft.description} onChange={onField('description')} placeholder="{{name}}: {{value}} on {{labels.server}}" {...aria('description')} />
          <FieldError id="rule-description" messages={messages('description')} />
        </label>
      </form>

      <figure className="chart" aria-label={t('chartLabel')}>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={chartData.rows} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={(v: number) => fmt.tick(v, chartData.rows.length > 1 ? chartData.rows[chartData.rows.length - 1]!.t! - chartData.rows[0]!.t! : 0)} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
            <YAxis tick={{ fill: 'var(--muted)', fontSize: 12 }} domain={['auto', 'auto']} />
            <Tooltip labelFormatter={(v) => fmt.when(Number(v))} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
            {chartData.series.length > 1 && <Legend />}
            {chartData.series.map((s, i) => (
              <Line key={s.key} dataKey={`s${i}`} name={s.key} stroke={COLORS[i]} dot={false} connectNulls={false} isAnimationActive={false} />
            ))}
            {threshold !== null && <ReferenceLine y={threshold} stroke="var(--bad)" strokeWidth={2} label={{ value: t('thresholdLine', { value: String(threshold) }), position: 'insideTopRight', fill: 'var(--bad)' }} ifOverflow="extendDomain" />}
            {recovery !== null && <ReferenceLine y={recovery} stroke="var(--ok)" strokeDasharray="6 3" label={{ value: t('recoveryLine', { value: String(recovery) }), position: 'insideBottomRight', fill: 'var(--ok)' }} ifOverflow="extendDomain" />}
          </LineChart>
        </ResponsiveContainer>
        <figcaption className="note">
          {t('chartCaption', { zone, threshold: threshold === null ? t('notANumberYet') : `${draft.comparator} ${threshold}`, recovery: recovery === null ? t('noRecovery') : String(recovery) })}
        </figcaption>
      </figure>
      <p role="status" aria-label={t('backtest')}>
        {body === null
          ? t('backtestWaiting')
          : backtest.error
            ? t('backtestFailed', { error: backtest.error })
            : !backtest.data || backtest.stale
              ? t('backtestComputing')
              : !backtest.data.supported
                ? t('backtestUnavailable', { reason: backtest.data.reason ?? '' })
                : t('backtestResult', { fired: backtest.data.fired ?? 0, evaluations: backtest.data.evaluations ?? 0 })}
      </p>

      {conflict && (
        <div className="error" role="alert">
          <p>
            {t('conflict', { version: conflict.current.version, by: conflict.current.updatedBy, at: fmt.when(conflict.current.updatedAt), fields: conflict.changed.join(', ') || c('none') })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('field')}</th>
                <th scope="col">{t('savedNow')}</th>
                <th scope="col">{t('yours')}</th>
              </tr>
            </thead>
            <tbody>
              {conflict.changed.map((f) => (
                <tr key={f}>
                  <th scope="row">{f}</th>
                  <td>{JSON.stringify((conflict.current as unknown as Record<string, unknown>)[f])}</td>
                  <td>{JSON.stringify((body as Record<string, unknown> | null)?.[f])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => { setBase(conflict.current); setDraft(draftOf(conflict.current)); setConflict(null); }}>
            {t('loadTheirs')}
          </button>{' '}
          <button type="button" onClick={() => { setBase(conflict.current); void save(conflict.current.version); setConflict(null); }}>
            {t('saveMine')}
          </button>
        </div>
      )}
      {shown.unplaced.length > 0 && (
        <ul className="error" role="alert">
          {shown.unplaced.map((e) => (
            <li key={e.path + e.message}>
              {e.path}: {errorText(e)}
            </li>
          ))}
        </ul>
      )}
      {Object.keys(shown.byField).length > 0 && errors.length > 0 ? (
        <p className="error" role="alert">
          {fe('nothingSaved')}
        </p>
      ) : null}
      <div className="toolbar">
        <button type="button" disabled={saving} onClick={() => void save()}>
          {base ? t('saveChanges') : t('saveRule')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {c('cancel')}
        </button>
      </div>
    </section>
  );
}
