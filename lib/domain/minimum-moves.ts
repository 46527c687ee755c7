// The fewest moves any plan needs to bring every live server to at most a given max/mean: a lower
// bound the benchmark holds the rollout plan's move count to (bench/strategies-rebalance.ts), and
// the "fewest for the candidate's balance" per server that the plan reports (rebalance.ts).
import { minCostAssignment } from './assignment.ts';
import type { RebalanceApp, RebalanceInput, RebalanceServer } from './rebalance.ts';

/** The fewest of these loads, largest first, that add up to `amount` (all of them when they cannot). */
export function fewestToShed(loads: readonly number[], amount: number, eps = 1e-9): number {
  if (amount <= eps) return 0;
  const sorted = [...loads].sort((a, b) => b - a);
  let shed = 0;
  for (let i = 0; i < sorted.length; i++) {
    shed += sorted[i]!;
    if (shed >= amount - eps) return i + 1;
  }
  return sorted.length;
}

const live = (s: RebalanceServer) => s.up && !s.stale;

export interface MinimumMoves {
  /** the lower bound: the larger of the two below */
  moves: number;
  /** each server above its cap sheds at least its largest movable apps that cover the excess */
  perServer: number;
  /** the same with the big apps (two of them fit on no server) placed one per server at the least cost */
  bigApps: number;
  /** how many movable apps are big: above half the most room any live server has */
  big: number;
}

/**
 * A lower bound of the moves after which no live server carries more than `peak` × its fair share
 * (load per weight over the mean); every movable app on a down or stale server, or unbound, moves.
 *
 * Two bounds, the larger is taken. Per server: each server above its cap (peak × total × its
 * weight / Σ weights) keeps at most its cap, so it sheds at least the fewest of its movable apps
 * whose loads cover the excess, largest first (exact for equal-weight apps). Big apps: an app above
 * half the largest room (cap less the apps that may not move) shares a server with no other big
 * app, so the big apps end on distinct servers. Each choice of server t for big app b costs one
 * move when b is not on t already, plus the fewest of t's other movable apps t must shed to leave
 * b room; a server that gets no big app sheds its excess as above. The cheapest assignment
 * (minCostAssignment, exact) is a lower bound of every plan: a plan's big apps sit on distinct
 * servers, its move count covers the big apps it moves and the others that leave each server, and
 * apps arriving only add load. Infinity when the big apps cannot all fit, or the apps that may not
 * move already exceed a server's cap.
 */
export function minimumMoves(input: Pick<RebalanceInput, 'servers' | 'apps' | 'movable'>, peak: number): MinimumMoves {
  const eps = 1e-9 * Math.max(1, input.apps.reduce((s, a) => s + a.load, 0));
  const liveServers = input.servers.filter(live);
  const liveSet = new Set(liveServers.map((s) => s.address));
  const total = input.apps.reduce((s, a) => s + a.load, 0);
  const weights = liveServers.reduce((s, x) => s + x.weight, 0);
  const cap = new Map(liveServers.map((s) => [s.address, weights > 0 ? (peak * total * s.weight) / weights : 0]));
  const load = new Map(liveServers.map((s) => [s.address, 0]));
  const fixed = new Map(liveServers.map((s) => [s.address, 0]));
  const movableOn = new Map<string, RebalanceApp[]>(liveServers.map((s) => [s.address, []]));
  const away: RebalanceApp[] = [];
  for (const a of input.apps) {
    const on = a.server !== null && liveSet.has(a.server) ? a.server : null;
    if (on !== null) load.set(on, load.get(on)! + a.load);
    if (!input.movable.has(a.id)) {
      if (on !== null) fixed.set(on, fixed.get(on)! + a.load);
    } else if (on === null) away.push(a);
    else movableOn.get(on)!.push(a);
  }

  let perServer = away.length;
  for (const s of liveServers) perServer += fewestToShed(movableOn.get(s.address)!.map((a) => a.load), load.get(s.address)! - cap.get(s.address)!, eps);

  const room = new Map(liveServers.map((s) => [s.address, cap.get(s.address)! - fixed.get(s.address)!]));
  const maxRoom = Math.max(0, ...room.values());
  const isBig = (a: RebalanceApp) => a.load > maxRoom / 2 + eps;
  const bigApps = [...away, ...[...movableOn.values()].flat()].filter(isBig);
  const small = (s: string) => movableOn.get(s)!.filter((a) => !isBig(a));
  // what server s must shed of its small apps to keep at most `keep` of them
  const shed = (s: string, keep: number) => {
    const mine = small(s);
    const kept = mine.reduce((x, a) => x + a.load, 0);
    return keep < -eps ? Number.POSITIVE_INFINITY : fewestToShed(mine.map((a) => a.load), kept - keep, eps);
  };
  const base = liveServers.map((s) => shed(s.address, room.get(s.address)!));
  const matrix = bigApps.map((b) =>
    liveServers.map((s, j) => {
      const left = room.get(s.address)! - b.load;
      if (left < -eps) return Number.POSITIVE_INFINITY;
      return (b.server === s.address ? 0 : 1) + shed(s.address, left) - base[j]!;
    }),
  );
  const best = minCostAssignment(matrix);
  const smallAway = away.filter((a) => !isBig(a)).length;
  const bigBound = best === null || base.some((x) => !Number.isFinite(x)) ? Number.POSITIVE_INFINITY : smallAway + base.reduce((x, y) => x + y, 0) + best.total;
  return { moves: Math.max(perServer, bigBound), perServer, bigApps: bigBound, big: bigApps.length };
}

/** The lower bound alone (`minimumMoves(...).moves`): the benchmark's "minimum for the balance it reaches". */
export function minimumMovesToPeak(input: Pick<RebalanceInput, 'servers' | 'apps' | 'movable'>, peak: number): number {
  return minimumMoves(input, peak).moves;
}
