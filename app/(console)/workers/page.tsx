// Workers: each worker process and its latest heartbeat.
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { WorkersTable } from '@/components/cluster/workers-table';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

const PAGE = 500;

export default async function WorkersPage() {
  const runtime = requireRuntime();
  const now = runtime.now();
  const [workers, summary] = await Promise.all([
    runtime.store.listWorkers(now, { limit: PAGE }),
    runtime.store.clusterSummary(now),
  ]);
  return (
    <>
      <h1>Workers</h1>
      <p className="lede">A worker with no heartbeat for 60 s is offline, as PowerJob counts it.</p>
      {workers.length === 0 ? (
        <EmptyState title="No workers yet">
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <WorkersTable
          workers={workers}
          caption={summary.workers > workers.length ? `First ${workers.length} of ${summary.workers} workers` : `${workers.length} workers`}
        />
      )}
    </>
  );
}
