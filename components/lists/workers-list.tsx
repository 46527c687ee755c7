'use client';
// Workers: server-side paging, sorting and filtering, state in the URL, CSV of the filtered rows.
import { useApi } from '@/lib/hooks/use-api';
import { useUrlState } from '@/lib/hooks/use-url-state';
import { Freshness } from '@/components/ui/freshness';
import { WorkersTable, type WorkerRow } from '@/components/cluster/workers-table';
import { Pager, SortHeader } from './list-controls';

const DEFAULTS = { q: '', server: '', tag: '', version: '', status: '', sort: 'address', order: 'asc', page: '1', pageSize: '50' };

export function WorkersList() {
  const [state, set, query] = useUrlState(DEFAULTS);
  const { data, error, updatedAt } = useApi<{ total: number; page: number; pageSize: number; rows: WorkerRow[] }>(`/api/workers?${query}`);
  const filter = (patch: Partial<typeof DEFAULTS>) => set({ ...patch, page: '1' });
  const csv = `/api/workers?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), format: 'csv' })}`;
  const onSort = (sort: string, order: 'asc' | 'desc') => set({ sort, order });
  return (
    <>
      <Freshness updatedAt={updatedAt} error={error} staleAfterS={30} />
      <form className="filters" role="search" aria-label="Filter workers" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search <input type="search" value={state.q} onChange={(e) => filter({ q: e.target.value })} placeholder="address or app" />
        </label>
        <label>
          Server <input value={state.server} onChange={(e) => filter({ server: e.target.value })} placeholder="host:7700" />
        </label>
        <label>
          Tag <input value={state.tag} onChange={(e) => filter({ tag: e.target.value })} />
        </label>
        <label>
          Version <input value={state.version} onChange={(e) => filter({ version: e.target.value })} />
        </label>
        <label>
          Status{' '}
          <select value={state.status} onChange={(e) => filter({ status: e.target.value })}>
            <option value="">any</option>
            <option value="live">live</option>
            <option value="offline">offline</option>
          </select>
        </label>
        <a className="button-link" href={csv} download>
          Export CSV
        </a>
      </form>
      {error && !data ? <p role="alert" className="error">Could not load the workers: {error.message}</p> : null}
      {!data ? (
        <p aria-busy="true" className="placeholder">Loading workers…</p>
      ) : data.total === 0 ? (
        <p>No worker matches these filters.</p>
      ) : (
        <WorkersTable
          workers={data.rows}
          caption={`${data.total} workers`}
          header={(label, column, numeric) => <SortHeader key={column} label={label} column={column} sort={state.sort} order={state.order} onSort={onSort} numeric={numeric} />}
        />
      )}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => set({ page: String(p) })} /> : null}
    </>
  );
}
