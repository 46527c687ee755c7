// GET /api/maintenance/move-windows: when each kind of move may happen (null: any time), in which
// zone, and whether it may now. PUT replaces them: {timeZone, rollout: ["Mon-Fri 01:00-05:00"] | null}.
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson } from '@/lib/api/http';
import { getMoveWindows, moveWindowsBody, putMoveWindows } from '@/lib/api/maintenance';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await getMoveWindows(requireRuntime())));
}

export function PUT(request: Request) {
  return handle(async () => {
    const body = await readJson(request, moveWindowsBody);
    if (!body.ok) return body.response;
    return Response.json(await putMoveWindows(requireRuntime(), body.value, actorOf(request)));
  });
}
