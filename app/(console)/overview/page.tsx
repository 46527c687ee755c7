// Overview: is the cluster balanced, which server is overloaded, which apps put it there.
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { OverviewDashboard } from '@/components/overview/overview-dashboard';
import { FiringAlerts } from '@/components/alerts/firing-alerts';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const runtime = requireRuntime();
  const summary = await runtime.store.clusterSummary(runtime.now());
  return (
    <>
      <h1>Overview</h1>
      <p className="lede">How evenly the cluster&apos;s load is spread over its servers.</p>
      <FiringAlerts />
      {summary.servers === 0 && !runtime.demo ? (
        <EmptyState title="No data yet: connect a cluster">
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <OverviewDashboard initialMeasure="apps" />
      )}
    </>
  );
}
