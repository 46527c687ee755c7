// GET /api/rolling-restarts: the one running (or paused, or aborting) and the recent ones, with their
// progress. POST {servers, reason?, perMinute?, restartTimeoutMinutes?}: start one (201); 400 for an
// empty or duplicated list, 404 for an unknown server, 409 while another runs, for a server held by
// a drain or the last live one; nothing changed then.
import { requireRuntime } from '@/lib/api/console';
import { handle, readJson } from '@/lib/api/http';
import { actorOf } from '@/lib/api/actor';
import { rollingRestartBody, rollingRestarts, startRollingRestart } from '@/lib/api/rolling-restarts';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await rollingRestarts(requireRuntime())));
}

export function POST(request: Request) {
  return handle(async () => {
    const body = await readJson(request, rollingRestartBody);
    if (!body.ok) return body.response;
    const created = await startRollingRestart(requireRuntime(), body.value, actorOf(request));
    return Response.json(created, { status: 201, headers: { location: `/api/rolling-restarts/${created.id}` } });
  });
}
