// The apps table: each app, the server that owns it, and its workers.
import type { ReactNode } from 'react';
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

type Header = (label: string, column: string, numeric?: boolean) => ReactNode;

const plain: Header = (label, column, numeric) => (
  <th key={column} scope="col" className={numeric ? 'num' : undefined}>
    {label}
  </th>
);

/** `header` renders the sortable column headers (plain ones by default). */
export function AppsTable({ apps, caption, header = plain }: { apps: AppRow[]; caption?: string; header?: Header }) {
  return (
    <table>
      <caption>{caption ?? `${apps.length} apps`}</caption>
      <thead>
        <tr>
          {header('App', 'name')}
          {header('App id', 'appId', true)}
          {header('Owner server', 'server')}
          <th scope="col">Claimed by</th>
          {header('Bound since', 'since')}
          {header('Live workers', 'workers', true)}
          {header('Running instances', 'running', true)}
        </tr>
      </thead>
      <tbody>
        {apps.map((a) => (
          <tr key={a.appId}>
            <th scope="row">{a.appName ?? `(app ${a.appId})`}</th>
            <td className="num">{a.appId}</td>
            <td>{a.serverAddress ?? 'no owner seen'}</td>
            <td>
              {a.claimedBy.length > 1 ? (
                <span className="error">split: {a.claimedBy.join(', ')}</span>
              ) : (
                (a.claimedBy[0] ?? '–')
              )}
            </td>
            <td>{a.boundSince ? new Date(a.boundSince).toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC' : '–'}</td>
            <td className="num">
              {a.workersLive} / {a.workersTotal}
            </td>
            <td className="num">{a.runningInstances ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
