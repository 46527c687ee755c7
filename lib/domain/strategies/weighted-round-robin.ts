// `weighted-round-robin`: nginx's smooth weighted round robin over the live servers, one pick per app.
import { z } from 'zod';
import { byKey, decideOnce, liveFirst, type Strategy } from './shared.ts';

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
      // current weights in a flat array (this runs once per app, over every live server)
      const n = live.length;
      const c = new Float64Array(n);
      let total = 0;
      let best = 0;
      for (let i = 0; i < n; i++) {
        const s = live[i]!;
        c[i] = (current.get(s.address) ?? 0) + s.weight;
        total += s.weight;
        if (c[i]! > c[best]!) best = i;
      }
      c[best]! -= total;
      for (let i = 0; i < n; i++) current.set(live[i]!.address, c[i]!);
      // after the pick, the rest in the order they would be picked next (ties in list order)
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = i === best ? -Infinity : -c[i]!;
      const order = byKey(keys).map((i) => live[i]!.address);
      if (n < input.servers.length) order.push(...liveFirst(input.servers.filter((s) => !(s.up && s.weight > 0))));
      return order;
    }),
};
