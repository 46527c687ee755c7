'use client';
// Workers: server-side paging, sorting and filtering, state in the URL, CSV of the filtered rows.
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { useApi } from '@/lib/hooks/use-api';
import { useUrlState } from '@/lib/hooks/use-url-state';
import { Freshness } from '@/components/ui/freshness';
import { WorkersTable, type WorkerRow } from '@/components/cluster/workers-table';
import { Pager } from '@/components/ui/table-controls';

const DEFAULTS = { q: '', server: '', tag: '', version: '', status: '', sort: 'address', order: 'asc', page: '1', pageSize: '50' };

export function WorkersList() {
  const t = useTranslations('lists');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const [state, set, query] = useUrlState(DEFAULTS);
  const { data, error, updatedAt } = useApi<{ total: number; page: number; pageSize: number; rows: WorkerRow[] }>(`/api/workers?${query}`);
  const filter = (patch: Partial<typeof DEFAULTS>) => set({ ...patch, page: '1' });
  const csv = `/api/workers?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), format: 'csv' })}`;
  const onSort = (sort: string, order: 'asc' | 'desc') => set({ sort, order });
  return (
    <>
      <Freshness updatedAt={updatedAt} error={error} staleAfterS={30} />
      <form className="filters" role="search" aria-label={t('filterWorkers')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {c('search')} <input type="search" value={state.q} onChange={(e) => filter({ q: e.target.value })} placeholder={t('workersSearchPlaceholder')} />
        </label>
        <label>
          {t('server')} <input value={state.server} onChange={(e) => filter({ server: e.target.value })} placeholder="host:7700" />
        </label>
        <label>
          {t('tag')} <input value={state.tag} onChange={(e) => filter({ tag: e.target.value })} />
        </label>
        <label>
          {t('version')} <input value={state.version} onChange={(e) => filter({ version: e.target.value })} />
        </label>
        <label>
          {t('status')}{' '}
          <select value={state.status} onChange={(e) => filter({ status: e.target.value })}>
            <option value="">{c('any')}</option>
            <option value="live">{c('status.live')}</option>
            <option value="offline">{c('status.offline')}</option>
          </select>
        </label>
        <a className="button-link" href={csv} download>
          {c('exportCsv')}
        </a>
      </form>
      {error && !data ? <p role="alert" className="error">{t('workersError', { message: loadText(error) })}</p> : null}
      {!data ? (
        <p aria-busy="true" className="placeholder">{c('loading')}</p>
      ) : data.total === 0 ? (
        <p>{t('noWorkerMatch')}</p>
      ) : (
        <WorkersTable
          workers={data.rows}
          caption={t('workersCaption', { count: data.total })}
          sort={{ sort: state.sort, order: state.order, onSort }}
        />
      )}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => set({ page: String(p) })} /> : null}
    </>
  );
}
