// PowerJob's first-come-first-served election replayed (powerjob.md §1–2), and the bindings a
// strategy would produce on a cluster snapshot, fresh or sticky, for the rollout preview.
import { fairness, type Fairness } from './fairness.ts';
import { deriveSeed, seeded } from './random.ts';
import { newRound, type Strategy, type StrategyServer, type StrategyWorker } from './strategies/index.ts';

export interface ElectionServer {
  address: string;
  up: boolean;
}

/** One worker's discovery: its app and the order it tries the servers in. */
export interface Discovery {
  app: string;
  order: readonly string[];
}

/**
 * Replays discoveries in sequence. An app whose recorded owner is alive stays (the owner answers
 * the ping); otherwise the first live server in the discovering worker's order receives the
 * /server/acquire and claims the app (the "usurp" in ServerElectionService#getServer0), and later
 * workers of the app are told that owner. An app whose owner is dead and that no worker asked
 * about keeps its stale binding, as app_info.current_server would; an app no live server could
 * claim is null.
 */
export function elect(
  servers: readonly ElectionServer[],
  bindings: Readonly<Record<string, string | null>>,
  discoveries: Iterable<Discovery>,
): Record<string, string | null> {
  const live = new Set(servers.filter((s) => s.up).map((s) => s.address));
  const out: Record<string, string | null> = { ...bindings };
  for (const d of discoveries) {
    const owner = out[d.app];
    if (owner != null && live.has(owner)) continue;
    out[d.app] = d.order.find((a) => live.has(a)) ?? owner ?? null;
  }
  return out;
}

export interface ClusterApp {
  name: string;
  id?: number;
  /** what the app adds to its owner under the load measure in use */
  load: number;
  workers: readonly StrategyWorker[];
}

export interface ClusterSnapshot {
  servers: readonly StrategyServer[];
  apps: readonly ClusterApp[];
  /** app → current owner */
  bindings?: Readonly<Record<string, string>>;
  /**
   * app → where it is now, for apps that `bindings` leaves out so that they are re-elected (a
   * rollout's cohort, the preview's admitted apps); defaults to `bindings`. Strategies that plan a
   * round (bounded-load) leave an app there when they have no better reason to move it.
   */
  at?: Readonly<Record<string, string>>;
  latencyMs?: Readonly<Record<string, number>>;
}

export interface MovedApp {
  app: string;
  from: string;
  to: string | null;
  /** workers that have to re-discover: what a move costs */
  workers: number;
}

export interface Placement {
  /** app → predicted owner; null when no live server took it (no workers, or none alive) */
  bindings: Record<string, string | null>;
  /** predicted load per server address (down servers included, at 0) */
  load: Record<string, number>;
  fairness: Fairness;
  /** apps whose predicted owner differs from the snapshot's binding */
  moved: MovedApp[];
}

export type PlacementMode = 'fresh' | 'sticky';

/**
 * Where every app lands under a strategy. Workers discover in a seeded random order and each asks
 * the strategy for its server order; the election replay decides. `fresh`: every app is
 * re-elected (all bindings cleared, as after a full restart or a rebalance). `sticky`: apps whose
 * owner is alive stay, and only the others are re-elected, with the stayers' load as the measured
 * load the strategy sees.
 */
export function place(strategy: Strategy, cluster: ClusterSnapshot, seed: number, mode: PlacementMode, params?: object): Placement {
  const p = strategy.params.parse(params ?? {});
  const live = new Set(cluster.servers.filter((s) => s.up).map((s) => s.address));
  const current = cluster.bindings ?? {};
  const start: Record<string, string | null> = {};
  const measured: Record<string, number> = Object.fromEntries(cluster.servers.map((s) => [s.address, 0]));
  const electing: ClusterApp[] = [];
  for (const app of cluster.apps) {
    const owner = current[app.name];
    if (mode === 'sticky' && owner !== undefined && live.has(owner)) {
      start[app.name] = owner;
      measured[owner] = (measured[owner] ?? 0) + app.load;
    } else {
      start[app.name] = null;
      electing.push(app);
    }
  }
  const sequence: Array<[ClusterApp, StrategyWorker]> = [];
  for (const app of electing) for (const w of app.workers) sequence.push([app, w]);
  const discovery = seeded(deriveSeed(seed, 'discovery')).shuffle(sequence);
  const where = cluster.at ?? current;
  const at = new Map<string, string>();
  for (const app of electing) {
    const server = where[app.name];
    if (server !== undefined && live.has(server)) at.set(app.name, server);
  }
  const ctx = {
    random: seeded(deriveSeed(seed, 'strategy')),
    state: newRound({ totalLoad: cluster.apps.reduce((a, x) => a + x.load, 0), apps: new Map(electing.map((a) => [a.name, a.load])), at }),
  };
  function* discoveries(): Generator<Discovery> {
    for (const [app, worker] of discovery) {
      const input = { app: { name: app.name, id: app.id, load: app.load }, worker, servers: cluster.servers, load: measured, latencyMs: cluster.latencyMs };
      yield { app: app.name, order: strategy.order(input, p, ctx) };
    }
  }
  const elected = elect(cluster.servers, start, discoveries());

  const bindings: Record<string, string | null> = {};
  const load: Record<string, number> = Object.fromEntries(cluster.servers.map((s) => [s.address, 0]));
  const moved: MovedApp[] = [];
  for (const app of cluster.apps) {
    const owner = elected[app.name] ?? null;
    const to = owner !== null && live.has(owner) ? owner : null;
    bindings[app.name] = to;
    if (to !== null) load[to] = (load[to] ?? 0) + app.load;
    const from = current[app.name];
    if (from !== undefined && from !== to) moved.push({ app: app.name, from, to, workers: app.workers.length });
  }
  const f = fairness(cluster.servers.map((s) => ({ address: s.address, load: load[s.address] ?? 0, weight: s.weight, up: s.up })));
  return { bindings, load, fairness: f, moved };
}

/** Both predictions at once: every app re-elected, and only the apps that must move. */
export function placeAll(strategy: Strategy, cluster: ClusterSnapshot, seed: number, params?: object): { fresh: Placement; sticky: Placement } {
  return { fresh: place(strategy, cluster, seed, 'fresh', params), sticky: place(strategy, cluster, seed, 'sticky', params) };
}
