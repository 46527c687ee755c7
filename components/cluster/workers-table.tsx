// The workers table: each worker process, where it heartbeats, and its PowerJob SystemMetrics.
import type { ReactNode } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';

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

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

type Header = (label: string, column: string, numeric?: boolean) => ReactNode;

const plain: Header = (label, column, numeric) => (
  <th key={column} scope="col" className={numeric ? 'num' : undefined}>
    {label}
  </th>
);

/** `header` renders the sortable column headers (plain ones by default). */
export function WorkersTable({ workers, caption, header = plain }: { workers: WorkerRow[]; caption: string; header?: Header }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {header('Worker', 'address')}
          {header('App', 'app')}
          {header('Server', 'server')}
          <th scope="col">Status</th>
          {header('Last heartbeat (UTC)', 'heartbeat')}
          {header('Version', 'version')}
          {header('Tag', 'tag')}
          {header('CPU load', 'cpuLoad', true)}
          <th scope="col" className="num">JVM memory</th>
          {header('Score', 'score', true)}
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
            <td>{w.heartbeatAt.replace('T', ' ').slice(0, 19)}</td>
            <td>{w.version ?? '–'}</td>
            <td>{w.tag ?? '–'}</td>
            <td className="num">{w.cpuLoad === null ? '–' : `${w.cpuLoad.toFixed(2)} / ${w.cpuProcessors ?? '?'}`}</td>
            <td className="num">{pct(w.jvmMemoryUsage)}</td>
            <td className="num">{w.score ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
