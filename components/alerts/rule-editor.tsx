'use client';
// The threshold editor: the rule's fields, the watched series with the threshold and recovery lines
// drawn while typing, the 24 h backtest count before saving, and a stale save's conflict shown.
import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { sendJson, useBacktest, type RuleView } from '@/lib/hooks/use-alerts';

const METRICS: [string, string][] = [
  ['maxMean', 'max/mean (peak-to-average)'],
  ['jain', "Jain's index"],
  ['cv', 'coefficient of variation'],
  ['gini', 'Gini coefficient'],
  ['serverShare', "server's share of the load (each server)"],
  ['serverDown', 'server down (each server)'],
  ['dataAge', 'data age in seconds (each server)'],
  ['unownedApp', 'app with no live owner (each app)'],
  ['splitOwner', 'servers claiming an app (each app)'],
];
const MEASURES: [string, string][] = [
  ['apps', 'apps owned'],
  ['workers', 'workers connected'],
  ['running', 'running instances'],
  ['capacity', 'worker capacity (Σ score)'],
  ['mix', 'weighted mix'],
];
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

const time = (t: number) => new Date(t).toISOString().slice(11, 16);

interface Conflict {
  current: RuleView;
  changed: string[];
}

export function RuleEditor({ rule, onDone }: { rule: RuleView | null; onDone: (saved: RuleView | null) => void }) {
  const [base, setBase] = useState<RuleView | null>(rule);
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const body = useMemo(() => bodyOf(draft), [draft]);
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
    if (!body || !draft.name.trim()) {
      setErrors([{ path: 'name', message: 'a rule needs a name and numbers in every number field' }]);
      return;
    }
    setSaving(true);
    type Answer = RuleView & { errors?: { path: string; message: string }[]; current?: RuleView; changed?: string[] };
    const r = base
      ? await sendJson<Answer>('PUT', `/api/alert-rules/${base.id}`, { ...body, version: overVersion ?? base.version })
      : await sendJson<Answer>('POST', '/api/alert-rules', body);
    setSaving(false);
    if (r.status === 409 && r.json.current) {
      setConflict({ current: r.json.current, changed: r.json.changed ?? [] });
      return;
    }
    if (!r.ok) {
      setErrors(r.json.errors ?? [{ path: '(rule)', message: `HTTP ${r.status}` }]);
      return;
    }
    onDone(r.json);
  }

  const threshold = num(draft.threshold);
  const recovery = num(draft.recovery);
  return (
    <section className="card" aria-label={base ? `Edit rule ${base.name}` : 'New rule'}>
      <h2>{base ? `Edit rule: ${base.name} (version ${base.version})` : 'New rule'}</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Name <input value={draft.name} onChange={set('name')} required maxLength={200} />
        </label>
        <label>
          Metric{' '}
          <select value={draft.metric} onChange={set('metric')}>
            {METRICS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          Load measure{' '}
          <select value={draft.measure} onChange={set('measure')}>
            {MEASURES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {perInstance && (
          <label>
            Only servers/apps matching <input value={draft.filter} onChange={set('filter')} placeholder="e.g. 10.0.0.* (all when empty)" />
          </label>
        )}
        <label>
          Comparator{' '}
          <select value={draft.comparator} onChange={set('comparator')}>
            {['>', '>=', '<', '<='].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Threshold <input type="number" step="any" value={draft.threshold} onChange={set('threshold')} required />
        </label>
        <label>
          Recovery threshold <input type="number" step="any" value={draft.recovery} onChange={set('recovery')} placeholder="none" />
        </label>
        <label>
          Pending for (s) <input type="number" min={0} value={draft.forSeconds} onChange={set('forSeconds')} required />
        </label>
        <label>
          Keep firing for (s) <input type="number" min={0} value={draft.keepFiringForSeconds} onChange={set('keepFiringForSeconds')} />
        </label>
        <label>
          Severity{' '}
          <select value={draft.severity} onChange={set('severity')}>
            {['info', 'warning', 'critical'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          When there is no data{' '}
          <select value={draft.noData} onChange={set('noData')}>
            <option value="nodata">no-data state (notified)</option>
            <option value="alerting">treat as alerting</option>
            <option value="ok">treat as OK</option>
            <option value="keepLast">keep the last state</option>
          </select>
        </label>
        <label>
          Labels <input value={draft.labels} onChange={set('labels')} placeholder="team=ops, env=prod" />
        </label>
        <label>
          Description <input value={draft.description} onChange={set('description')} placeholder="{{name}}: {{value}} on {{labels.server}}" />
        </label>
      </form>

      <figure className="chart" aria-label="Watched series with threshold">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={chartData.rows} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={time} tick={{ fill: 'var(--muted)', fontSize: 12 }} />
            <YAxis tick={{ fill: 'var(--muted)', fontSize: 12 }} domain={['auto', 'auto']} />
            <Tooltip labelFormatter={(t) => new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
            {chartData.series.length > 1 && <Legend />}
            {chartData.series.map((s, i) => (
              <Line key={s.key} dataKey={`s${i}`} name={s.key} stroke={COLORS[i]} dot={false} connectNulls={false} isAnimationActive={false} />
            ))}
            {threshold !== null && <ReferenceLine y={threshold} stroke="var(--bad)" strokeWidth={2} label={{ value: `threshold ${threshold}`, position: 'insideTopRight', fill: 'var(--bad)' }} ifOverflow="extendDomain" />}
            {recovery !== null && <ReferenceLine y={recovery} stroke="var(--ok)" strokeDasharray="6 3" label={{ value: `recovery ${recovery}`, position: 'insideBottomRight', fill: 'var(--ok)' }} ifOverflow="extendDomain" />}
          </LineChart>
        </ResponsiveContainer>
        <figcaption className="note">
          The last 24 h of the stored series (the extreme value of each bucket). Red: the threshold
          {threshold === null ? ' (not a number yet)' : ` ${draft.comparator} ${threshold}`}; green dashed: the recovery threshold{recovery === null ? ' (none)' : ` ${recovery}`}.
        </figcaption>
      </figure>
      <p role="status" aria-label="Backtest">
        {body === null
          ? 'Backtest: waiting for numbers in every number field.'
          : backtest.error
            ? `Backtest failed: ${backtest.error}`
            : !backtest.data || backtest.stale
              ? 'Backtest: computing…'
              : !backtest.data.supported
                ? `Backtest: not available (${backtest.data.reason}).`
                : `Would have fired ${backtest.data.fired} time${backtest.data.fired === 1 ? '' : 's'} in the last 24 h (${backtest.data.evaluations} evaluations of stored samples).`}
      </p>

      {conflict && (
        <div className="error" role="alert">
          <p>
            Someone else saved this rule while you were editing: version {conflict.current.version} by {conflict.current.updatedBy} at {conflict.current.updatedAt.slice(0, 19).replace('T', ' ')} UTC.
            Nothing of yours was saved. Fields that differ from yours: {conflict.changed.join(', ') || 'none'}.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Saved now</th>
                <th scope="col">Yours</th>
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
            Load their version
          </button>{' '}
          <button type="button" onClick={() => { setBase(conflict.current); void save(conflict.current.version); setConflict(null); }}>
            Save mine over it
          </button>
        </div>
      )}
      {errors.length > 0 && (
        <ul className="error" role="alert">
          {errors.map((e) => (
            <li key={e.path + e.message}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <button type="button" disabled={saving} onClick={() => void save()}>
          {base ? 'Save changes' : 'Save rule'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
