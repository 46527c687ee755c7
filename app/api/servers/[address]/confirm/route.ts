// POST /api/servers/{address}/confirm: an operator confirms a server that only ingest batches named
// (not a configured source), so that /v1/assignment delivers it and rollouts may move apps to it.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { audit } from '@/lib/api/audit';
import { addressParams, handle, readParams } from '@/lib/api/http';
import { confirmServer } from '@/lib/api/servers';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    const { before, answer } = await confirmServer(requireRuntime(), address, actorOf(request));
    if (before === null) await audit(request, { action: 'server.confirm', target: `server:${address}`, before: { confirmedBy: null }, after: { confirmedBy: answer.confirmedBy } });
    return Response.json(answer);
  });
}
