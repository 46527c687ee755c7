// `bounded-load`: consistent hashing with bounded loads. An app goes to the first server in its
// rendezvous order that stays within its cap; when the round knows every app it decides, the whole
// placement is planned at once, so where an app lands does not depend on the order workers ask in.
import { z } from 'zod';
import { hashName } from '../random.ts';
import { appLoad, byKey, decideOnce, effectiveLoad, liveFirst, perWeight, rendezvousRank, roundTotal, type StrategyServer, type Strategy } from './shared.ts';

const params = z.strictObject({
  /** cap = ceil((1 + epsilon) × the server's weighted share of the total) */
  epsilon: z.number().positive().max(10).default(0.25),
  /**
   * With the current placement known: `consistent` sends every app that can have its rendezvous
   * choice there (few moves on a join or a leave, but a rebalance of a placement PowerJob made moves
   * most apps); `minimal` keeps every app on its server while that server is within its cap and
   * moves only the excess (the fewest moves that bring every server under its cap).
   */
  rebalance: z.enum(['consistent', 'minimal']).default('consistent'),
});

export type Rebalance = z.infer<typeof params>['rebalance'];

/** An app is heavy when it is over this part of the smallest fair share among the open servers. */
const HEAVY_PART = 1 / 4;

/** The cap of each server: ceil((1 + ε) × its weighted share of the total). */
export function caps(live: readonly StrategyServer[], total: number, epsilon: number): number[] {
  const weights = live.reduce((a, s) => a + Math.max(0, s.weight), 0);
  return live.map((s) => (weights > 0 ? Math.ceil(((1 + epsilon) * total * Math.max(0, s.weight)) / weights) : 0));
}

/**
 * Where every app of a round goes, when all of them are known (apps: name → load; measured: load
 * already on the servers, e.g. apps that stay). Three passes, each deterministic:
 * 1. apps larger than every cap, largest first, each to the first server of its rendezvous order
 *    that holds no other such app (a server of its own: nothing else fits beside it anyway);
 * 2. the light apps (at most a quarter of the smallest fair share), in the fixed order of their
 *    names' hashes, each to the first server of its rendezvous order among the others that stays
 *    within its cap: most land on their rendezvous choice, so a join or a leave moves few of them;
 * 3. the heavy rest, largest first, the same way, filling what the light ones left.
 * An app that fits nowhere goes to the server with the least load per weight after it.
 * When `current` says where apps are now: an oversized app stays on its server or, that server
 * gone, takes the free server with the fewest apps (they all have to make room for it); and an app
 * that cannot have its first rendezvous choice (taken by an oversized app, or full) stays where it
 * is if that server is live, holds no oversized app and has room under its cap: such an app has no
 * natural home, and sending it to its next choice would move it every time a server joins. Apps
 * that get their first choice go there. The result is a fixed point: planned again with its own
 * answer as `current`, it answers the same. With `rebalance: 'minimal'`, every server instead keeps
 * its apps while it stays within its cap (those that rank it highest first) and only the rest are
 * placed as above: the fewest moves that bring every server under its cap, at the price of a
 * placement that depends on where the apps were.
 */
export function planBoundedLoad(...args: Parameters<typeof planBoundedLoadOrders>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, order] of planBoundedLoadOrders(...args)) out.set(name, order[0]!);
  return out;
}

/**
 * planBoundedLoad's placement as each app's whole server order: its server first, then the other
 * servers by rendezvous rank, live ones first (where its workers fail over to). Each app is ranked
 * once; a rank over a subset of servers is the full rank with the others left out.
 */
export function planBoundedLoadOrders(
  servers: readonly StrategyServer[],
  apps: ReadonlyMap<string, number>,
  measured: Readonly<Record<string, number>> | undefined,
  epsilon: number,
  current?: ReadonlyMap<string, string>,
  rebalance: Rebalance = 'consistent',
): Map<string, readonly string[]> {
  const placed = new Map<string, number>();
  const live = servers.filter((s) => s.up && s.weight > 0);
  if (live.length === 0) return new Map();
  const index = new Map(live.map((s, i) => [s.address, i]));
  const load = live.map((s) => measured?.[s.address] ?? 0);
  let total = load.reduce((a, b) => a + b, 0);
  for (const l of apps.values()) total += l;
  const cap = caps(live, total, epsilon);
  const weights = live.reduce((a, s) => a + s.weight, 0);

  const entries = [...apps].map(([name, l]) => {
    const ranked = rendezvousRank(servers, name);
    const rank: number[] = [];
    for (const s of ranked) {
      const i = index.get(s.address);
      if (i !== undefined) rank.push(i);
    }
    return { name, load: l, hash: hashName(name), ranked, rank };
  });
  type Entry = (typeof entries)[number];
  const byHash = (a: Entry, b: Entry) => a.hash - b.hash || (a.name < b.name ? -1 : 1);
  const largestFirst = (a: Entry, b: Entry) => b.load - a.load || byHash(a, b);
  const put = (name: string, i: number, l: number) => {
    placed.set(name, i);
    load[i]! += l;
  };
  const lightest = (among: readonly number[], l: number) => among[byKey(among.map((i) => perWeight(load[i]! + l, live[i]!.weight)))[0]!]!;

  const maxCap = Math.max(...cap);
  const own = new Set<number>();
  // with the current placement known, an oversized app stays on its server, or (its server gone)
  // takes the free server that has the fewest apps to hand on, ties by rendezvous order
  const known = current !== undefined && current.size > 0;
  const at = (name: string) => {
    const server = current?.get(name);
    return server === undefined ? -1 : (index.get(server) ?? -1);
  };
  // apps on each live server now
  const here = live.map(() => 0);
  if (known) for (const name of apps.keys()) if (at(name) >= 0) here[at(name)]!++;
  for (const app of entries.filter((a) => a.load > maxCap).sort(largestFirst)) {
    const free = app.rank.filter((i) => !own.has(i));
    const now = at(app.name);
    const fewest = known && free.length > 0 ? free[byKey(free.map((i) => here[i]!))[0]!] : undefined;
    const to = (free.includes(now) ? now : fewest) ?? free[0] ?? lightest(app.rank, app.load);
    own.add(to);
    put(app.name, to, app.load);
  }

  const inPool = own.size < live.length ? (i: number) => !own.has(i) : () => true;
  const heavyOver = HEAVY_PART * Math.min(...live.filter((_, i) => inPool(i)).map((s) => (total * s.weight) / weights));
  const firstFit = (app: Entry) => {
    let to: number | undefined;
    for (const i of app.rank) {
      if (inPool(i) && load[i]! + app.load <= cap[i]!) {
        to = i;
        break;
      }
    }
    put(app.name, to ?? lightest(app.rank.filter(inPool), app.load), app.load);
  };
  const minimal = rebalance === 'minimal' && known;
  if (minimal) {
    // every server keeps its apps while it stays within its cap: first those that rank it highest
    const stays = new Map<number, { app: Entry; rank: number }[]>();
    for (const app of entries) {
      const now = at(app.name);
      if (placed.has(app.name) || now < 0 || own.has(now)) continue;
      const list = stays.get(now) ?? [];
      list.push({ app, rank: app.rank.indexOf(now) });
      stays.set(now, list);
    }
    for (const [i, list] of stays) {
      list.sort((a, b) => a.rank - b.rank || byHash(a.app, b.app));
      for (const { app } of list) if (load[i]! + app.load <= cap[i]!) put(app.name, i, app.load);
    }
  }
  const rest = entries.filter((a) => !placed.has(a.name));
  rest.filter((a) => a.load <= heavyOver).sort(byHash).forEach(firstFit);
  rest.filter((a) => a.load > heavyOver).sort(largestFirst).forEach(firstFit);
  if (!minimal && known) {
    for (const app of [...rest].sort(byHash)) {
      const now = at(app.name);
      const to = placed.get(app.name)!;
      if (now < 0 || now === to || own.has(now) || load[now]! + app.load > cap[now]! || app.rank[0] === to) continue;
      load[to]! -= app.load;
      put(app.name, now, app.load);
    }
  }

  const orders = new Map<string, readonly string[]>();
  for (const app of entries) {
    const to = live[placed.get(app.name)!]!.address;
    orders.set(app.name, [to, ...liveFirst(app.ranked).filter((a) => a !== to)]);
  }
  return orders;
}

export const boundedLoad: Strategy<z.infer<typeof params>> = {
  kind: 'bounded-load',
  description:
    "Consistent hashing with bounded loads: an app goes to the first server in its rendezvous order whose load stays within a cap of ceil((1 + ε) × its weighted average), ε = 0.25 by default, so no server takes more than its cap when the apps fit, and a server joining or leaving moves few apps besides its own. An app larger than every cap gets a server to itself. Needs the current placement (measured load and this round's decisions) to know who is full; the preview and a rollout plan every app at once, and there an app that cannot have its first choice (full, or taken by an app larger than every cap) stays where it is while that server has room, so a join moves little more than the newcomer's share. Rebalancing a placement PowerJob made moves most apps that way (their rendezvous choice is elsewhere); rebalance = minimal instead keeps every app on its server while that server is within its cap and moves only the excess.",
  params,
  order: (input, { epsilon, rebalance }, ctx) =>
    decideOnce(input, ctx, () => {
      const { state } = ctx;
      if (state.apps?.has(input.app.name)) {
        const key = `bounded-load ${epsilon} ${rebalance}`;
        let plan = state.plans.get(key);
        if (!plan) state.plans.set(key, (plan = planBoundedLoadOrders(input.servers, state.apps, input.load, epsilon, state.at, rebalance)));
        const order = plan.get(input.app.name);
        if (order !== undefined) return order;
      }
      const ranked = rendezvousRank(input.servers, input.app.name);
      // online: what this round placed so far and the measured load
      const live = ranked.filter((s) => s.up);
      if (live.length === 0) return liveFirst(ranked);
      const total = roundTotal(input, state, live);
      const cap = caps(live, total, epsilon);
      const need = appLoad(input);
      const after = live.map((s) => effectiveLoad(input, state, s.address) + need);
      const under: string[] = [];
      const over: number[] = [];
      live.forEach((s, i) => {
        if (after[i]! <= cap[i]!) under.push(s.address);
        else over.push(i);
      });
      // nobody has room (an app larger than any cap): the least loaded per weight takes it
      const full = under.length > 0 ? over : byKey(over.map((i) => perWeight(after[i]!, live[i]!.weight))).map((k) => over[k]!);
      return [...under, ...full.map((i) => live[i]!.address), ...ranked.filter((s) => !s.up).map((s) => s.address)];
    }),
};
