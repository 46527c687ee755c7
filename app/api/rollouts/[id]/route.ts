// GET /api/rollouts/{id}: state, step, percent, members, moves, events and cohort/control samples.
import { requireRuntime } from '@/lib/api/console';
import { handle, readParams, rolloutParams } from '@/lib/api/http';
import { rolloutDetail } from '@/lib/api/rollouts';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export function GET(_request: Request, { params }: Params) {
  return handle(async () => {
    const { id } = await readParams(params, rolloutParams);
    return Response.json(await rolloutDetail(requireRuntime(), id));
  });
}
