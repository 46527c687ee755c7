// What the settings routes answer: the weights of the "weighted mix" load measure, which the
// Overview, the analytics and the strategy preview all read.
import { DEFAULT_MIX, type MixWeights } from '../domain/fairness.ts';
import type { Runtime } from '../runtime.ts';

const MIX_WEIGHTS = 'mix_weights';

/** The Overview's mix weights (settings), or the default before any were saved. */
export async function mixWeights(runtime: Runtime): Promise<MixWeights> {
  return (await runtime.store.getSetting<MixWeights>(MIX_WEIGHTS)) ?? DEFAULT_MIX;
}

/** Replaces the mix weights; answers those they replaced. */
export async function replaceMixWeights(runtime: Runtime, weights: MixWeights): Promise<MixWeights> {
  const before = await mixWeights(runtime);
  await runtime.store.putSetting(MIX_WEIGHTS, weights);
  return before;
}
