// POST /api/servers/{address}/restore: uncordon a drained server and bring apps back onto it with
// the fewest moves; 404 for an unknown server, 409 when it is not drained, nothing changed then.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { handle } from '@/lib/api/http';
import { restoreServer } from '@/lib/api/drains';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => Response.json(await restoreServer(requireRuntime(), (await params).address, actorOf(request))));
}
