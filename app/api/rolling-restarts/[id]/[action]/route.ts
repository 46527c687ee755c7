// POST /api/rolling-restarts/{id}/{pause|resume|abort|continue}: 200 with the rolling restart after
// the action; 404 for an unknown one; 409 with the reason when the action does not fit, nothing changed.
import { z } from 'zod';
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readParams, rolloutParams } from '@/lib/api/http';
import { actorOf } from '@/lib/api/actor';
import { actOnRollingRestart, ROLLING_RESTART_ACTIONS } from '@/lib/api/rolling-restarts';
import type { RollingRestartAction } from '@/lib/domain/rolling-restart';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string; action: string }> };

export function POST(request: Request, { params }: Params) {
  return handle(async () => {
    const { id, action } = await readParams(params, rolloutParams.extend({ action: z.string() }));
    if (!(ROLLING_RESTART_ACTIONS as readonly string[]).includes(action)) return problemResponse(404, `no action ${action}; use one of ${ROLLING_RESTART_ACTIONS.join(', ')}`);
    return Response.json(await actOnRollingRestart(requireRuntime(), id, action as RollingRestartAction, actorOf(request)));
  });
}
