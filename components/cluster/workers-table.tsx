// The workers table: each worker process, where it heartbeats, and its PowerJob SystemMetrics.
import { useTranslations } from 'next-intl';
import { StatusBadge } from '@/components/ui/status-badge';
import { useFormat } from '@/components/ui/use-format';
import { DataTable, type Column, type TableSort } from '@/components/ui/data-table';

export interface WorkerRow {
  appId: number;
  appName: string | null;
  address: string;
  serverAddress: string;
  health: string;
  heartbeatAt: string;
  version: string | null;
  tag: string | null;
  cpuLoad: number | null;
  cpuProcessors: number | null;
  jvmMemoryUsage: number | null;
  score: number | null;
}

/** `sort`: the list sorts by its column headers (workers-list.tsx); without it, plain headers. */
export function WorkersTable({ workers, caption, sort }: { workers: WorkerRow[]; caption: string; sort?: TableSort }) {
  const t = useTranslations('tables');
  const fmt = useFormat();
  const columns: Column<WorkerRow>[] = [
    { key: 'address', label: t('worker'), rowHeader: true, sortable: true, cell: (w) => w.address },
    { key: 'app', label: t('app'), sortable: true, cell: (w) => w.appName ?? w.appId },
    { key: 'server', label: t('server'), sortable: true, cell: (w) => w.serverAddress },
    { key: 'status', label: t('status'), cell: (w) => <StatusBadge status={w.health} /> },
    { key: 'heartbeat', label: t('lastHeartbeat'), sortable: true, cell: (w) => fmt.when(w.heartbeatAt) },
    { key: 'version', label: t('version'), sortable: true, cell: (w) => w.version ?? '–' },
    { key: 'tag', label: t('tag'), sortable: true, cell: (w) => w.tag ?? '–' },
    { key: 'cpuLoad', label: t('cpuLoad'), numeric: true, sortable: true, cell: (w) => (w.cpuLoad === null ? '–' : `${fmt.fixed(w.cpuLoad)} / ${w.cpuProcessors ?? '?'}`) },
    { key: 'jvmMemory', label: t('jvmMemory'), numeric: true, cell: (w) => (w.jvmMemoryUsage === null ? '–' : fmt.percent(w.jvmMemoryUsage)) },
    { key: 'score', label: t('score'), numeric: true, sortable: true, cell: (w) => w.score ?? '–' },
  ];
  return <DataTable columns={columns} rows={workers} rowKey={(w) => `${w.appId}/${w.address}`} caption={caption} sort={sort} />;
}
