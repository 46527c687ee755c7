// GET /api/maintenance/freeze: whether every move is stopped, by whom, since when and why.
// PUT {frozen: true, reason} stops every move at once on every replica; {frozen: false} lets them go on.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson } from '@/lib/api/http';
import { freezeBody, getFreeze, putFreeze } from '@/lib/api/maintenance';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await getFreeze(requireRuntime())));
}

export function PUT(request: Request) {
  return handle(async () => {
    const body = await readJson(request, freezeBody);
    if (!body.ok) return body.response;
    return Response.json(await putFreeze(requireRuntime(), body.value, actorOf(request)));
  });
}
