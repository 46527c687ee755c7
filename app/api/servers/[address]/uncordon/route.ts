// POST /api/servers/{address}/uncordon: rollouts and plans may place apps on the server again, and
// the delivered lists order it as the strategy says. 404 for an unknown server.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { addressParams, handle, readParams } from '@/lib/api/http';
import { uncordon } from '@/lib/api/maintenance';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    return Response.json(await uncordon(requireRuntime(), address, actorOf(request)));
  });
}
