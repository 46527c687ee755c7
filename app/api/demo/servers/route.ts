// GET /api/demo/servers: the emulated demo cluster's servers. POST: adds a server (a fault
// button: the workers' lists do not name it, so nothing moves to it, as in PowerJob).
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse } from '@/lib/api/http';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

const NO_DEMO = 'no demo cluster runs (FULCRUM_DEMO=off, or FULCRUM_POWERJOB_SERVERS is set)';

export function GET() {
  return handle(async () => {
    const demo = requireRuntime().demo;
    if (!demo) return problemResponse(404, NO_DEMO);
    return Response.json({ scenario: demo.scenario, servers: demo.servers(), apps: demo.apps(), workers: demo.workers() });
  });
}

export function POST(request: Request) {
  return handle(async () => {
    const demo = requireRuntime().demo;
    if (!demo) return problemResponse(404, NO_DEMO);
    const address = await demo.addServer();
    await audit(request, { action: 'demo.server.add', target: `server:${address}`, after: { address, running: true } });
    return Response.json({ added: address, servers: demo.servers() }, { status: 201 });
  });
}
