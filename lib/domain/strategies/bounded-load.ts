// `bounded-load`: consistent hashing with bounded loads: the app's rendezvous order, skipping servers at their cap.
import { z } from 'zod';
import { appLoad, byKey, decideOnce, effectiveLoad, liveFirst, perWeight, rendezvousRank, roundTotal, type Strategy } from './shared.ts';

const params = z.strictObject({
  /** cap = ceil((1 + epsilon) × the server's weighted share of the total) */
  epsilon: z.number().positive().max(10).default(0.25),
});

export const boundedLoad: Strategy<z.infer<typeof params>> = {
  kind: 'bounded-load',
  description:
    "Consistent hashing with bounded loads: an app goes to the first server in its rendezvous order whose load stays within a cap of ceil((1 + ε) × its weighted average), ε = 0.25 by default. Keeps rendezvous' stability while no server takes more than its cap when the apps fit; needs the current placement (measured load and this round's decisions) to know who is full.",
  params,
  order: (input, { epsilon }, ctx) =>
    decideOnce(input, ctx, () => {
      const ranked = rendezvousRank(input.servers, input.app.name);
      const live = ranked.filter((s) => s.up);
      if (live.length === 0) return liveFirst(ranked);
      const total = roundTotal(input, ctx.state, live);
      const weights = live.reduce((a, s) => a + Math.max(0, s.weight), 0);
      const need = appLoad(input);
      const after = live.map((s) => effectiveLoad(input, ctx.state, s.address) + need);
      const under: string[] = [];
      const over: number[] = [];
      live.forEach((s, i) => {
        const cap = weights > 0 ? Math.ceil(((1 + epsilon) * total * Math.max(0, s.weight)) / weights) : 0;
        if (after[i]! <= cap) under.push(s.address);
        else over.push(i);
      });
      // nobody has room (an app larger than any cap): the least loaded per weight takes it
      const full = under.length > 0 ? over : byKey(over.map((i) => perWeight(after[i]!, live[i]!.weight))).map((k) => over[k]!);
      return [...under, ...full.map((i) => live[i]!.address), ...ranked.filter((s) => !s.up).map((s) => s.address)];
    }),
};
