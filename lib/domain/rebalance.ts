// Minimal rebalancing: which apps to move, and where, so that a cluster reaches a candidate
// strategy's balance with the fewest moves, or gets as close as a move budget allows. Pure: the
// strategy preview, the rollout creation form and the rollout controller all plan with it, so
// what the preview shows is what a rollout does.
import { fairness } from './fairness.ts';
import { fewestToShed } from './minimum-moves.ts';

export interface RebalanceServer {
  address: string;
  weight: number;
  up: boolean;
  stale?: boolean;
  /** cordoned (docs/maintenance.md): no app is moved to it */
  cordoned?: boolean;
}

export interface RebalanceApp {
  id: number;
  name: string;
  /** owner's web address; null when unbound */
  server: string | null;
  /** what the app adds to its owner under the measure */
  load: number;
}

export interface RebalanceInput {
  servers: readonly RebalanceServer[];
  apps: readonly RebalanceApp[];
  /** the apps the plan may move (a rollout's cohort); every other app stays where it is */
  movable: ReadonlySet<number>;
  /** where the candidate strategy puts each movable app; the per-server load this gives is the target */
  target: ReadonlyMap<number, string>;
  /** at most this many moves; none: as many as the target needs */
  budget?: number;
}

export interface PlannedMove {
  appId: number;
  app: string;
  from: string | null;
  to: string;
  load: number;
}

export interface Rebalance {
  moves: PlannedMove[];
  /** per-server load now, under the candidate's own placement, and after the planned moves */
  load: { before: Record<string, number>; target: Record<string, number>; after: Record<string, number> };
  /** max/mean of load per weight over live servers, for the same three */
  maxMean: { before: number; target: number; after: number };
  /**
   * the fewest moves that can reach the candidate's balance: each server above its cap (the
   * candidate's peak load per weight × its weight) has to shed at least its largest movable apps
   * that cover the excess. Exact for equal-weight apps, Σ max(0, xᵢ − capᵢ); a lower bound otherwise.
   */
  minimumMoves: number;
  /** moves the candidate's placement makes when every movable app goes where it says */
  candidateMoves: number;
  /** `target`: moves toward the candidate's loads; `budget`: the k-move greedy did better within the budget */
  method: 'target' | 'budget';
}

interface State {
  load: Map<string, number>;
  weight: Map<string, number>;
  /** eligible destinations: up, fresh, weight above 0, not cordoned */
  eligible: string[];
  eps: number;
}

function initialState(input: RebalanceInput): State {
  const load = new Map(input.servers.map((s) => [s.address, 0]));
  for (const a of input.apps) if (a.server !== null && load.has(a.server)) load.set(a.server, load.get(a.server)! + a.load);
  const total = input.apps.reduce((s, a) => s + a.load, 0);
  return {
    load,
    weight: new Map(input.servers.map((s) => [s.address, s.weight])),
    eligible: input.servers.filter((s) => s.up && !s.stale && s.weight > 0 && !s.cordoned).map((s) => s.address),
    eps: 1e-9 * Math.max(1, total),
  };
}

const live = (s: RebalanceServer) => s.up && !s.stale;

function maxMeanOf(servers: readonly RebalanceServer[], load: ReadonlyMap<string, number>): number {
  const f = fairness(servers.map((s) => ({ address: s.address, load: load.get(s.address) ?? 0, weight: s.weight, up: live(s) })));
  return Number.isFinite(f.maxMean) ? f.maxMean : 1;
}

/** The per-server load when every movable app sits where the candidate puts it and the rest stay. */
function targetLoads(input: RebalanceInput): Map<string, number> {
  const out = new Map(input.servers.map((s) => [s.address, 0]));
  for (const a of input.apps) {
    const at = input.movable.has(a.id) ? (input.target.get(a.id) ?? a.server) : a.server;
    if (at !== null && out.has(at)) out.set(at, out.get(at)! + a.load);
  }
  return out;
}

/** Movable loads per server (unbound apps apart): what each server could shed. */
function movableByServer(input: RebalanceInput): Map<string | null, RebalanceApp[]> {
  const out = new Map<string | null, RebalanceApp[]>();
  for (const a of input.apps) {
    if (!input.movable.has(a.id)) continue;
    const list = out.get(a.server) ?? [];
    list.push(a);
    out.set(a.server, list);
  }
  return out;
}

/**
 * Moves toward the target, one at a time, from the server furthest above it. `loads`: toward the
 * candidate's own per-server loads, the app whose move to a server below its target lowers
 * Σ|load − target| the most. `cap`: toward the candidate's balance only, every server at most the
 * candidate's peak load per weight × its weight; the app that sheds the most of the excess and
 * fits on a server under its cap. Either way the server the candidate names for the app comes
 * first, then the lower app id; nothing moves that does not bring the cluster closer, so an app
 * never goes from a server below its target to one above, and each app moves at most once. With
 * equal-weight apps every move takes one app off the excess: Σ max(0, xᵢ − capᵢ) moves.
 */
function towardTarget(input: RebalanceInput, target: ReadonlyMap<string, number>, budget: number, mode: 'loads' | 'cap' = 'loads'): { moves: PlannedMove[]; load: Map<string, number> } {
  const state = initialState(input);
  const { load, eligible, eps } = state;
  const excess = (s: string) => (load.get(s) ?? 0) - (target.get(s) ?? 0);
  const pending = movableByServer(input);
  const moves: PlannedMove[] = [];
  const move = (a: RebalanceApp, to: string) => {
    if (a.server !== null && load.has(a.server)) load.set(a.server, load.get(a.server)! - a.load);
    load.set(to, (load.get(to) ?? 0) + a.load);
    moves.push({ appId: a.id, app: a.name, from: a.server, to, load: a.load });
    const list = pending.get(a.server)!;
    list.splice(list.indexOf(a), 1);
  };
  // an unbound app has to land somewhere: where the candidate puts it
  for (const a of [...(pending.get(null) ?? [])].sort((x, y) => x.id - y.id)) {
    const to = input.target.get(a.id);
    if (moves.length < budget && to !== undefined && eligible.includes(to)) move(a, to);
  }
  const sources = input.servers.map((s) => s.address);
  while (moves.length < budget) {
    const over = sources.filter((s) => excess(s) > eps && (pending.get(s)?.length ?? 0) > 0).sort((a, b) => excess(b) - excess(a) || (a < b ? -1 : 1));
    const under = eligible.filter((t) => excess(t) < -eps);
    let chosen: { app: RebalanceApp; to: string } | null = null;
    for (const s of over) {
      let best: { app: RebalanceApp; to: string; gain: number; named: boolean } | null = null;
      const es = excess(s);
      for (const app of pending.get(s)!) {
        for (const t of under) {
          if (t === s) continue;
          const et = excess(t);
          if (mode === 'cap' && et + app.load > eps) continue;
          const gain = mode === 'cap' ? Math.min(app.load, es) : Math.abs(es) + Math.abs(et) - Math.abs(es - app.load) - Math.abs(et + app.load);
          if (gain <= eps) continue;
          const named = input.target.get(app.id) === t;
          const better = !best || gain > best.gain + eps || (Math.abs(gain - best.gain) <= eps && ((named && !best.named) || (named === best.named && app.id < best.app.id)));
          if (better) best = { app, to: t, gain, named };
        }
      }
      if (best) {
        chosen = best;
        break;
      }
    }
    if (!chosen) break;
    move(chosen.app, chosen.to);
  }
  return { moves, load };
}

/**
 * The best balance within k moves, greedily (the k-move rebalancing of Aggarwal, Motwani and Zhu,
 * "The load rebalancing problem", J. Algorithms 60 (2006)): k times take the largest movable app
 * off the server with the most load per weight (apps on down servers first), then put the taken
 * apps back largest first, each where it adds the least load per weight (its own server on a tie,
 * which is no move).
 *
 * Bound: with equal server weights the max load is at most 2 × the best reachable with k moves.
 * The removals leave every server at or below the optimum's max (the optimum needs, on each server
 * above a level, at least as many removals as taking its largest apps first; the greedy removes
 * only from a server above that level while one is), and an app put back lands on a server at or
 * below the mean, itself at most the optimum, plus its own load, also at most the optimum. With
 * weights the bound is 1 + w_max / w_min. The paper's 1.5-approximation is a more involved
 * algorithm, not this greedy; the unit tests check the factor 2 against exhaustive search.
 */
export function kMoveGreedy(input: RebalanceInput, budget: number): { moves: PlannedMove[]; load: Map<string, number> } {
  const state = initialState(input);
  const { load, weight, eligible, eps } = state;
  const perWeight = (s: string, extra = 0) => ((load.get(s) ?? 0) + extra) / (weight.get(s) || 1);
  const pending = movableByServer(input);
  for (const list of pending.values()) list.sort((a, b) => b.load - a.load || a.id - b.id);
  const taken: RebalanceApp[] = [];
  const take = (a: RebalanceApp) => {
    if (a.server !== null && load.has(a.server)) load.set(a.server, load.get(a.server)! - a.load);
    const list = pending.get(a.server)!;
    list.splice(list.indexOf(a), 1);
    taken.push(a);
  };
  // apps that cannot stay (unbound, on a down, stale or drained server) go first
  for (const [server, list] of pending) {
    if (server !== null && eligible.includes(server)) continue;
    for (const a of [...list]) if (taken.length < budget) take(a);
  }
  while (taken.length < budget) {
    const from = eligible.filter((s) => (pending.get(s)?.length ?? 0) > 0).sort((a, b) => perWeight(b) - perWeight(a) || (a < b ? -1 : 1))[0];
    if (from === undefined) break;
    take(pending.get(from)![0]!);
  }
  const moves: PlannedMove[] = [];
  for (const a of [...taken].sort((x, y) => y.load - x.load || x.id - y.id)) {
    let to: string | undefined;
    for (const t of eligible) {
      if (to === undefined) {
        to = t;
        continue;
      }
      const d = perWeight(t, a.load) - perWeight(to, a.load);
      if (d < -eps || (Math.abs(d) <= eps && t === a.server)) to = t;
    }
    if (to === undefined) continue;
    load.set(to, (load.get(to) ?? 0) + a.load);
    if (to !== a.server) moves.push({ appId: a.id, app: a.name, from: a.server, to, load: a.load });
  }
  return { moves, load };
}

/**
 * Each server's cap at the candidate's balance: its peak load per weight × the server's weight on
 * live servers; on the others what stays there (the apps the plan may not move).
 */
function capsOf(input: RebalanceInput, target: ReadonlyMap<string, number>, state: State): Map<string, number> {
  const eligible = new Set(state.eligible);
  let peak = 0;
  for (const s of input.servers) if (eligible.has(s.address)) peak = Math.max(peak, (target.get(s.address) ?? 0) / s.weight);
  return new Map(input.servers.map((s) => [s.address, eligible.has(s.address) ? peak * s.weight : (target.get(s.address) ?? 0)]));
}

/**
 * The plan: the fewest moves that reach the candidate's balance, toward its per-server loads or only
 * under its peak (whichever needs fewer; a candidate that balances no better than the cluster does
 * now moves nothing then), all of them when the budget allows. When the budget cuts them short and
 * the candidate balances better than the cluster now, the k-move greedy's plan is taken instead
 * when it reaches a lower max/mean within the same budget.
 */
export function rebalance(input: RebalanceInput): Rebalance {
  const state = initialState(input);
  const before = state.load;
  const target = targetLoads(input);
  const caps = capsOf(input, target, state);
  const budget = input.budget === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(input.budget));
  const peak = { before: maxMeanOf(input.servers, before), target: maxMeanOf(input.servers, target) };
  // the candidate's balance with the fewest moves: its per-server loads, or only its peak, whichever reaches it with fewer
  const reaches = (p: { load: Map<string, number> }) => maxMeanOf(input.servers, p.load) <= peak.target + 1e-9;
  const exact = towardTarget(input, target, Number.POSITIVE_INFINITY, 'loads');
  const capped = towardTarget(input, caps, Number.POSITIVE_INFINITY, 'cap');
  const mode: 'loads' | 'cap' = reaches(capped) && (!reaches(exact) || capped.moves.length <= exact.moves.length) ? 'cap' : reaches(exact) ? 'loads' : maxMeanOf(input.servers, capped.load) < maxMeanOf(input.servers, exact.load) ? 'cap' : 'loads';
  let plan = mode === 'cap' ? capped : exact;
  let method: Rebalance['method'] = 'target';
  if (plan.moves.length > budget) {
    plan = towardTarget(input, mode === 'cap' ? caps : target, budget, mode);
    if (peak.target < peak.before) {
      const greedy = kMoveGreedy(input, budget);
      if (maxMeanOf(input.servers, greedy.load) < maxMeanOf(input.servers, plan.load) - 1e-9) {
        plan = greedy;
        method = 'budget';
      }
    }
  }
  const byServer = movableByServer(input);
  let minimumMoves = 0;
  for (const [server, apps] of byServer) {
    if (server === null) {
      minimumMoves += apps.filter((a) => input.target.has(a.id)).length;
      continue;
    }
    minimumMoves += fewestToShed(
      apps.map((a) => a.load),
      (before.get(server) ?? 0) - (caps.get(server) ?? 0),
      state.eps,
    );
  }
  let candidateMoves = 0;
  for (const a of input.apps) if (input.movable.has(a.id) && input.target.has(a.id) && input.target.get(a.id) !== a.server) candidateMoves++;
  const record = (m: ReadonlyMap<string, number>) => Object.fromEntries(input.servers.map((s) => [s.address, m.get(s.address) ?? 0]));
  return {
    moves: plan.moves,
    load: { before: record(before), target: record(target), after: record(plan.load) },
    maxMean: { ...peak, after: maxMeanOf(input.servers, plan.load) },
    minimumMoves,
    candidateMoves,
    method,
  };
}
