// GET /api/settings/mix-weights: the weights of the "weighted mix" load measure.
// PUT: replaces them ({apps, workers, running}, each ≥ 0, not all 0).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, readJson } from '@/lib/api/http';
import { mixWeightsBody } from '@/lib/api/schemas';
import { mixWeights, replaceMixWeights } from '@/lib/api/settings';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await mixWeights(requireRuntime())));
}

export function PUT(request: Request) {
  return handle(async () => {
    const body = await readJson(request, mixWeightsBody);
    if (!body.ok) return body.response;
    const before = await replaceMixWeights(requireRuntime(), body.value);
    await audit(request, { action: 'settings.mix-weights.update', target: 'settings:mix-weights', before, after: body.value });
    return Response.json(body.value);
  });
}
