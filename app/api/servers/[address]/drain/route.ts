// GET /api/servers/{address}/drain: the server's drain with its progress (apps left, converging,
// done, skipped with the reason, ETA) and what a drain would move where. POST [{reason, perMinute}]:
// cordon the server and move every app it owns to the plan's targets with the safe-move protocol;
// 404 for an unknown server, 409 when drained already or the last live one, nothing changed then.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { addressParams, handle, readOptionalJson, readParams } from '@/lib/api/http';
import { drainBody, drainServer, drainStatus } from '@/lib/api/drains';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ address: string }> };

export function GET(_request: Request, { params }: Params) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    return Response.json(await drainStatus(requireRuntime(), address));
  });
}

export function POST(request: Request, { params }: Params) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    // the body is optional: none is no reason and a rollout's default rate
    const body = await readOptionalJson(request, drainBody, {});
    if (!body.ok) return body.response;
    return Response.json(await drainServer(requireRuntime(), address, body.value, actorOf(request)));
  });
}
