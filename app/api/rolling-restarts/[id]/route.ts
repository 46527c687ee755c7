// GET /api/rolling-restarts/{id}: its servers' phases, why it waits, its progress and ETA, the current drain's progress.
import { requireRuntime } from '@/lib/api/console';
import { handle, readParams, rolloutParams } from '@/lib/api/http';
import { rollingRestart } from '@/lib/api/rolling-restarts';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export function GET(_request: Request, { params }: Params) {
  return handle(async () => {
    const { id } = await readParams(params, rolloutParams);
    return Response.json(await rollingRestart(requireRuntime(), id));
  });
}
