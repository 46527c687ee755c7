// GET /api/maintenance/steering: whether failover steering is on, its confirmation, why it waits,
// the servers that do not answer and the steered apps. PUT {enabled, confirmSeconds?, reason?}
// switches it on or off for every replica (the leader steers).
import { requireRuntime } from '@/lib/api/console';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson } from '@/lib/api/http';
import { getSteering, putSteering, steeringBody } from '@/lib/api/steering';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await getSteering(requireRuntime())));
}

export function PUT(request: Request) {
  return handle(async () => {
    const body = await readJson(request, steeringBody);
    if (!body.ok) return body.response;
    return Response.json(await putSteering(requireRuntime(), body.value, actorOf(request)));
  });
}
