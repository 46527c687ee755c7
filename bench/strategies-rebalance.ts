// bench:strategies, second part: rebalancing from a skew with the rollout plan (lib/domain/rebalance.ts)
// for every strategy as the candidate: max/mean reached against the bound (largest app, LPT),
// moves made against the minimum for the max/mean reached, the candidate's own re-election as the
// baseline, and the k-move greedy at k = half the minimum against its proven factor 2.
import { place, type ClusterSnapshot } from '../lib/domain/election.ts';
import { minimumMoves } from '../lib/domain/minimum-moves.ts';
import { kMoveGreedy, rebalance } from '../lib/domain/rebalance.ts';
import { candidateTargets, planClusterOf, type PlanCluster } from '../lib/domain/rollout-plan.ts';
import { reference, scenario } from '../lib/domain/scenario-gen.ts';
import { getStrategy, STRATEGY_KINDS } from '../lib/domain/strategies/index.ts';
import { verdict } from './support.ts';

interface Skew {
  name: string;
  measure: string;
  cluster: PlanCluster;
  snapshot: ClusterSnapshot;
}

/** The cluster as PowerJob's `ordered` (before 5.1) or `shuffle` (5.1+) election leaves it. */
function electedBy(kind: 'ordered' | 'shuffle', snapshot: ClusterSnapshot, seed: number): ClusterSnapshot {
  const placed = place(getStrategy(kind), snapshot, seed, 'fresh');
  const bindings = Object.fromEntries(Object.entries(placed.bindings).filter((e): e is [string, string] => e[1] !== null));
  return { ...snapshot, bindings };
}

function skews(seed: number): Skew[] {
  const out: Skew[] = [];
  const i181 = scenario('issue-181', seed);
  out.push({ name: 'issue-181 (its own skew)', measure: 'apps', cluster: planClusterOf(i181.cluster), snapshot: i181.cluster });
  // the large scenario's app load is its worker count; the Zipf apps' load units stand for running instances
  const large = scenario('large', seed).cluster;
  const zipf = scenario('zipf-8', seed).cluster;
  for (const [label, base, measure] of [
    ['large', large, 'workers'],
    ['8 x 500 Zipf', zipf, 'running instances'],
  ] as const) {
    for (const kind of ['ordered', 'shuffle'] as const) {
      const snapshot = electedBy(kind, base, seed);
      out.push({ name: `${label} from ${kind}`, measure, cluster: planClusterOf(snapshot), snapshot });
    }
  }
  return out;
}

/** OPT_k is at least the mean, the largest app, and each server's load less its k largest apps. */
function lowerBoundK(cluster: PlanCluster, k: number): number {
  const live = cluster.servers.filter((s) => s.up);
  const total = cluster.apps.reduce((a, x) => a + x.load, 0);
  let bound = Math.max(total / live.length, ...cluster.apps.map((a) => a.load));
  for (const s of live) {
    const mine = cluster.apps.filter((a) => a.server === s.address).map((a) => a.load).sort((a, b) => b - a);
    bound = Math.max(bound, mine.reduce((a, x) => a + x, 0) - mine.slice(0, k).reduce((a, x) => a + x, 0));
  }
  return bound;
}

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '∞');

export function rebalanceBench(seed: number): void {
  console.log('\n# rebalancing from a skew: the rollout plan with each strategy as the candidate, every app movable');
  console.log('reached: max/mean after the plan; min: a lower bound of the moves any plan needs for that max/mean (lib/domain/minimum-moves.ts), the larger of');
  console.log('  shed: each server above it sheds at least its largest apps that cover the excess, and');
  console.log('  big: the apps above half the largest room need a server each; the cheapest such assignment (exact) plus what every other server sheds;');
  console.log('candidate: every app moved where the candidate re-elects it (the baseline); k = half the best plan\'s minimum: the k-move greedy vs the lower bound of the k-move optimum.\n');
  const targets: { ok: boolean; text: string }[] = [];
  for (const sk of skews(seed)) {
    const ref = reference({ ...sk.snapshot });
    const movable = new Set(sk.cluster.apps.map((a) => a.id));
    const started = rebalance({ servers: sk.cluster.servers, apps: sk.cluster.apps, movable, target: new Map() }).maxMean.before;
    console.log(`## ${sk.name} by ${sk.measure}: ${sk.cluster.servers.length} servers, ${sk.cluster.apps.length} apps, max/mean now ${fmt(started)}; bound ${fmt(ref.bound)}, LPT ${fmt(ref.lpt)}`);
    console.log(['strategy'.padEnd(22), 'target'.padStart(7), 'reached'.padStart(8), '×bound'.padStart(7), 'moves'.padStart(6), 'min'.padStart(5), 'shed'.padStart(5), 'big'.padStart(4), 'moves/min'.padStart(10), 'candidate moves'.padStart(16), 'ms'.padStart(7)].join(' '));
    let best: { kind: string; reached: number; moves: number; min: number } | null = null;
    for (const kind of STRATEGY_KINDS) {
      const strategy = getStrategy(kind);
      const t = performance.now();
      const target = candidateTargets({ kind }, sk.cluster, movable, seed);
      const plan = rebalance({ servers: sk.cluster.servers, apps: sk.cluster.apps, movable, target });
      const ms = performance.now() - t;
      const bound = minimumMoves({ servers: sk.cluster.servers, apps: sk.cluster.apps, movable }, plan.maxMean.after);
      const min = bound.moves;
      console.log(
        [strategy.kind.padEnd(22), fmt(plan.maxMean.target).padStart(7), fmt(plan.maxMean.after).padStart(8), fmt(plan.maxMean.after / ref.bound, 2).padStart(7), String(plan.moves.length).padStart(6), String(min).padStart(5), String(bound.perServer).padStart(5), (Number.isFinite(bound.bigApps) ? String(bound.bigApps) : "∞").padStart(4), (min ? fmt(plan.moves.length / min, 2) : '-').padStart(10), String(plan.candidateMoves).padStart(16), fmt(ms, 0).padStart(7)].join(' '),
      );
      if (!best || plan.maxMean.after < best.reached - 1e-9 || (Math.abs(plan.maxMean.after - best.reached) <= 1e-9 && plan.moves.length < best.moves)) best = { kind: strategy.kind, reached: plan.maxMean.after, moves: plan.moves.length, min };
    }
    const b = best!;
    targets.push({ ok: b.reached <= 1.05 * ref.bound, text: `best plan within 5% of the bound, ${sk.name}: ${b.kind} ${fmt(b.reached)} vs bound ${fmt(ref.bound)} (LPT ${fmt(ref.lpt)})` });
    targets.push({ ok: b.moves <= 1.1 * b.min, text: `its moves within 10% of the minimum for that max/mean, ${sk.name}: ${b.moves} vs ${b.min}` });
    const k = Math.max(1, Math.floor(b.min / 2));
    const greedy = kMoveGreedy({ servers: sk.cluster.servers, apps: sk.cluster.apps, movable, target: new Map() }, k);
    const peak = Math.max(...sk.cluster.servers.filter((s) => s.up).map((s) => greedy.load.get(s.address) ?? 0));
    const lb = lowerBoundK(sk.cluster, k);
    console.log(`   budget k = ${k}: the greedy's max load ${fmt(peak, 1)} in ${greedy.moves.length} moves; the k-move optimum is at least ${fmt(lb, 1)}: ratio ≤ ${fmt(peak / lb, 2)}\n`);
    targets.push({ ok: peak <= 2 * lb + 1e-9, text: `k-move greedy within its factor 2 of the k-move optimum, ${sk.name}, k = ${k}: max ${fmt(peak, 1)} ≤ 2 × ${fmt(lb, 1)} (lower bound of the optimum)` });
  }
  console.log('## rebalancing targets');
  for (const t of targets) verdict(t.ok, t.text);
}
