// Server detail: its owned apps and workers, its last hour, and the apps that came and went.
import { notFound } from 'next/navigation';
import { requireRuntime } from '@/lib/api/console';
import { ServersTable } from '@/components/cluster/servers-table';
import { AppsTable } from '@/components/cluster/apps-table';
import { WorkersTable } from '@/components/cluster/workers-table';
import { ServerSeriesChart } from '@/components/charts/server-series-chart';
import { ForgetServer } from '@/components/cluster/forget-server';
import { ConfirmServer } from '@/components/cluster/confirm-server';

export const dynamic = 'force-dynamic';

function decodedParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Samples as chart points, with an empty point wherever a sample is missing, so the line breaks. */
function withGaps(series: { at: string; appsOwnedMax: number; workersConnectedMax: number }[], intervalMs: number) {
  const points: { t: number; apps: number | null; workers: number | null }[] = [];
  for (const p of series) {
    const t = Date.parse(p.at);
    const last = points.at(-1);
    if (last && t - last.t > intervalMs * 1.5) points.push({ t: last.t + intervalMs, apps: null, workers: null });
    points.push({ t, apps: p.appsOwnedMax, workers: p.workersConnectedMax });
  }
  return points;
}

export default async function ServerPage({ params }: { params: Promise<{ address: string }> }) {
  const runtime = requireRuntime();
  // a page's params arrive as the URL spelled them (a route handler's come decoded): decoded here,
  // once, and a malformed escape is no server (404), never a thrown URIError
  const address = decodedParam((await params).address);
  if (address === null) notFound();
  const now = runtime.now();
  const server = (await runtime.store.listServers(now)).find((s) => s.address === address);
  if (!server) notFound();
  const [apps, workers, series, history] = await Promise.all([
    runtime.store.queryApps(now, { page: 1, pageSize: 500, sort: 'name', order: 'asc', server: address }),
    runtime.store.queryWorkers(now, { page: 1, pageSize: 500, sort: 'app', order: 'asc', server: address }),
    runtime.store.serverSeries(address, 'raw', new Date(now.getTime() - 3_600_000), now),
    runtime.store.listBindingChanges({ limit: 100, server: address }),
  ]);
  const up = series.filter((p) => p.upSamples > 0).length;
  return (
    <>
      <p>
        <a href="/servers">← Servers</a>
      </p>
      <h1>Server {address}</h1>
      <ServersTable servers={[{ ...server, confirmed: server.confirmedBy !== null }]} caption="Now" />
      {server.confirmedBy === null ? <ConfirmServer address={address} /> : null}
      {server.health === 'down' || server.health === 'stale' ? <ForgetServer address={address} appsOwned={server.appsOwned} /> : null}
      <p className="note">
        Last hour: {series.length} samples, up in {up}; apps owned between {Math.min(...series.map((p) => p.appsOwnedMax), server.appsOwned)} and{' '}
        {Math.max(...series.map((p) => p.appsOwnedMax), server.appsOwned)}.
      </p>
      <h2>Last hour</h2>
      {series.length === 0 ? (
        <p>No samples in the last hour yet (one is taken every {runtime.config.FULCRUM_SAMPLE_INTERVAL / 1000} s).</p>
      ) : (
        <ServerSeriesChart points={withGaps(series, runtime.config.FULCRUM_SAMPLE_INTERVAL)} />
      )}
      <h2>Binding history</h2>
      {history.length === 0 ? (
        <p>No app has come or gone.</p>
      ) : (
        <table>
          <caption>Apps that came and went (newest first)</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col" className="num">App id</th>
              <th scope="col">Change</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h, i) => (
              <tr key={`${h.changedAt}-${h.appId}-${i}`}>
                <td>{h.changedAt.replace('T', ' ').slice(0, 19)}</td>
                <td className="num">{h.appId}</td>
                <td>{h.toServer === address ? `came from ${h.fromServer ?? '(new)'}` : `left for ${h.toServer}`}</td>
                <td className="wrap">{h.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Owned apps</h2>
      {apps.total === 0 ? <p>This server owns no app.</p> : <AppsTable apps={apps.rows} caption={`${apps.total} apps`} />}
      <h2>Workers connected</h2>
      {workers.total === 0 ? <p>No worker sends heartbeats here.</p> : <WorkersTable workers={workers.rows} caption={`${workers.total} workers`} />}
    </>
  );
}
