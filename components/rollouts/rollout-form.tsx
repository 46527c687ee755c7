'use client';
// Creating a rollout: the candidate, the eligible subset, the key, the steps, a fairness guardrail
// and the move policy, with the strategy preview (what the candidate would do to the live cluster)
// before anything starts. Errors from the API are shown beside the form, naming each field.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useApi } from '@/lib/hooks/use-api';
import { useCan } from '@/components/auth/session';

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
  strategies: { kind: string; rebalanced: PreviewSummary; onlyWhatMustMove: PreviewSummary }[];
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** "10% 60s, 50% manual, 100% manual" → steps. */
export function parseSteps(text: string): { percent: number; pause: { manual: true } | { seconds: number } }[] | string {
  const out: { percent: number; pause: { manual: true } | { seconds: number } }[] = [];
  for (const part of list(text)) {
    const m = /^(\d{1,3})%?\s+(manual|(\d+)\s*s)$/i.exec(part);
    if (!m) return `"${part}" is not like "10% 60s" or "50% manual"`;
    out.push({ percent: Number(m[1]), pause: m[3] ? { seconds: Number(m[3]) } : { manual: true } });
  }
  return out.length ? out : 'at least one step';
}

export function RolloutForm({ kinds }: { kinds: string[] }) {
  const router = useRouter();
  const canCreate = useCan('operator');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('bounded-load');
  const [params, setParams] = useState('{}');
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const [tags, setTags] = useState('');
  const [ranges, setRanges] = useState('');
  const [minVersion, setMinVersion] = useState('');
  const [key, setKey] = useState<'app' | 'worker'>('app');
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
  const [preview, setPreview] = useState<Preview | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  function candidate(): { kind: string; params: Record<string, unknown> } | null {
    try {
      const p = JSON.parse(params || '{}') as unknown;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error('must be a JSON object');
      return { kind, params: p as Record<string, unknown> };
    } catch (e) {
      setErrors([`Parameters: ${(e as Error).message}`]);
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

  async function runPreview() {
    const c = candidate();
    if (!c) return;
    setBusy(true);
    setErrors([]);
    const selector = selectorOf();
    const res = await fetch('/api/strategies/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ candidate: c, ...(Object.keys(selector).length ? { selector } : {}) }),
    });
    const body = (await res.json()) as Preview & { detail?: string };
    if (res.ok) setPreview(body);
    else setErrors([body.detail ?? `HTTP ${res.status}`]);
    setBusy(false);
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    const c = candidate();
    const s = parseSteps(steps);
    if (!c) return;
    if (typeof s === 'string') return setErrors([`Steps: ${s}`]);
    const selector = selectorOf();
    const body = {
      name,
      candidate: c,
      ...(Object.keys(selector).length ? { selector } : {}),
      key,
      steps: s,
      guardrails: [
        ...(maxMean ? [{ kind: 'fairness', metric: 'maxMean', threshold: Number(maxMean), action: guardAction }] : []),
        ...(moves && jobsGuard ? [{ kind: 'jobs', action: 'pause' }] : []),
        ...(alertRule ? [{ kind: 'alert', ruleId: alertRule, action: alertAction }] : []),
      ],
      moves: { enabled: moves, perMinute: Number(perMinute), keepBalanced, allowBusy },
    };
    setBusy(true);
    setErrors([]);
    const res = await fetch('/api/rollouts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const out = (await res.json()) as { id?: string; detail?: string; errors?: { path: string; message: string }[] };
    setBusy(false);
    if (res.ok && out.id) router.push(`/rollouts/${out.id}`);
    else setErrors([out.detail ?? `HTTP ${res.status}`, ...(out.errors ?? []).map((e) => `${e.path}: ${e.message}`)]);
  }

  const p = preview?.strategies[0];
  if (!canCreate) return <p role="note">Creating a rollout needs the operator role; ask an admin.</p>;
  return (
    <form onSubmit={create} aria-label="New rollout" className="form-grid">
      <fieldset>
        <legend>What</legend>
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Candidate strategy
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Parameters (JSON) <input value={params} onChange={(e) => setParams(e.target.value)} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Which workers (empty: all)</legend>
        <label>
          App names or patterns <input value={include} onChange={(e) => setInclude(e.target.value)} placeholder="order-*, pay" />
        </label>
        <label>
          Except apps <input value={exclude} onChange={(e) => setExclude(e.target.value)} />
        </label>
        <label>
          Worker tags <input value={tags} onChange={(e) => setTags(e.target.value)} />
        </label>
        <label>
          Address ranges <input value={ranges} onChange={(e) => setRanges(e.target.value)} placeholder="10.0.0.0/8, 10.1.0.5-10.1.0.9" />
        </label>
        <label>
          Minimum client version <input value={minVersion} onChange={(e) => setMinVersion(e.target.value)} placeholder="4.3.0" />
        </label>
        <label>
          Bucket by
          <select value={key} onChange={(e) => setKey(e.target.value as 'app' | 'worker')}>
            <option value="app">app (recommended)</option>
            <option value="worker">worker</option>
          </select>
        </label>
        {key === 'worker' ? (
          <p className="note" role="note">
            PowerJob binds whole apps to one server: with workers bucketed one by one, an app&apos;s workers may get different orders, and an app moves only once all of its workers are in the cohort.
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>How</legend>
        <label>
          Steps <input value={steps} onChange={(e) => setSteps(e.target.value)} aria-describedby="steps-help" />
        </label>
        <p id="steps-help" className="note">
          Percent, then a timed pause (<code>60s</code>) or a manual one (<code>manual</code>), comma-separated.
        </p>
        <label>
          Guardrail: max/mean above <input value={maxMean} onChange={(e) => setMaxMean(e.target.value)} inputMode="decimal" placeholder="1.5" />
        </label>
        <label>
          then
          <select aria-label="Action when max/mean is above the threshold" value={guardAction} onChange={(e) => setGuardAction(e.target.value as 'pause' | 'abort')}>
            <option value="pause">pause</option>
            <option value="abort">abort</option>
          </select>
        </label>
        <label>
          Guardrail: when this alert rule fires
          <select value={alertRule} onChange={(e) => setAlertRule(e.target.value)}>
            <option value="">no alert rule</option>
            {rules.map((r) => (
              <option key={r.id} value={String(r.id)}>{r.name}</option>
            ))}
          </select>
        </label>
        <label>
          then
          <select aria-label="Action when the alert rule fires" value={alertAction} onChange={(e) => setAlertAction(e.target.value as 'pause' | 'abort')} disabled={!alertRule}>
            <option value="pause">pause</option>
            <option value="abort">abort</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={moves} onChange={(e) => setMoves(e.target.checked)} /> Move cohort apps to the candidate&apos;s choice
        </label>
        <label>
          Moves per minute <input value={perMinute} onChange={(e) => setPerMinute(e.target.value)} inputMode="numeric" disabled={!moves} />
        </label>
        <label className="check">
          <input type="checkbox" checked={allowBusy} onChange={(e) => setAllowBusy(e.target.checked)} disabled={!moves} /> Also move apps with no quiet window (a job due before their workers can follow; its runs may fail)
        </label>
        <label className="check">
          <input type="checkbox" checked={jobsGuard} onChange={(e) => setJobsGuard(e.target.checked)} disabled={!moves} /> Pause when moved apps&apos; job runs fail or go missing more than before their move (PowerJob&apos;s instance_info)
        </label>
        <label className="check">
          <input type="checkbox" checked={keepBalanced} onChange={(e) => setKeepBalanced(e.target.checked)} disabled={!moves} /> After the last step, keep the cluster balanced until stopped (a standing policy)
        </label>
      </fieldset>
      <div className="toolbar">
        <button type="button" onClick={() => void runPreview()} disabled={busy}>
          Preview
        </button>
        <button type="submit" disabled={busy}>
          Create rollout
        </button>
      </div>
      {errors.length ? (
        <ul role="alert" className="error">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      {preview && p ? (
        <table>
          <caption>
            Preview of {p.kind} on the live cluster ({preview.servers.length} servers, {preview.apps} apps, {preview.workers} workers): what 100% would give
            {preview.admittedApps < preview.apps ? `, moving only the ${preview.admittedApps} apps the selector admits` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Placement</th>
              <th scope="col" className="num">Max / mean</th>
              <th scope="col" className="num">Jain</th>
              <th scope="col" className="num">Apps moved</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">now</th>
              <td className="num">{preview.current.fairness.maxMean.toFixed(2)}</td>
              <td className="num">{preview.current.fairness.jain.toFixed(2)}</td>
              <td className="num">0</td>
            </tr>
            <tr>
              <th scope="row">with moves (rebalanced)</th>
              <td className="num">{p.rebalanced.fairness.maxMean.toFixed(2)}</td>
              <td className="num">{p.rebalanced.fairness.jain.toFixed(2)}</td>
              <td className="num">{p.rebalanced.appsMoved}</td>
            </tr>
            <tr>
              <th scope="row">without moves (only what must move)</th>
              <td className="num">{p.onlyWhatMustMove.fairness.maxMean.toFixed(2)}</td>
              <td className="num">{p.onlyWhatMustMove.fairness.jain.toFixed(2)}</td>
              <td className="num">{p.onlyWhatMustMove.appsMoved}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
    </form>
  );
}
