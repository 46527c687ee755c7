// GET /api/rollouts: every rollout with its state. POST /api/rollouts {name, candidate, baseline?,
// selector?, key?, steps, guardrails?, moves?, notify?}: a new rollout in draft (201).
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readJson } from '@/lib/api/http';
import { actorOf } from '@/lib/api/actor';
import { createRollout, listRollouts, notifyErrors, rolloutBody } from '@/lib/api/rollouts';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await listRollouts(requireRuntime())));
}

export function POST(request: Request) {
  return handle(async () => {
    const body = await readJson(request, rolloutBody);
    if (!body.ok) return body.response;
    const errors = await notifyErrors(requireRuntime(), body.value);
    if (errors.length) return problemResponse(400, `${errors.length} invalid field(s); nothing was changed`, errors);
    const created = await createRollout(requireRuntime(), body.value, actorOf(request));
    return Response.json(created, { status: 201, headers: { location: `/api/rollouts/${created.id}` } });
  });
}
