// POST /api/servers/{address}/confirm: an operator confirms a server that only ingest batches named
// (not a configured source), so that /v1/assignment delivers it and rollouts may move apps to it.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { audit } from '@/lib/api/audit';
import { handle, problemResponse } from '@/lib/api/http';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    // Next.js has decoded the path parameter once already
    const { address } = await params;
    const confirmed = await runtime.store.confirmServer(address, actorOf(request), runtime.now());
    if (!confirmed) return problemResponse(404, `no server ${address}`);
    // the assignment API's snapshot picks it up within its refresh (2 s) on every replica
    if (confirmed.before === null) await audit(request, { action: 'server.confirm', target: `server:${address}`, before: { confirmedBy: null }, after: { confirmedBy: confirmed.after } });
    return Response.json({ address, confirmedBy: confirmed.after, changed: confirmed.before === null });
  });
}
