// GET /api/servers/{address}/drain: the server's drain with its progress (apps left, converging,
// done, skipped with the reason, ETA) and what a drain would move where. POST [{reason, perMinute}]:
// cordon the server and move every app it owns to the plan's targets with the safe-move protocol;
// 404 for an unknown server, 409 when drained already or the last live one, nothing changed then.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson } from '@/lib/api/http';
import { drainBody, drainServer, drainStatus } from '@/lib/api/drains';

export const dynamic = 'force-dynamic';

export function GET(_request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => Response.json(await drainStatus(requireRuntime(), (await params).address)));
}

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const { address } = await params;
    // the body is optional: none is no reason and a rollout's default rate
    let body = {};
    if (request.headers.get('content-length') !== '0' && request.headers.get('content-type')) {
      const read = await readJson(request, drainBody);
      if (!read.ok) return read.response;
      body = read.value;
    }
    return Response.json(await drainServer(requireRuntime(), address, body, actorOf(request)));
  });
}
