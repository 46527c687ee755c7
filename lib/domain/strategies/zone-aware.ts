// `zone-aware`: prefer servers in the worker's zone (or the lowest latency), spill over past a load cap.
import { z } from 'zod';
import { appLoad, decideOnce, effectiveLoad, rendezvousRank, roundTotal, type StrategyServer, type Strategy } from './shared.ts';

const params = z.strictObject({
  /** a server is full once its load would pass overload × its weighted share of the total */
  overload: z.number().min(1).max(10).default(1.25),
  /** without zones: servers within this many ms of the fastest count as near */
  latencySlackMs: z.number().min(0).max(10_000).default(5),
});

export const zoneAware: Strategy<z.infer<typeof params>> = {
  kind: 'zone-aware',
  description:
    "Keeps an app's traffic near its workers: prefers live servers in the worker's zone (or, without zones, those within a few milliseconds of the lowest measured latency), spread among them by rendezvous hashing. A near server past its load cap (1.25 × its weighted share by default) is passed over for the nearest server with room.",
  params,
  order: (input, { overload, latencySlackMs }, ctx) =>
    decideOnce(input, ctx, () => {
      // This runs once per app for every app decided, so it is plain loops over the ranked list
      // without closures (a comparator sort over objects and per-server callbacks were most of its cost).
      const ranked = rendezvousRank(input.servers, input.app.name);
      const latencyMs = input.latencyMs;
      const zone = input.worker.zone;
      let weights = 0;
      let zoneLive = false;
      let fastest = Infinity;
      const live: StrategyServer[] = [];
      for (const s of ranked) {
        if (!s.up) continue;
        live.push(s);
        weights += Math.max(0, s.weight);
        if (zone !== undefined && s.zone === zone) zoneLive = true;
        const l = latencyMs?.[s.address];
        if (l !== undefined && l < fastest) fastest = l;
      }
      // near: the worker's zone when a live server is in it, else within the slack of the lowest latency, else every server
      const nearBy: 'zone' | 'latency' | 'all' = zoneLive ? 'zone' : latencyMs && Number.isFinite(fastest) ? 'latency' : 'all';
      const total = roundTotal(input, ctx.state, live);
      const need = appLoad(input);
      // groups in this order: near with room, far with room (closest first), near but full, far and
      // full (closest first), down; within a group, rendezvous rank
      const groups: StrategyServer[][] = [[], [], [], [], []];
      for (const s of ranked) {
        if (!s.up) {
          groups[4]!.push(s);
          continue;
        }
        const full = weights === 0 || effectiveLoad(input, ctx.state, s.address) + need > Math.ceil((overload * total * Math.max(0, s.weight)) / weights);
        const near = nearBy === 'all' || (nearBy === 'zone' ? s.zone === zone : (latencyMs![s.address] ?? Infinity) <= fastest + latencySlackMs);
        groups[(full ? 2 : 0) + (near ? 0 : 1)]!.push(s);
      }
      // without latencies every far server is equally far: rendezvous rank alone, no sort needed
      if (latencyMs) {
        for (const g of [1, 3]) {
          if (groups[g]!.length < 2) continue;
          const keyed = groups[g]!.map((s, rank) => ({ s, rank, l: latencyMs[s.address] ?? Infinity }));
          keyed.sort((a, b) => (a.l === b.l ? a.rank - b.rank : a.l < b.l ? -1 : 1));
          groups[g] = keyed.map((x) => x.s);
        }
      }
      const out: string[] = [];
      for (const g of groups) for (const s of g) out.push(s.address);
      return out;
    }),
};
