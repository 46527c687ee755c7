// GET /api/servers/{address}: one server, its owned apps and workers, its series over the last
// hour and its binding history (apps that came and went, and why). DELETE forgets a server that is
// down or stale (it left for good); its history stays.
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, problemResponse } from '@/lib/api/http';
import { forgetServer } from '@/lib/api/servers';

export const dynamic = 'force-dynamic';

export function GET(_request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    // Next.js has decoded the path parameter once; decoding again would misread a literal % (and throw on %25zz)
    const { address } = await params;
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

export function DELETE(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    const { address } = await params;
    // a refusal (404, 409) carries its status: handle() answers it as a problem
    const { server, forgotten } = await forgetServer(runtime, address);
    await audit(request, { action: 'server.forget', target: `server:${address}`, before: server });
    return Response.json(forgotten);
  });
}
