// POST /api/servers/{address}/cordon [{reason}]: no rollout or plan places apps on the server and
// the delivered server lists put it last; the apps it owns stay. 404 for an unknown server, 409 for
// the last live one not cordoned, with the reason; nothing changed then.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { addressParams, handle, readOptionalJson, readParams } from '@/lib/api/http';
import { cordon, cordonBody } from '@/lib/api/maintenance';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    // the body is optional: none is no reason
    const body = await readOptionalJson(request, cordonBody, {});
    if (!body.ok) return body.response;
    return Response.json(await cordon(requireRuntime(), address, body.value.reason ?? null, actorOf(request)));
  });
}
