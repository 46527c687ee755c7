// `weighted-round-robin`: nginx's smooth weighted round robin over the live servers, one pick per app.
import { z } from 'zod';
import { decideOnce, liveFirst, type Strategy } from './shared.ts';

const params = z.strictObject({});

export const weightedRoundRobin: Strategy<z.infer<typeof params>> = {
  kind: 'weighted-round-robin',
  description:
    'Smooth weighted round robin, as nginx does it: each new app goes to the live server furthest ahead of its weighted turn, so a server of weight 4 takes four apps for every one of a server of weight 1, interleaved rather than in bursts (weights 5,1,1 give a a b a c a a). Counts apps, not their load.',
  params,
  order: (input, _params, ctx) =>
    decideOnce(input, ctx, () => {
      const live = input.servers.filter((s) => s.up && s.weight > 0);
      if (live.length === 0) return liveFirst(input.servers);
      const { current } = ctx.state;
      let total = 0;
      let best = live[0]!;
      for (const s of live) {
        const c = (current.get(s.address) ?? 0) + s.weight;
        current.set(s.address, c);
        total += s.weight;
        if (c > current.get(best.address)!) best = s;
      }
      current.set(best.address, current.get(best.address)! - total);
      // after the pick, the rest in the order they would be picked next
      const rest = live
        .filter((s) => s !== best)
        .map((s, i) => ({ s, i, c: current.get(s.address)! }))
        .sort((a, b) => b.c - a.c || a.i - b.i)
        .map((x) => x.s);
      const chosen = new Set([best, ...rest]);
      return [best.address, ...rest.map((s) => s.address), ...liveFirst(input.servers.filter((s) => !chosen.has(s)))];
    }),
};
