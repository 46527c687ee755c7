// The apps table: each app, the server that owns it, and its workers.
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import { DataTable, type Column, type TableSort } from '@/components/ui/data-table';

export interface AppRow {
  appId: number;
  appName: string | null;
  serverAddress: string | null;
  boundSince: string | null;
  workersLive: number;
  workersTotal: number;
  runningInstances: number | null;
  claimedBy: string[];
}

/** `sort`: the list sorts by its column headers (apps-list.tsx); without it, plain headers. */
export function AppsTable({ apps, caption, sort }: { apps: AppRow[]; caption?: string; sort?: TableSort }) {
  const t = useTranslations('tables');
  const fmt = useFormat();
  const columns: Column<AppRow>[] = [
    { key: 'name', label: t('app'), rowHeader: true, sortable: true, cell: (a) => a.appName ?? t('appFallback', { id: a.appId }) },
    { key: 'appId', label: t('appId'), numeric: true, sortable: true, cell: (a) => a.appId },
    { key: 'server', label: t('ownerServer'), sortable: true, cell: (a) => a.serverAddress ?? t('noOwner') },
    { key: 'claimedBy', label: t('claimedBy'), cell: (a) => (a.claimedBy.length > 1 ? <span className="error">{t('split', { servers: a.claimedBy.join(', ') })}</span> : (a.claimedBy[0] ?? '–')) },
    { key: 'since', label: t('boundSince'), sortable: true, cell: (a) => fmt.when(a.boundSince, '–') },
    { key: 'workers', label: t('liveWorkers'), numeric: true, sortable: true, cell: (a) => `${a.workersLive} / ${a.workersTotal}` },
    { key: 'running', label: t('runningInstances'), numeric: true, sortable: true, cell: (a) => a.runningInstances ?? '–' },
  ];
  return <DataTable columns={columns} rows={apps} rowKey={(a) => a.appId} caption={caption ?? t('appsCaption', { count: apps.length })} sort={sort} />;
}
