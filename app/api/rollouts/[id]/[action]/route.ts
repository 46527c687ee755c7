// POST /api/rollouts/{id}/{start|pause|resume|promote|promote-full|abort|retry|stop} [{confirm?, reason?}]:
// 200 with the rollout after the action, 409 with the reason when the action does not fit its state.
import { z } from 'zod';
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readOptionalJson, readParams, rolloutParams } from '@/lib/api/http';
import { actorOf } from '@/lib/api/actor';
import { actOn, rolloutActionBody } from '@/lib/api/rollouts';
import { ROLLOUT_ACTIONS, type RolloutAction } from '@/lib/domain/rollout';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string; action: string }> };

export function POST(request: Request, { params }: Params) {
  return handle(async () => {
    const { id, action } = await readParams(params, rolloutParams.extend({ action: z.string() }));
    if (!(ROLLOUT_ACTIONS as readonly string[]).includes(action)) return problemResponse(404, `no action ${action}; use one of ${ROLLOUT_ACTIONS.join(', ')}`);
    // the body is optional: an empty one is {}
    const body = await readOptionalJson(request, rolloutActionBody, {});
    if (!body.ok) return body.response;
    return Response.json(await actOn(requireRuntime(), id, action as RolloutAction, body.value, actorOf(request)));
  });
}
