// The apps table: each app, the server that owns it, and its workers.
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

export function AppsTable({ apps }: { apps: AppRow[] }) {
  return (
    <table>
      <caption>{apps.length} apps</caption>
      <thead>
        <tr>
          <th scope="col">App</th>
          <th scope="col" className="num">App id</th>
          <th scope="col">Owner server</th>
          <th scope="col">Claimed by</th>
          <th scope="col">Bound since</th>
          <th scope="col" className="num">Live workers</th>
          <th scope="col" className="num">Running instances</th>
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
