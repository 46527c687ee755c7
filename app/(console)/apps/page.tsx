// Apps: each PowerJob app and the server that owns it; paged, sorted and filtered on the server.
import { Suspense } from 'react';
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { AppsList } from '@/components/lists/apps-list';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

export default async function AppsPage() {
  const runtime = requireRuntime();
  const summary = await runtime.store.clusterSummary(runtime.now());
  return (
    <>
      <h1>Apps</h1>
      <p className="lede">Each app is bound to one server, which receives its heartbeats and dispatches its jobs.</p>
      {summary.apps === 0 && !runtime.demo ? (
        <EmptyState title="No apps yet">
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <Suspense fallback={<p className="placeholder">Loading apps…</p>}>
          <AppsList />
        </Suspense>
      )}
    </>
  );
}
