// POST /api/servers/{address}/restore: uncordon a drained server and bring apps back onto it with
// the fewest moves; 404 for an unknown server, 409 when it is not drained, nothing changed then.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { addressParams, handle, readParams } from '@/lib/api/http';
import { restoreServer } from '@/lib/api/drains';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    return Response.json(await restoreServer(requireRuntime(), address, actorOf(request)));
  });
}
