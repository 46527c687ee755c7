// `least-loaded`: place an app by measured load, with the power of two (d) random choices against
// stale data; a round that knows all its apps is planned largest first instead (LPT).
import { z } from 'zod';
import { hashName } from '../random.ts';
import { appLoad, byKey, decideOnce, effectiveLoad, liveFirst, perWeight, type StrategyServer, type Strategy } from './shared.ts';

const params = z.strictObject({
  /** servers sampled per decision; 2 is the power of two choices, the number of servers is plain greedy */
  choices: z.int().min(1).max(1000).default(2),
});

/**
 * Every app of a round placed at once, largest first, each on the live server with the least load
 * per weight after it (longest processing time first, on servers of different speeds); `measured`
 * is the load already there. Ties go to the earlier server, apps of equal load by name hash.
 */
export function planLeastLoaded(
  servers: readonly StrategyServer[],
  apps: ReadonlyMap<string, number>,
  measured: Readonly<Record<string, number>> | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  const live = servers.filter((s) => s.up && s.weight > 0);
  if (live.length === 0) return out;
  const load = live.map((s) => measured?.[s.address] ?? 0);
  const entries = [...apps].map(([name, l]) => ({ name, load: l, hash: hashName(name) }));
  entries.sort((a, b) => b.load - a.load || a.hash - b.hash || (a.name < b.name ? -1 : 1));
  for (const app of entries) {
    let best = 0;
    let bestCost = Infinity;
    for (let i = 0; i < live.length; i++) {
      const cost = (load[i]! + app.load) / live[i]!.weight;
      if (cost < bestCost) {
        best = i;
        bestCost = cost;
      }
    }
    load[best]! += app.load;
    out.set(app.name, live[best]!.address);
  }
  return out;
}

export const leastLoaded: Strategy<z.infer<typeof params>> = {
  kind: 'least-loaded',
  description:
    'Places each new app on a lightly loaded server by measured load per unit of weight, using the power of two choices: sample two live servers (in proportion to their weight) and take the lighter. Load figures are seconds old, and many workers decide on the same figures at once; picking the single lightest would send all of them to one server, while two random choices spread them and still avoid the heavy ones. Where every app of a round is known at once (the preview, a rollout plan) there is one set of figures and no herd: apps are placed largest first, each on the server with the least load per weight after it.',
  params,
  order: (input, { choices }, ctx) =>
    decideOnce(input, ctx, () => {
      const live = input.servers.filter((s) => s.up && s.weight > 0);
      if (live.length === 0) return liveFirst(input.servers);
      const { state } = ctx;
      if (state.apps?.has(input.app.name)) {
        let plan = state.plans.get('least-loaded');
        if (!plan) {
          const tail = liveFirst(input.servers);
          const orders = new Map<string, readonly string[]>();
          for (const [name, to] of planLeastLoaded(input.servers, state.apps, input.load)) orders.set(name, [to, ...tail.filter((a) => a !== to)]);
          state.plans.set('least-loaded', (plan = orders));
        }
        const order = plan.get(input.app.name);
        if (order !== undefined) return order;
      }
      const need = appLoad(input);
      const cost = live.map((s) => perWeight(effectiveLoad(input, state, s.address) + need, s.weight));
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
