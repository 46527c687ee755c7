'use client';
// The audit log: filters in the URL, newest first, older pages appended on demand.
import { useEffect, useState } from 'react';
import { useApi } from '@/lib/hooks/use-api';
import { useUrlState } from '@/lib/hooks/use-url-state';
import { Freshness } from '@/components/ui/freshness';
import { EmptyState } from '@/components/ui/empty-state';

interface Entry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  detail: string | null;
}
interface AuditPage {
  entries: Entry[];
  next: number | null;
  facets: { actors: string[]; actions: string[] };
}

const DEFAULTS = { actor: '', action: '', target: '' };

/** Action prefixes worth filtering by: `rollout.` for `rollout.promote`, and each action itself. */
function actionChoices(actions: string[]): string[] {
  const prefixes = new Set<string>();
  for (const a of actions) if (a.includes('.')) prefixes.add(`${a.slice(0, a.indexOf('.'))}.`);
  return [...prefixes, ...actions].sort();
}

const show = (v: unknown) => (v === null || v === undefined ? '–' : JSON.stringify(v));

export function AuditList() {
  const [state, set, query] = useUrlState(DEFAULTS);
  const { data, error, updatedAt } = useApi<AuditPage>(`/api/audit?${query}`);
  const [older, setOlder] = useState<Entry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    setOlder([]);
    setNext(null);
  }, [query]);
  const cursor = older.length ? next : (data?.next ?? null);

  async function loadOlder() {
    if (cursor === null) return;
    setLoading(true);
    setLoadError(null);
    try {
      const params = new URLSearchParams(query);
      params.set('before', String(cursor));
      const res = await fetch(`/api/audit?${params}`, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${res.status}`);
      const page = (await res.json()) as AuditPage;
      setOlder((o) => [...o, ...page.entries]);
      setNext(page.next);
    } catch (e) {
      setLoadError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }

  const entries = [...(data?.entries ?? []), ...older];
  return (
    <>
      <Freshness updatedAt={updatedAt} error={error} staleAfterS={30} />
      <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label>
          Who
          <select value={state.actor} onChange={(e) => set({ actor: e.target.value })}>
            <option value="">anyone</option>
            {(data?.facets.actors ?? []).map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select value={state.action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">any</option>
            {actionChoices(data?.facets.actions ?? []).map((a) => (
              <option key={a} value={a}>{a.endsWith('.') ? `${a}* (all)` : a}</option>
            ))}
          </select>
        </label>
        <label>
          Target <input type="search" value={state.target} onChange={(e) => set({ target: e.target.value })} placeholder="source:10.0.0.5:7700 or rollout:" />
        </label>
      </form>
      {error && !data ? <p role="alert" className="error">Could not load the audit log: {error.message}</p> : null}
      {!data ? (
        <p aria-busy="true" className="placeholder">Loading the audit log…</p>
      ) : entries.length === 0 && !state.actor && !state.action && !state.target ? (
        <EmptyState title="Nothing changed yet">
          <p>Every change made here (sources, settings, alert rules, rollouts) and every automatic one will be listed, with who made it.</p>
        </EmptyState>
      ) : entries.length === 0 ? (
        <p>No change matches these filters.</p>
      ) : (
        <table >
          <caption>{entries.length} changes shown, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time></td>
                <td>{e.actor}</td>
                <td>{e.action}{e.detail ? <div className="note">{e.detail}</div> : null}</td>
                <td>{e.target}</td>
                <td><code className="audit-value">{show(e.before)}</code></td>
                <td><code className="audit-value">{show(e.after)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loadError ? <p role="alert" className="error">Could not load older changes: {loadError}</p> : null}
      {cursor !== null ? (
        <button type="button" onClick={loadOlder} disabled={loading}>
          {loading ? 'Loading…' : 'Load older changes'}
        </button>
      ) : null}
    </>
  );
}
