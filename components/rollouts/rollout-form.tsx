'use client';
// Creating a rollout: the candidate, the eligible subset, the key, the steps, a fairness guardrail
// the move policy and the contact points told of its events, with the strategy preview (what the candidate would do to the live cluster)
// before anything starts. Errors from the API are shown beside the form, naming each field.
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useApi } from '@/lib/hooks/use-api';
import { useContactPoints } from '@/lib/hooks/use-alerts';
import { rolloutActions, strategyActions } from '@/lib/hooks/use-rollouts';
import { ROLLOUT_NOTICE_EVENTS } from '@/lib/domain/rollout-notices';
import { useCan } from '@/components/auth/session';
import { FieldError, invalidProps, placeErrors, useErrorText, useProblemText, type ApiFieldError } from '@/components/ui/field-errors';
import { PlanTables, type MovePlan } from './plan-tables';
import { rolloutIdOf } from '@/lib/domain/rollout-id';

interface PreviewSummary {
  fairness: { maxMean: number; jain: number };
  appsMoved: number;
  workersMoved: number;
}
interface Preview {
  apps: number;
  /** apps the selector admits: the only ones the preview moves */
  admittedApps: number;
  workers: number;
  servers: { address: string }[];
  current: PreviewSummary;
  strategies: { kind: string; rebalanced: PreviewSummary; onlyWhatMustMove: PreviewSummary; plan: MovePlan }[];
}

/** What a rollout can balance: the Overview's measures, and job runs per minute from PowerJob's job_info. */
const MEASURES = ['apps', 'workers', 'running', 'capacity', 'mix', 'triggers'] as const;
type Measure = (typeof MEASURES)[number];

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** "10% 60s, 50% manual, 100% manual" → steps, or what is wrong (the part that is not a step, or none). */
export function parseSteps(text: string): { percent: number; pause: { manual: true } | { seconds: number } }[] | { bad: string } | { none: true } {
  const out: { percent: number; pause: { manual: true } | { seconds: number } }[] = [];
  for (const part of list(text)) {
    const m = /^(\d{1,3})%?\s+(manual|(\d+)\s*s)$/i.exec(part);
    if (!m) return { bad: part };
    out.push({ percent: Number(m[1]), pause: m[3] ? { seconds: Number(m[3]) } : { manual: true } });
  }
  return out.length ? out : { none: true };
}

type Field = 'name' | 'kind' | 'params' | 'include' | 'exclude' | 'tags' | 'ranges' | 'minVersion' | 'key' | 'measure' | 'steps' | 'maxMean' | 'alertRule' | 'perMinute' | 'budget' | 'notifyTo' | 'notifyEvents';

/** API paths to form fields; the guardrails' indices depend on which were sent. */
function pathToField(hasMaxMean: boolean, hasAlert: boolean): Record<string, Field> {
  return {
    name: 'name',
    'candidate.kind': 'kind',
    candidate: 'params',
    'selector.apps.include': 'include',
    'selector.apps.exclude': 'exclude',
    'selector.apps': 'include',
    'selector.tags': 'tags',
    'selector.addresses': 'ranges',
    'selector.versions': 'minVersion',
    key: 'key',
    measure: 'measure',
    steps: 'steps',
    ...(hasMaxMean ? { 'guardrails.0': 'maxMean' as const } : {}),
    ...(hasAlert ? { [`guardrails.${hasMaxMean ? 1 : 0}`]: 'alertRule' as const } : {}),
    'moves.budget': 'budget',
    moves: 'perMinute',
    budget: 'budget',
    notify: 'notifyTo',
    'notify.contactPoints': 'notifyTo',
    'notify.events': 'notifyEvents',
  };
}

export function RolloutForm({ kinds }: { kinds: string[] }) {
  const t = useTranslations('rolloutForm');
  const f = useTranslations('fieldErrors');
  const errorText = useErrorText();
  const problemText = useProblemText();
  const router = useRouter();
  const canCreate = useCan('operator');
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState('bounded-load');
  const [params, setParams] = useState('{}');
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const [tags, setTags] = useState('');
  const [ranges, setRanges] = useState('');
  const [minVersion, setMinVersion] = useState('');
  const [key, setKey] = useState<'app' | 'worker'>('app');
  const [measure, setMeasure] = useState<Measure>('apps');
  const [budget, setBudget] = useState('');
  const [steps, setSteps] = useState('10% 60s, 50% manual, 100% manual');
  const [maxMean, setMaxMean] = useState('');
  const [guardAction, setGuardAction] = useState<'pause' | 'abort'>('pause');
  const [alertRule, setAlertRule] = useState('');
  const [alertAction, setAlertAction] = useState<'pause' | 'abort'>('abort');
  const rules = useApi<{ rules: { id: number; name: string }[] }>('/api/alert-rules', 30_000).data?.rules ?? [];
  const [moves, setMoves] = useState(false);
  const [perMinute, setPerMinute] = useState('5');
  const [keepBalanced, setKeepBalanced] = useState(false);
  const [allowBusy, setAllowBusy] = useState(false);
  const [jobsGuard, setJobsGuard] = useState(true);
  const contactPoints = useContactPoints().data?.contactPoints ?? [];
  const [notifyTo, setNotifyTo] = useState<number[]>([]);
  const [notifyEvents, setNotifyEvents] = useState<string[]>([...ROLLOUT_NOTICE_EVENTS]);
  const k = useTranslations('alerts.contacts');
  const [preview, setPreview] = useState<Preview | null>(null);
  // the id the rollout is created with, made now: the preview buckets each step's cohort by it
  const [rolloutId] = useState(() => rolloutIdOf(crypto.getRandomValues(new Uint8Array(5))));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string[]>>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  /** Shows errors beside their fields (and the rest under the form), and moves focus to the first invalid field. */
  function showErrors(byField: Partial<Record<Field, string[]>>, other: string[] = []) {
    setFieldErrors(byField);
    setOtherErrors(other);
    const first = (Object.keys(byField) as Field[])[0];
    if (first) requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`#ro-${first}`)?.focus());
  }

  function candidate(): { kind: string; params: Record<string, unknown> } | null {
    try {
      const p = JSON.parse(params || '{}') as unknown;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error('not an object');
      return { kind, params: p as Record<string, unknown> };
    } catch {
      showErrors({ params: [t('paramsObject')] });
      return null;
    }
  }

  /** The selector the fields describe; empty fields do not narrow. */
  function selectorOf() {
    return {
      ...(include || exclude ? { apps: { ...(include ? { include: list(include) } : {}), ...(exclude ? { exclude: list(exclude) } : {}) } } : {}),
      ...(tags ? { tags: { include: list(tags) } } : {}),
      ...(ranges ? { addresses: { include: list(ranges) } } : {}),
      ...(minVersion ? { versions: { min: minVersion.trim() } } : {}),
    };
  }

  /** A problem+json answer: its field errors placed on the fields, the rest (and the detail) under the form. */
  function showProblem(out: { detail?: string; code?: string; params?: Record<string, unknown>; errors?: ApiFieldError[] }, status: number) {
    const { byField, unplaced } = placeErrors(out.errors ?? [], pathToField(Boolean(maxMean), Boolean(alertRule)));
    const placed: Partial<Record<Field, string[]>> = {};
    // a strategy parameter's error names the parameter (candidate.params.epsilon → epsilon)
    for (const [field, errs] of Object.entries(byField)) placed[field as Field] = errs.map((e) => (/^candidate\.params\./.test(e.path) ? `${e.path.slice('candidate.params.'.length)}: ${errorText(e)}` : errorText(e)));
    const other = [...unplaced.map((e) => `${e.path}: ${errorText(e)}`)];
    if (Object.keys(placed).length) other.unshift(f('nothingSaved'));
    else if (out.detail || !other.length) other.unshift(problemText(out, status));
    showErrors(placed, other);
  }

  async function runPreview() {
    const c = candidate();
    if (!c) return;
    setBusy(true);
    showErrors({});
    const selector = selectorOf();
    const s = parseSteps(steps);
    const b = budgetOf();
    if (b === undefined) return setBusy(false);
    // the plan step by step, under the measure the rollout will balance (job triggers need the rollout itself: apps here)
    const answer = await strategyActions.preview<Preview>({
        candidate: c,
        rolloutId,
        ...(Object.keys(selector).length ? { selector } : {}),
        measure: measure === 'triggers' ? 'apps' : measure,
        key,
        ...(Array.isArray(s) ? { steps: s.map((x) => x.percent) } : {}),
        ...(b === null ? {} : { budget: b }),
    });
    if (answer.ok) setPreview(answer.data);
    else showProblem(answer.problem, answer.status);
    setBusy(false);
  }

  /** The move budget field: null when empty, undefined (and the error shown) when not a whole number above 0. */
  function budgetOf(): number | null | undefined {
    if (budget.trim() === '') return null;
    const n = Number(budget);
    if (Number.isInteger(n) && n >= 1) return n;
    showErrors({ budget: [t('budgetBad')] });
    return undefined;
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    const c = candidate();
    if (!c) return;
    const s = parseSteps(steps);
    if (!Array.isArray(s)) return showErrors({ steps: ['bad' in s ? t('stepBad', { part: s.bad }) : t('stepNone')] });
    const selector = selectorOf();
    const threshold = maxMean.trim() === '' ? null : Number(maxMean);
    if (threshold !== null && !Number.isFinite(threshold)) return showErrors({ maxMean: [f('notANumber')] });
    const b = budgetOf();
    if (b === undefined) return;
    const body = {
      id: rolloutId,
      name,
      candidate: c,
      ...(Object.keys(selector).length ? { selector } : {}),
      key,
      measure,
      steps: s,
      guardrails: [
        ...(threshold !== null ? [{ kind: 'fairness', metric: 'maxMean', threshold, action: guardAction }] : []),
        ...(moves && jobsGuard ? [{ kind: 'jobs', action: 'pause' }] : []),
        ...(alertRule ? [{ kind: 'alert', ruleId: alertRule, action: alertAction }] : []),
      ],
      moves: { enabled: moves, perMinute: Number(perMinute), keepBalanced, allowBusy, ...(b === null ? {} : { budget: b }) },
      // the events in the order they happen, whatever order they were ticked in
      ...(notifyTo.length ? { notify: { contactPoints: notifyTo, events: ROLLOUT_NOTICE_EVENTS.filter((e) => notifyEvents.includes(e)) } } : {}),
    };
    setBusy(true);
    showErrors({});
    const answer = await rolloutActions.create(body);
    setBusy(false);
    if (answer.ok && answer.data.id) router.push(`/rollouts/${answer.data.id}`);
    else showProblem(answer.ok ? {} : answer.problem, answer.status);
  }

  const p = preview?.strategies[0];
  const err = (field: Field) => fieldErrors[field];
  const aria = (field: Field, describedBy?: string) => invalidProps(`ro-${field}`, err(field), describedBy);
  if (!canCreate) return <p role="note">{t('operatorOnly')}</p>;
  return (
    <form ref={formRef} onSubmit={create} aria-label={t('form')} className="form-grid" noValidate>
      <fieldset>
        <legend>{t('what')}</legend>
        <label>
          {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} required {...aria('name')} />
          <FieldError id="ro-name" messages={err('name')} />
        </label>
        <label>
          {t('candidate')}
          <select value={kind} onChange={(e) => setKind(e.target.value)} {...aria('kind')}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <FieldError id="ro-kind" messages={err('kind')} />
        </label>
        <label>
          {t('params')} <input value={params} onChange={(e) => setParams(e.target.value)} {...aria('params')} />
          <FieldError id="ro-params" messages={err('params')} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('which')}</legend>
        <label>
          {t('include')} <input value={include} onChange={(e) => setInclude(e.target.value)} placeholder="order-*, pay" {...aria('include')} />
          <FieldError id="ro-include" messages={err('include')} />
        </label>
        <label>
          {t('exclude')} <input value={exclude} onChange={(e) => setExclude(e.target.value)} {...aria('exclude')} />
          <FieldError id="ro-exclude" messages={err('exclude')} />
        </label>
        <label>
          {t('tags')} <input value={tags} onChange={(e) => setTags(e.target.value)} {...aria('tags')} />
          <FieldError id="ro-tags" messages={err('tags')} />
        </label>
        <label>
          {t('ranges')} <input value={ranges} onChange={(e) => setRanges(e.target.value)} placeholder="10.0.0.0/8, 10.1.0.5-10.1.0.9" {...aria('ranges')} />
          <FieldError id="ro-ranges" messages={err('ranges')} />
        </label>
        <label>
          {t('minVersion')} <input value={minVersion} onChange={(e) => setMinVersion(e.target.value)} placeholder="4.3.0" {...aria('minVersion')} />
          <FieldError id="ro-minVersion" messages={err('minVersion')} />
        </label>
        <label>
          {t('key')}
          <select value={key} onChange={(e) => setKey(e.target.value as 'app' | 'worker')} {...aria('key')}>
            <option value="app">{t('keyApp')}</option>
            <option value="worker">{t('keyWorker')}</option>
          </select>
          <FieldError id="ro-key" messages={err('key')} />
        </label>
        <label>
          {t('measure')}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)} {...aria('measure', 'measure-help')}>
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`measures.${m}`)}
              </option>
            ))}
          </select>
          <FieldError id="ro-measure" messages={err('measure')} />
        </label>
        <p id="measure-help" className="note">
          {t('measureHelp')}
        </p>
        {key === 'worker' ? (
          <p className="note" role="note">
            {t('keyWarning')}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t('how')}</legend>
        <label>
          {t('steps')} <input value={steps} onChange={(e) => setSteps(e.target.value)} {...aria('steps', 'steps-help')} />
          <FieldError id="ro-steps" messages={err('steps')} />
        </label>
        <p id="steps-help" className="note">
          {t.rich('stepsHelp', { code: (chunks) => <code>{chunks}</code> })}
        </p>
        <label>
          {t('maxMean')} <input value={maxMean} onChange={(e) => setMaxMean(e.target.value)} inputMode="decimal" placeholder={t('maxMeanPlaceholder')} {...aria('maxMean')} />
          <FieldError id="ro-maxMean" messages={err('maxMean')} />
        </label>
        <label>
          {t('then')}
          <select aria-label={t('maxMeanAction')} value={guardAction} onChange={(e) => setGuardAction(e.target.value as 'pause' | 'abort')}>
            <option value="pause">{t('pause')}</option>
            <option value="abort">{t('abort')}</option>
          </select>
        </label>
        <label>
          {t('alertRule')}
          <select value={alertRule} onChange={(e) => setAlertRule(e.target.value)} {...aria('alertRule')}>
            <option value="">{t('noAlertRule')}</option>
            {rules.map((r) => (
              <option key={r.id} value={String(r.id)}>{r.name}</option>
            ))}
          </select>
          <FieldError id="ro-alertRule" messages={err('alertRule')} />
        </label>
        <label>
          {t('then')}
          <select aria-label={t('alertAction')} value={alertAction} onChange={(e) => setAlertAction(e.target.value as 'pause' | 'abort')} disabled={!alertRule}>
            <option value="pause">{t('pause')}</option>
            <option value="abort">{t('abort')}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={moves} onChange={(e) => setMoves(e.target.checked)} /> {t('moves')}
        </label>
        <label>
          {t('perMinute')} <input value={perMinute} onChange={(e) => setPerMinute(e.target.value)} inputMode="numeric" disabled={!moves} {...aria('perMinute')} />
          <FieldError id="ro-perMinute" messages={err('perMinute')} />
        </label>
        <label>
          {t('budget')} <input value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="numeric" placeholder={t('budgetPlaceholder')} disabled={!moves} {...aria('budget')} />
          <FieldError id="ro-budget" messages={err('budget')} />
        </label>
        <label className="check">
          <input type="checkbox" checked={allowBusy} onChange={(e) => setAllowBusy(e.target.checked)} disabled={!moves} /> {t('allowBusy')}
        </label>
        <label className="check">
          <input type="checkbox" checked={jobsGuard} onChange={(e) => setJobsGuard(e.target.checked)} disabled={!moves} /> {t('jobsGuard')}
        </label>
        <label className="check">
          <input type="checkbox" checked={keepBalanced} onChange={(e) => setKeepBalanced(e.target.checked)} disabled={!moves} /> {t('keepBalanced')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('notify.legend')}</legend>
        <p id="notify-help" className="note">
          {t('notify.help')}
        </p>
        {contactPoints.length === 0 ? <p className="note">{t('notify.noContactPoints')}</p> : null}
        <div role="group" className="check-list" aria-label={t('notify.contactPoints')} tabIndex={-1} {...aria('notifyTo', 'notify-help')}>
          {contactPoints.map((cp) => (
            <label key={cp.id}>
              <input
                type="checkbox"
                checked={notifyTo.includes(cp.id)}
                onChange={(e) => setNotifyTo(e.target.checked ? [...notifyTo, cp.id] : notifyTo.filter((id) => id !== cp.id))}
              />{' '}
              {t('notify.contactPoint', { name: cp.name, kind: k(`kinds.${cp.kind}`) })}
            </label>
          ))}
        </div>
        <FieldError id="ro-notifyTo" messages={err('notifyTo')} />
        <div role="group" className="check-list" aria-label={t('notify.eventsLabel')} tabIndex={-1} {...aria('notifyEvents')}>
          {ROLLOUT_NOTICE_EVENTS.map((e) => (
            <label key={e}>
              <input
                type="checkbox"
                checked={notifyEvents.includes(e)}
                disabled={!notifyTo.length}
                onChange={(ev) => setNotifyEvents(ev.target.checked ? [...notifyEvents, e] : notifyEvents.filter((x) => x !== e))}
              />{' '}
              {t(`notify.events.${e}`)}
            </label>
          ))}
        </div>
        <FieldError id="ro-notifyEvents" messages={err('notifyEvents')} />
      </fieldset>
      <div className="toolbar">
        <button type="button" onClick={() => void runPreview()} disabled={busy}>
          {t('preview')}
        </button>
        <button type="submit" disabled={busy}>
          {t('create')}
        </button>
      </div>
      {otherErrors.length ? (
        <ul role="alert" className="error">
          {otherErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      {preview && p ? (
        <div className="table-box">
          <table>
            <caption>
              {t('previewCaption', { kind: p.kind, servers: preview.servers.length, apps: preview.apps, workers: preview.workers })}
              {preview.admittedApps < preview.apps ? t('previewOnly', { count: preview.admittedApps }) : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('placement')}</th>
                <th scope="col" className="num">{t('maxMeanCol')}</th>
                <th scope="col" className="num">{t('jain')}</th>
                <th scope="col" className="num">{t('appsMoved')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('now')}</th>
                <td className="num">{preview.current.fairness.maxMean.toFixed(2)}</td>
                <td className="num">{preview.current.fairness.jain.toFixed(2)}</td>
                <td className="num">0</td>
              </tr>
              <tr>
                <th scope="row">{t('withMoves')}</th>
                <td className="num">{p.rebalanced.fairness.maxMean.toFixed(2)}</td>
                <td className="num">{p.rebalanced.fairness.jain.toFixed(2)}</td>
                <td className="num">{p.rebalanced.appsMoved}</td>
              </tr>
              <tr>
                <th scope="row">{t('withoutMoves')}</th>
                <td className="num">{p.onlyWhatMustMove.fairness.maxMean.toFixed(2)}</td>
                <td className="num">{p.onlyWhatMustMove.fairness.jain.toFixed(2)}</td>
                <td className="num">{p.onlyWhatMustMove.appsMoved}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
      {preview && p ? <PlanTables plan={p.plan} /> : null}
    </form>
  );
}

