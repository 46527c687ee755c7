// GET /api/settings/mix-weights: the weights of the "weighted mix" load measure.
// PUT: replaces them ({apps, workers, running}, each ≥ 0, not all 0).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, readJson } from '@/lib/api/http';
import { mixWeightsBody } from '@/lib/api/schemas';
import { DEFAULT_MIX, type MixWeights } from '@/lib/domain/fairness';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => {
    const weights = (await requireRuntime().store.getSetting<MixWeights>('mix_weights')) ?? DEFAULT_MIX;
    return Response.json(weights);
  });
}

export function PUT(request: Request) {
  return handle(async () => {
    const body = await readJson(request, mixWeightsBody);
    if (!body.ok) return body.response;
    const store = requireRuntime().store;
    const before = (await store.getSetting<MixWeights>('mix_weights')) ?? DEFAULT_MIX;
    await store.putSetting('mix_weights', body.value);
    await audit(request, { action: 'settings.mix-weights.update', target: 'settings:mix-weights', before, after: body.value });
    return Response.json(body.value);
  });
}
