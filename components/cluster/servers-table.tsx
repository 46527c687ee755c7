// The servers table: health, data age and what each server carries.
import { StatusBadge } from '@/components/ui/status-badge';

export interface ServerRow {
  address: string;
  health: string;
  statusReason: string | null;
  dataAgeS: number;
  appsOwned: number;
  workersConnected: number;
  runningInstances: number;
  version: string | null;
  /** false: only ingest batches named it; not delivered to workers nor moved to until an operator confirms it */
  confirmed: boolean;
}

export function ServersTable({ servers, caption }: { servers: ServerRow[]; caption: string }) {
  const totalApps = servers.reduce((sum, s) => sum + s.appsOwned, 0);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Server</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">Data age</th>
          <th scope="col" className="num">Apps owned</th>
          <th scope="col" className="num">Share of apps</th>
          <th scope="col" className="num">Workers connected</th>
          <th scope="col" className="num">Running instances</th>
          <th scope="col">Version</th>
        </tr>
      </thead>
      <tbody>
        {servers.map((s) => (
          <tr key={s.address}>
            <th scope="row">
              <a href={`/servers/${encodeURIComponent(s.address)}`}>{s.address}</a>
            </th>
            <td>
              <StatusBadge status={s.health} />
              {s.statusReason ? <span className="note"> {s.statusReason}</span> : null}
              {s.confirmed ? null : <span className="note"> unconfirmed: not delivered to workers</span>}
            </td>
            <td className="num">{s.dataAgeS} s</td>
            <td className="num">{s.appsOwned}</td>
            <td className="num">{totalApps ? `${Math.round((100 * s.appsOwned) / totalApps)}%` : '–'}</td>
            <td className="num">{s.workersConnected}</td>
            <td className="num">{s.runningInstances}</td>
            <td>{s.version ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
