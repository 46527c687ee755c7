'use client';
// The audit log: filters in the URL, newest first, older pages appended on demand.
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { useFormat } from '@/components/ui/use-format';
import { apiErrorOf, get } from '@/lib/hooks/api-client';
import { useApi } from '@/lib/hooks/use-api';
import { useUrlState } from '@/lib/hooks/use-url-state';
import { Freshness } from '@/components/ui/freshness';
import { EmptyState } from '@/components/ui/empty-state';
import { useRolloutText } from '@/components/rollouts/rollout-text';
import type { z } from 'zod';
import type { auditResponse } from '@/lib/api/schemas';

type AuditPage = z.infer<typeof auditResponse>;
type Entry = AuditPage['entries'][number];

const DEFAULTS = { actor: '', action: '', target: '' };

/** Action prefixes worth filtering by: `rollout.` for `rollout.promote`, and each action itself. */
function actionChoices(actions: string[]): string[] {
  const prefixes = new Set<string>();
  for (const a of actions) if (a.includes('.')) prefixes.add(`${a.slice(0, a.indexOf('.'))}.`);
  return [...prefixes, ...actions].sort();
}

const show = (v: unknown) => (v === null || v === undefined ? '–' : JSON.stringify(v));

export function AuditList() {
  const t = useTranslations('audit');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const said = useRolloutText();
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
    const params = new URLSearchParams(query);
    params.set('before', String(cursor));
    const answer = await get<AuditPage>(`/api/audit?${params}`);
    if (answer.ok) {
      setOlder((o) => [...o, ...answer.data.entries]);
      setNext(answer.data.next);
    } else setLoadError(loadText(apiErrorOf(answer)));
    setLoading(false);
  }

  const entries = [...(data?.entries ?? []), ...older];
  return (
    <>
      <Freshness updatedAt={updatedAt} error={error} staleAfterS={30} />
      <form className="filters" role="search" aria-label={t('filter')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('who')}
          <select value={state.actor} onChange={(e) => set({ actor: e.target.value })}>
            <option value="">{t('anyone')}</option>
            {(data?.facets.actors ?? []).map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          {t('action')}
          <select value={state.action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">{t('any')}</option>
            {actionChoices(data?.facets.actions ?? []).map((a) => (
              <option key={a} value={a}>{a.endsWith('.') ? t('allWithPrefix', { prefix: a }) : a}</option>
            ))}
          </select>
        </label>
        <label>
          {t('target')} <input type="search" value={state.target} onChange={(e) => set({ target: e.target.value })} placeholder={t('targetPlaceholder')} />
        </label>
      </form>
      {error && !data ? <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p> : null}
      {!data ? (
        <p aria-busy="true" className="placeholder">{t('loading')}</p>
      ) : entries.length === 0 && !state.actor && !state.action && !state.target ? (
        <EmptyState title={t('emptyTitle')}>
          <p>{t('emptyText')}</p>
        </EmptyState>
      ) : entries.length === 0 ? (
        <p>{t('noMatch')}</p>
      ) : (
        <div className="table-box">
        <table className="audit-table">
          <caption>{t('caption', { count: entries.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('before')}</th>
              <th scope="col">{t('after')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{fmt.when(e.at)}</time></td>
                <td>{e.actor}</td>
                <td>{e.action}{e.detail ? <div className="note">{said({ code: e.detailCode, params: e.detailParams, detail: e.detail })}</div> : null}</td>
                <td>{e.target}</td>
                <td><code className="audit-value">{show(e.before)}</code></td>
                <td><code className="audit-value">{show(e.after)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {loadError ? <p role="alert" className="error">{t('olderError', { message: loadError })}</p> : null}
      {cursor !== null ? (
        <button type="button" onClick={loadOlder} disabled={loading}>
          {loading ? c('loading') : t('loadOlder')}
        </button>
      ) : null}
    </>
  );
}
