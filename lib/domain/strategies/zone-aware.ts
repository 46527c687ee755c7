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
      const ranked = rendezvousRank(input.servers, input.app.name);
      const live = ranked.filter((s) => s.up);
      const latency = (s: StrategyServer) => input.latencyMs?.[s.address] ?? Infinity;
      const zone = input.worker.zone;
      let near: (s: StrategyServer) => boolean = () => true;
      if (zone !== undefined && live.some((s) => s.zone === zone)) near = (s) => s.zone === zone;
      else if (input.latencyMs && live.some((s) => Number.isFinite(latency(s)))) {
        const fastest = Math.min(...live.map(latency));
        near = (s) => latency(s) <= fastest + latencySlackMs;
      }
      const total = roundTotal(input, ctx.state, live);
      const weights = live.reduce((a, s) => a + Math.max(0, s.weight), 0);
      const need = appLoad(input);
      const full = (s: StrategyServer) =>
        weights === 0 || effectiveLoad(input, ctx.state, s.address) + need > Math.ceil((overload * total * Math.max(0, s.weight)) / weights);
      // groups in this order: near with room, far with room (closest first), near but full, far and
      // full (closest first), down; within a group, rendezvous rank. Filled bucket by bucket, since
      // this runs once per app and a comparator sort over objects was most of its cost.
      const groups: StrategyServer[][] = [[], [], [], [], []];
      for (const s of ranked) groups[!s.up ? 4 : (full(s) ? 2 : 0) + (near(s) ? 0 : 1)]!.push(s);
      const byLatency = (g: StrategyServer[]) => g.map((s, rank) => ({ s, rank, l: latency(s) })).sort((a, b) => (a.l === b.l ? a.rank - b.rank : a.l < b.l ? -1 : 1)).map((x) => x.s);
      if (groups[1]!.length > 1) groups[1] = byLatency(groups[1]!);
      if (groups[3]!.length > 1) groups[3] = byLatency(groups[3]!);
      const out: string[] = [];
      for (const g of groups) for (const s of g) out.push(s.address);
      return out;
    }),
};
