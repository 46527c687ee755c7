// Overview: is the cluster balanced? For now: the totals and the servers table.
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { ServersTable } from '@/components/cluster/servers-table';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const runtime = requireRuntime();
  const now = runtime.now();
  const [summary, servers] = await Promise.all([runtime.store.clusterSummary(now), runtime.store.listServers(now)]);
  return (
    <>
      <h1>Overview</h1>
      <p className="lede">How the cluster&apos;s apps and workers are spread over its servers.</p>
      {summary.servers === 0 ? (
        <EmptyState title="No data yet: connect a cluster">
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <>
          <div className="cards">
            <Card label="Servers up" value={`${summary.serversUp} / ${summary.servers}`} />
            <Card label="Servers with stale data" value={String(summary.serversStale)} />
            <Card label="Apps (bound)" value={`${summary.appsBound} / ${summary.apps}`} />
            <Card label="Live workers" value={`${summary.workersLive} / ${summary.workers}`} />
          </div>
          <ServersTable servers={servers} caption="Servers" />
          <p className="note">
            Last data received {summary.lastDataAt ? `${summary.lastDataAt.replace('T', ' ').slice(0, 19)} UTC` : 'never'}.
            Fairness indices and charts arrive with the analytics pages.
          </p>
        </>
      )}
    </>
  );
}

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}
