// POST /api/servers/{address}/cordon [{reason}]: no rollout or plan places apps on the server and
// the delivered server lists put it last; the apps it owns stay. 404 for an unknown server, 409 for
// the last live one not cordoned, with the reason; nothing changed then.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson } from '@/lib/api/http';
import { cordon, cordonBody } from '@/lib/api/maintenance';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ address: string }> }) {
  return handle(async () => {
    // Next.js has decoded the path parameter once already
    const { address } = await params;
    // the body is optional: none is no reason
    let reason: string | null = null;
    if (request.headers.get('content-length') !== '0' && request.headers.get('content-type')) {
      const body = await readJson(request, cordonBody);
      if (!body.ok) return body.response;
      reason = body.value.reason ?? null;
    }
    return Response.json(await cordon(requireRuntime(), address, reason, actorOf(request)));
  });
}
