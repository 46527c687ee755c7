// `least-loaded`: place an app by measured load, with the power of two (d) random choices against stale data.
import { z } from 'zod';
import { appLoad, byKey, decideOnce, effectiveLoad, liveFirst, perWeight, type Strategy } from './shared.ts';

const params = z.strictObject({
  /** servers sampled per decision; 2 is the power of two choices, the number of servers is plain greedy */
  choices: z.int().min(1).max(1000).default(2),
});

export const leastLoaded: Strategy<z.infer<typeof params>> = {
  kind: 'least-loaded',
  description:
    'Places each new app on a lightly loaded server by measured load per unit of weight, using the power of two choices: sample two live servers (in proportion to their weight) and take the lighter. Load figures are seconds old, and many workers decide on the same figures at once; picking the single lightest would send all of them to one server, while two random choices spread them and still avoid the heavy ones.',
  params,
  order: (input, { choices }, ctx) =>
    decideOnce(input, ctx, () => {
      const live = input.servers.filter((s) => s.up && s.weight > 0);
      if (live.length === 0) return liveFirst(input.servers);
      const need = appLoad(input);
      const cost = live.map((s) => perWeight(effectiveLoad(input, ctx.state, s.address) + need, s.weight));
      // d candidates without repeats, each drawn in proportion to weight: a big server should be
      // sampled as often as its share of the work, or small servers get heavy apps by chance
      const d = Math.min(choices, live.length);
      const left = live.map((_, i) => i);
      let leftWeight = live.reduce((a, s) => a + s.weight, 0);
      let best = -1;
      for (let k = 0; k < d; k++) {
        let x = ctx.random.next() * leftWeight;
        let j = 0;
        while (j < left.length - 1 && (x -= live[left[j]!]!.weight) >= 0) j++;
        const pick = left[j]!;
        left.splice(j, 1);
        leftWeight -= live[pick]!.weight;
        if (best < 0 || cost[pick]! < cost[best]!) best = pick;
      }
      const rest = byKey(cost).filter((i) => i !== best);
      const order = [live[best]!.address, ...rest.map((i) => live[i]!.address)];
      const placed = new Set(order);
      return [...order, ...input.servers.filter((s) => !placed.has(s.address)).map((s) => s.address)];
    }),
};
