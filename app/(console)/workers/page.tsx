// Workers: each worker process and its latest heartbeat; paged, sorted and filtered on the server.
import { Suspense } from 'react';
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { WorkersList } from '@/components/lists/workers-list';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

export default async function WorkersPage() {
  const runtime = requireRuntime();
  const summary = await runtime.store.clusterSummary(runtime.now());
  return (
    <>
      <h1>Workers</h1>
      <p className="lede">A worker with no heartbeat for 60 s is offline, as PowerJob counts it.</p>
      {!summary.anyWorkers && !runtime.demo ? (
        <EmptyState title="No workers yet">
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <Suspense fallback={<p className="placeholder">Loading workers…</p>}>
          <WorkersList />
        </Suspense>
      )}
    </>
  );
}
