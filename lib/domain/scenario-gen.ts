// Seeded synthetic clusters for the strategy benchmark (issue #181, Zipf loads, weights, a join, a
// leave, the large cluster) and the reference points a placement is judged against.
import type { ClusterApp, ClusterSnapshot } from './election.ts';
import { fairness } from './fairness.ts';
import { deriveSeed, seeded, type Random } from './random.ts';
import type { StrategyServer, StrategyWorker } from './strategies/index.ts';

export const SCENARIO_NAMES = ['issue-181', 'zipf-8', 'weighted-8', 'join-8-9', 'leave-8-7', 'large'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  name: ScenarioName;
  description: string;
  /** what app.load counts */
  measure: 'apps' | 'load units' | 'workers';
  cluster: ClusterSnapshot;
  /** join and leave: the cluster before the change, with the same apps */
  before?: ClusterSnapshot;
  change?: { kind: 'join' | 'leave'; server: string };
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/**
 * `total` split over `n` items in Zipf proportions (rank k gets ∝ k^−s, ranks dealt to items at
 * random), each at least `min`, integers summing exactly to `total` (largest remainder).
 */
export function zipfCounts(n: number, s: number, total: number, random: Random, min = 1): number[] {
  const spare = total - n * min;
  if (spare < 0) throw new Error(`zipfCounts: ${total} cannot give ${n} items ${min} each`);
  const ranks = random.shuffle(Array.from({ length: n }, (_, i) => i + 1));
  const weights = ranks.map((k) => k ** -s);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (spare * w) / sum);
  const counts = exact.map((x) => Math.floor(x));
  let left = spare - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return counts.map((c) => c + min);
}

function makeServers(weights: readonly number[]): StrategyServer[] {
  return weights.map((weight, i) => ({ address: `10.1.0.${i + 1}:7700`, weight, zone: ZONES[i % ZONES.length], up: true }));
}

function makeApps(loads: readonly number[], workers: readonly number[], random: Random): ClusterApp[] {
  return loads.map((load, i) => ({
    name: `app-${String(i + 1).padStart(4, '0')}`,
    id: i + 1,
    load,
    workers: Array.from({ length: workers[i]! }, (_, w): StrategyWorker => ({
      address: `10.${2 + (i >> 8)}.${i & 255}.${w % 250}:${27777 + Math.floor(w / 250)}`,
      zone: ZONES[random.int(ZONES.length)],
    })),
  }));
}

/** 500 apps with Zipf (s = 1.1) load and Zipf worker counts, the same apps in every 8-server scenario. */
function zipfApps(seed: number): ClusterApp[] {
  const random = seeded(deriveSeed(seed, 'zipf-apps'));
  const loads = zipfCounts(500, 1.1, 10_000, random);
  // bigger apps run more workers: worker counts follow the same ranks
  const order = loads.map((l, i) => [l, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const sorted = zipfCounts(500, 1.1, 5_000, seeded(0), 1).sort((a, b) => b - a);
  const workers = new Array<number>(500);
  order.forEach(([, i], rank) => (workers[i] = sorted[rank]!));
  return makeApps(loads, workers, random);
}

export function scenario(name: ScenarioName, seed = 1): Scenario {
  const eight = makeServers(new Array<number>(8).fill(1));
  switch (name) {
    case 'issue-181': {
      const random = seeded(deriveSeed(seed, name));
      const servers = makeServers([1, 1]);
      const apps = makeApps(new Array<number>(20).fill(1), Array.from({ length: 20 }, () => 1 + random.int(4)), random);
      // the skew the issue reported: 15 of 20 apps on the first server
      const onSecond = new Set(random.shuffle(apps.map((a) => a.name)).slice(0, 5));
      const bindings = Object.fromEntries(apps.map((a) => [a.name, servers[onSecond.has(a.name) ? 1 : 0]!.address]));
      return { name, measure: 'apps', description: 'PowerJob issue #181: 2 servers, 20 apps, 15 of them bound to the first server', cluster: { servers, apps, bindings } };
    }
    case 'zipf-8':
      return { name, measure: 'load units', description: '8 equal servers, 500 apps with Zipf (s = 1.1) load', cluster: { servers: eight, apps: zipfApps(seed) } };
    case 'weighted-8':
      return {
        name,
        measure: 'load units',
        description: '8 servers of weights 1,1,2,2,4,4,8,8, the same 500 Zipf apps',
        cluster: { servers: makeServers([1, 1, 2, 2, 4, 4, 8, 8]), apps: zipfApps(seed) },
      };
    case 'join-8-9': {
      const apps = zipfApps(seed);
      const nine = makeServers(new Array<number>(9).fill(1));
      return { name, measure: 'load units', description: 'a 9th server joins the 8-server Zipf cluster', cluster: { servers: nine, apps }, before: { servers: eight, apps }, change: { kind: 'join', server: nine[8]!.address } };
    }
    case 'leave-8-7': {
      const apps = zipfApps(seed);
      const after = eight.map((s, i) => (i === 7 ? { ...s, up: false } : s));
      return { name, measure: 'load units', description: 'one of the 8 Zipf servers goes down for good', cluster: { servers: after, apps }, before: { servers: eight, apps }, change: { kind: 'leave', server: eight[7]!.address } };
    }
    case 'large': {
      const random = seeded(deriveSeed(seed, name));
      const workers = zipfCounts(2_000, 1.1, 20_000, random);
      // load measure: workers connected, so an app's load is its worker count
      return {
        name,
        measure: 'workers',
        description: '50 servers, 2,000 apps, 20,000 workers with Zipf (s = 1.1) worker counts',
        cluster: { servers: makeServers(new Array<number>(50).fill(1)), apps: makeApps(workers, workers, random) },
      };
    }
  }
}

export interface Reference {
  /** lower bound of peak-to-fair (max/mean with equal weights) for placing whole apps */
  bound: number;
  /** LPT's peak-to-fair: what a simple offline placement achieves */
  lpt: number;
  lptLoad: Record<string, number>;
}

/**
 * Whole apps cannot be split, so the most loaded server carries at least the largest app and at
 * least the average: peak/fair ≥ max(largest / w_max, total / W) / (total / W) over live servers.
 * LPT (largest app first, each onto the server with the least load per weight after adding it)
 * is the achievable reference.
 */
export function reference(cluster: ClusterSnapshot): Reference {
  const live = cluster.servers.filter((s) => s.up && s.weight > 0);
  const total = cluster.apps.reduce((a, x) => a + x.load, 0);
  const weights = live.reduce((a, s) => a + s.weight, 0);
  const largest = Math.max(0, ...cluster.apps.map((a) => a.load));
  const wMax = Math.max(...live.map((s) => s.weight));
  const fairLevel = total / weights;
  const bound = total > 0 ? Math.max(largest / wMax, fairLevel) / fairLevel : 1;

  const lptLoad: Record<string, number> = Object.fromEntries(cluster.servers.map((s) => [s.address, 0]));
  for (const app of [...cluster.apps].sort((a, b) => b.load - a.load)) {
    let best = live[0]!;
    for (const s of live) if ((lptLoad[s.address]! + app.load) / s.weight < (lptLoad[best.address]! + app.load) / best.weight) best = s;
    lptLoad[best.address]! += app.load;
  }
  const lpt = fairness(cluster.servers.map((s) => ({ address: s.address, load: lptLoad[s.address]!, weight: s.weight, up: s.up }))).peakToFair;
  return { bound, lpt, lptLoad };
}

/**
 * Fewest app moves that give a joining server its fair share: by count, its weight's part of the
 * apps; by load, the fewest (largest) apps whose load reaches its fair part of the total.
 */
export function minMovesJoin(cluster: ClusterSnapshot, joining: string): { byCount: number; byLoad: number } {
  const live = cluster.servers.filter((s) => s.up);
  const weights = live.reduce((a, s) => a + s.weight, 0);
  const part = (live.find((s) => s.address === joining)?.weight ?? 0) / weights;
  const byCount = Math.round(cluster.apps.length * part);
  const target = part * cluster.apps.reduce((a, x) => a + x.load, 0);
  let byLoad = 0;
  let sum = 0;
  for (const app of [...cluster.apps].sort((a, b) => b.load - a.load)) {
    if (sum >= target) break;
    sum += app.load;
    byLoad++;
  }
  return { byCount, byLoad };
}

/** A leaving server's apps must all move, and nothing else has to. */
export function minMovesLeave(bindings: Readonly<Record<string, string | null>>, leaving: string): number {
  return Object.values(bindings).filter((b) => b === leaving).length;
}
