// GET /api/servers/{address}: one server, its owned apps and workers, its series over the last
// hour and its binding history (apps that came and went, and why).
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse } from '@/lib/api/http';

export const dynamic = 'force-dynamic';

export function GET(_request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    const address = decodeURIComponent((await params).address);
    const now = runtime.now();
    const server = (await runtime.store.listServers(now)).find((s) => s.address === address);
    if (!server) return problemResponse(404, `no server ${address}`);
    const [apps, workers, series, history] = await Promise.all([
      runtime.store.queryApps(now, { page: 1, pageSize: 1000, sort: 'name', order: 'asc', server: address }),
      runtime.store.queryWorkers(now, { page: 1, pageSize: 1000, sort: 'app', order: 'asc', server: address }),
      runtime.store.serverSeries(address, 'raw', new Date(now.getTime() - 3_600_000), now),
      runtime.store.listBindingChanges({ limit: 200, server: address }),
    ]);
    return Response.json({ server, apps, workers, series, history });
  });
}
