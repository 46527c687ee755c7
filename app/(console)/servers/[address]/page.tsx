// Server detail: its owned apps and workers, its last hour, and the apps that came and went.
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getFormat } from '@/lib/i18n/server';
import { requireRuntime } from '@/lib/api/console';
import { ServersTable } from '@/components/cluster/servers-table';
import { AppsTable } from '@/components/cluster/apps-table';
import { WorkersTable } from '@/components/cluster/workers-table';
import { ServerSeriesChart } from '@/components/charts/server-series-chart';
import { ForgetServer } from '@/components/cluster/forget-server';
import { ConfirmServer } from '@/components/cluster/confirm-server';
import { CordonServer } from '@/components/cluster/cordon-server';
import { DrainServer } from '@/components/cluster/drain-server';
import { drainStatus } from '@/lib/api/drains';
import { AutoRefresh } from '@/components/ui/auto-refresh';

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
  const [apps, workers, series, history, drain] = await Promise.all([
    runtime.store.queryApps(now, { page: 1, pageSize: 500, sort: 'name', order: 'asc', server: address }),
    runtime.store.queryWorkers(now, { page: 1, pageSize: 500, sort: 'app', order: 'asc', server: address }),
    runtime.store.serverSeries(address, 'raw', new Date(now.getTime() - 3_600_000), now),
    runtime.store.listBindingChanges({ limit: 100, server: address }),
    drainStatus(runtime, address),
  ]);
  const all = await runtime.store.listServers(now);
  const totalApps = all.reduce((sum, s) => sum + s.appsOwned, 0);
  const up = series.filter((p) => p.upSamples > 0).length;
  const t = await getTranslations('serverPage');
  const fmt = await getFormat();
  return (
    <>
      <p>
        <a href="/servers">{t('back')}</a>
      </p>
      <AutoRefresh />
      <h1>{t('title', { address })}</h1>
      <ServersTable servers={[{ ...server, confirmed: server.confirmedBy !== null }]} totalApps={totalApps} caption={t('now')} />
      {server.confirmedBy === null ? <ConfirmServer address={address} /> : null}
      {server.cordon ? <p role="status" className="warn">{server.cordon.reason ? t('cordonedBecause', { by: server.cordon.by, at: fmt.when(server.cordon.at), reason: server.cordon.reason }) : t('cordoned', { by: server.cordon.by, at: fmt.when(server.cordon.at) })}</p> : null}
      {/* a drained server is uncordoned by its restore */}
      {drain.drain && drain.drain.state !== 'restored' ? null : <CordonServer address={address} cordoned={server.cordon !== null} />}
      {server.confirmedBy === null ? null : <DrainServer address={address} drain={drain.drain} wouldMove={drain.wouldMove} />}
      {server.health === 'down' || server.health === 'stale' ? <ForgetServer address={address} appsOwned={server.appsOwned} /> : null}
      <p className="note">
        {t('lastHourNote', {
          samples: series.length,
          up,
          min: Math.min(...series.map((p) => p.appsOwnedMax), server.appsOwned),
          max: Math.max(...series.map((p) => p.appsOwnedMax), server.appsOwned),
        })}
      </p>
      <h2>{t('lastHour')}</h2>
      {series.length === 0 ? (
        <p>{t('noSamples', { seconds: runtime.config.FULCRUM_SAMPLE_INTERVAL / 1000 })}</p>
      ) : (
        <ServerSeriesChart points={withGaps(series, runtime.config.FULCRUM_SAMPLE_INTERVAL)} />
      )}
      <h2>{t('history')}</h2>
      {history.length === 0 ? (
        <p>{t('noHistory')}</p>
      ) : (
        <div className="table-box">
          <table>
            <caption>{t('historyCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col" className="num">{t('appId')}</th>
                <th scope="col">{t('change')}</th>
                <th scope="col">{t('why')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={`${h.changedAt}-${h.appId}-${i}`}>
                  <td>{fmt.when(h.changedAt)}</td>
                  <td className="num">{h.appId}</td>
                  <td>{h.toServer === address ? (h.fromServer ? t('cameFrom', { server: h.fromServer }) : t('cameNew')) : t('leftFor', { server: h.toServer ?? '' })}</td>
                  <td className="wrap">{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('owned')}</h2>
      {apps.total === 0 ? <p>{t('ownsNone')}</p> : <AppsTable apps={apps.rows} caption={t('appsCaption', { count: apps.total })} />}
      <h2>{t('workers')}</h2>
      {workers.total === 0 ? <p>{t('noWorkers')}</p> : <WorkersTable workers={workers.rows} caption={t('workersCaption', { count: workers.total })} />}
    </>
  );
}
