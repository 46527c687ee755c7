// The workers table: each worker process, where it heartbeats, and its PowerJob SystemMetrics.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { StatusBadge } from '@/components/ui/status-badge';
import { useFormat } from '@/components/ui/use-format';

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

type Header = (label: string, column: string, numeric?: boolean) => ReactNode;

const plain: Header = (label, column, numeric) => (
  <th key={column} scope="col" className={numeric ? 'num' : undefined}>
    {label}
  </th>
);

/** `header` renders the sortable column headers (plain ones by default). */
export function WorkersTable({ workers, caption, header = plain }: { workers: WorkerRow[]; caption: string; header?: Header }) {
  const t = useTranslations('tables');
  const fmt = useFormat();
  return (
    <div className="table-box">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {header(t('worker'), 'address')}
            {header(t('app'), 'app')}
            {header(t('server'), 'server')}
            <th scope="col">{t('status')}</th>
            {header(t('lastHeartbeat'), 'heartbeat')}
            {header(t('version'), 'version')}
            {header(t('tag'), 'tag')}
            {header(t('cpuLoad'), 'cpuLoad', true)}
            <th scope="col" className="num">{t('jvmMemory')}</th>
            {header(t('score'), 'score', true)}
          </tr>
        </thead>
        <tbody>
          {workers.map((w) => (
            <tr key={`${w.appId}/${w.address}`}>
              <th scope="row">{w.address}</th>
              <td>{w.appName ?? w.appId}</td>
              <td>{w.serverAddress}</td>
              <td>
                <StatusBadge status={w.health} />
              </td>
              <td>{fmt.when(w.heartbeatAt)}</td>
              <td>{w.version ?? '–'}</td>
              <td>{w.tag ?? '–'}</td>
              <td className="num">{w.cpuLoad === null ? '–' : `${fmt.fixed(w.cpuLoad)} / ${w.cpuProcessors ?? '?'}`}</td>
              <td className="num">{w.jvmMemoryUsage === null ? '–' : fmt.percent(w.jvmMemoryUsage)}</td>
              <td className="num">{w.score ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
