// Apps: each PowerJob app and the server that owns it.
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { AppsTable } from '@/components/cluster/apps-table';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

export default async function AppsPage() {
  const runtime = requireRuntime();
  const apps = await runtime.store.listApps(runtime.now());
  return (
    <>
      <h1>Apps</h1>
      <p className="lede">Each app is bound to one server, which receives its heartbeats and dispatches its jobs.</p>
      {apps.length === 0 ? (
        <EmptyState title="No apps yet">
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <AppsTable apps={apps} />
      )}
    </>
  );
}
