// The workers table: each worker process, where it heartbeats, and its PowerJob SystemMetrics.
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

export function WorkersTable({ workers, caption }: { workers: WorkerRow[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Worker</th>
          <th scope="col">App</th>
          <th scope="col">Server</th>
          <th scope="col">Status</th>
          <th scope="col">Last heartbeat (UTC)</th>
          <th scope="col">Version</th>
          <th scope="col">Tag</th>
          <th scope="col" className="num">CPU load</th>
          <th scope="col" className="num">JVM memory</th>
          <th scope="col" className="num">Score</th>
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
