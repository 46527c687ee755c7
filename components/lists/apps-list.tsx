'use client';
// Apps: server-side paging, sorting and filtering, state in the URL, CSV of the filtered rows.
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { useApi } from '@/lib/hooks/use-api';
import { useUrlState } from '@/lib/hooks/use-url-state';
import { Freshness } from '@/components/ui/freshness';
import { AppsTable, type AppRow } from '@/components/cluster/apps-table';
import { Pager } from '@/components/ui/table-controls';

const DEFAULTS = { q: '', server: '', sort: 'name', order: 'asc', page: '1', pageSize: '50' };

export function AppsList() {
  const t = useTranslations('lists');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const [state, set, query] = useUrlState(DEFAULTS);
  const { data, error, updatedAt } = useApi<{ total: number; page: number; pageSize: number; rows: AppRow[] }>(`/api/apps?${query}`);
  const filter = (patch: Partial<typeof DEFAULTS>) => set({ ...patch, page: '1' });
  const csv = `/api/apps?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), format: 'csv' })}`;
  const onSort = (sort: string, order: 'asc' | 'desc') => set({ sort, order });
  return (
    <>
      <Freshness updatedAt={updatedAt} error={error} staleAfterS={30} />
      <form className="filters" role="search" aria-label={t('filterApps')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {c('search')} <input type="search" value={state.q} onChange={(e) => filter({ q: e.target.value })} placeholder={t('appsSearchPlaceholder')} />
        </label>
        <label>
          {t('ownerServer')} <input value={state.server} onChange={(e) => filter({ server: e.target.value })} placeholder="host:7700" />
        </label>
        <a className="button-link" href={csv} download>
          {c('exportCsv')}
        </a>
      </form>
      {error && !data ? <p role="alert" className="error">{t('appsError', { message: loadText(error) })}</p> : null}
      {!data ? (
        <p aria-busy="true" className="placeholder">{c('loading')}</p>
      ) : data.total === 0 ? (
        <p>{t('noAppMatch')}</p>
      ) : (
        <AppsTable
          apps={data.rows}
          caption={t('appsCaption', { count: data.total })}
          sort={{ sort: state.sort, order: state.order, onSort }}
        />
      )}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => set({ page: String(p) })} /> : null}
    </>
  );
}
