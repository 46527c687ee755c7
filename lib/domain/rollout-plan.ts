// What a rollout means for a cluster snapshot: which apps are in its cohort, where the candidate
// strategy wants them (the move targets), and the fairness of the cohort against the control group.
import { inCohort, matchesSelector, selectsApp, type BucketKey, type CohortSelector } from './cohort.ts';
import { place, type ClusterSnapshot } from './election.ts';
import { appLoads, type PlanMeasure } from './app-load.ts';
import { fairness, type MixWeights } from './fairness.ts';
import { rebalance, type PlannedMove, type Rebalance } from './rebalance.ts';
import { resolveStrategy, type StrategySpec } from './strategies/index.ts';

export interface PlanServer {
  address: string;
  weight: number;
  up: boolean;
  stale?: boolean;
  zone?: string;
  /** cordoned (docs/maintenance.md): no target, and the apps on it stay */
  cordoned?: boolean;
}

export interface PlanWorker {
  address: string;
  tag?: string | null;
  version?: string | null;
  /** the server the worker reports to (web address), when known */
  server?: string | null;
}

export interface PlanApp {
  id: number;
  name: string;
  /** owner's web address, null when unbound */
  server: string | null;
  /** what the app adds to its owner under the measure (1 when counting apps) */
  load: number;
  workers: PlanWorker[];
  /** running instances, for the `running` measure */
  running?: number;
  /** job runs per minute (job_info), for the `triggers` measure */
  triggersPerMinute?: number;
}

export interface PlanCluster {
  servers: PlanServer[];
  apps: PlanApp[];
}

export interface PlanRollout {
  id: string;
  percent: number;
  spec: { candidate: StrategySpec; selector?: CohortSelector; key: BucketKey };
}

/**
 * Apps in the cohort. With key `app` an app is in when its name buckets under the percent and it
 * (and, when the selector narrows workers, every one of its workers) is eligible: PowerJob binds
 * whole apps, so moving an app whose workers are only partly eligible would move them all. With key
 * `worker` an app is in when all its workers bucket in (it can only be moved then).
 */
export function cohortApps(r: PlanRollout, apps: readonly PlanApp[]): PlanApp[] {
  const { selector, key } = r.spec;
  return apps.filter((app) => {
    if (!selectsApp(selector, app)) return false;
    if (key === 'worker') return app.workers.length > 0 && app.workers.every((w) => inCohort(r.id, w.address, r.percent));
    return inCohort(r.id, app.name, r.percent);
  });
}

/** Whether one worker of an app gets the candidate's order now (the assignment API's question). */
export function workerInCohort(r: PlanRollout, app: string, worker: PlanWorker): boolean {
  if (!matchesSelector(r.spec.selector, { app, worker })) return false;
  return inCohort(r.id, r.spec.key === 'worker' ? worker.address : app, r.percent);
}

/**
 * Where the candidate strategy would put each cohort app: the election replayed with the candidate's
 * orders, the control apps staying where they are (their load is what the candidate measures).
 */
export function candidateTargets(candidate: StrategySpec, cluster: PlanCluster, cohort: ReadonlySet<number>, seed = 1): Map<number, string> {
  const { strategy, params } = resolveStrategy(candidate);
  const bindings: Record<string, string> = {};
  const at: Record<string, string> = {};
  for (const a of cluster.apps) {
    if (!a.server) continue;
    at[a.name] = a.server;
    if (!cohort.has(a.id)) bindings[a.name] = a.server;
  }
  const snapshot: ClusterSnapshot = {
    servers: cluster.servers.map((s) => ({ address: s.address, weight: s.weight, up: s.up && !s.stale, ...(s.zone ? { zone: s.zone } : {}) })),
    apps: cluster.apps
      .filter((a) => cohort.has(a.id) || a.server)
      // an app with no workers known still has to land somewhere: one placeholder worker
      .map((a) => ({ name: a.name, id: a.id, load: a.load, workers: a.workers.length ? a.workers.map((w) => ({ address: w.address, ...(w.tag ? { tag: w.tag } : {}), ...(w.version ? { version: w.version } : {}) })) : [{ address: `${a.name}:0` }] })),
    bindings,
    // the cohort is re-elected, but a strategy that plans (bounded-load) still knows where it is
    at,
  };
  const placed = place(strategy, snapshot, seed, 'sticky', params);
  const out = new Map<number, string>();
  for (const a of cluster.apps) {
    if (!cohort.has(a.id)) continue;
    const to = placed.bindings[a.name];
    if (to) out.set(a.id, to);
  }
  return out;
}

export interface GroupFairness {
  maxMean: number | null;
  jain: number | null;
}

/** max/mean and Jain's index of the per-server load of a group of apps (live servers only). */
export function groupFairness(servers: readonly PlanServer[], apps: readonly PlanApp[]): GroupFairness {
  if (apps.length === 0) return { maxMean: null, jain: null };
  const load = new Map(servers.map((s) => [s.address, 0]));
  for (const a of apps) if (a.server && load.has(a.server)) load.set(a.server, load.get(a.server)! + a.load);
  const f = fairness(servers.map((s) => ({ address: s.address, load: load.get(s.address) ?? 0, weight: s.weight, up: s.up })));
  return { maxMean: Number.isFinite(f.maxMean) ? f.maxMean : null, jain: Number.isFinite(f.jain) ? f.jain : null };
}

/** A snapshot (the preview's, a synthetic scenario's) as the rollout plan takes it: apps by id, where they are bound now. */
export function planClusterOf(cluster: ClusterSnapshot): PlanCluster {
  return {
    servers: cluster.servers.map((s) => ({ address: s.address, weight: s.weight, up: s.up, ...(s.zone ? { zone: s.zone } : {}) })),
    apps: cluster.apps.map((a, i) => ({ id: a.id ?? i + 1, name: a.name, server: cluster.bindings?.[a.name] ?? null, load: a.load, workers: a.workers.map((w) => ({ address: w.address, ...(w.tag ? { tag: w.tag } : {}), ...(w.version ? { version: w.version } : {}) })) })),
  };
}

/** The same cluster with each app's load under a measure (`appLoads`). */
export function measuredCluster(cluster: PlanCluster, measure: PlanMeasure, mix?: MixWeights): PlanCluster {
  const loads = appLoads(
    cluster.apps.map((a) => ({ workers: a.workers.length, running: a.running ?? 0, ...(a.triggersPerMinute === undefined ? {} : { triggersPerMinute: a.triggersPerMinute }) })),
    measure,
    mix,
  );
  return { ...cluster, apps: cluster.apps.map((a, i) => ({ ...a, load: loads[i]! })) };
}

/**
 * The moves a rollout makes for a cohort now: toward the candidate's placement of the cohort (the
 * control apps staying), only those that bring the cluster closer to it, at most `budget`.
 */
export function planRebalance(candidate: StrategySpec, cluster: PlanCluster, cohort: ReadonlySet<number>, budget?: number, seed = 1): Rebalance {
  // a cordoned server is no target: the candidate places the apps over the other servers only, and
  // the apps the cordoned one owns stay where they are (only a drain moves them)
  const cordoned = new Set(cluster.servers.filter((s) => s.cordoned).map((s) => s.address));
  const onCordoned = (a: PlanApp) => a.server !== null && cordoned.has(a.server);
  const movable = cordoned.size ? new Set(cluster.apps.filter((a) => cohort.has(a.id) && !onCordoned(a)).map((a) => a.id)) : cohort;
  const electing = cordoned.size ? { servers: cluster.servers.filter((s) => !s.cordoned), apps: cluster.apps.filter((a) => !onCordoned(a)) } : cluster;
  const target = candidateTargets(candidate, electing, movable, seed);
  return rebalance({ servers: cluster.servers, apps: cluster.apps, movable, target, ...(budget === undefined ? {} : { budget }) });
}

export interface StepPlan {
  percent: number;
  cohortApps: number;
  /** the moves this step makes, from where the earlier steps left the apps */
  moves: PlannedMove[];
  minimumMoves: number;
  maxMean: { before: number; after: number; target: number };
  load: Record<string, number>;
}

/**
 * What a rollout with moves does, step by step: at each step's percent its cohort (which only
 * grows) is planned from where the earlier steps left the apps, as the controller plans it.
 * `budget` is the rollout's whole move budget; each step gets what the earlier ones left.
 */
export function planSteps(r: { id: string; spec: PlanRollout['spec'] & { steps: readonly { percent: number }[] } }, cluster: PlanCluster, budget?: number, seed = 1): { steps: StepPlan[]; moves: PlannedMove[] } {
  let apps = cluster.apps;
  const steps: StepPlan[] = [];
  const moves: PlannedMove[] = [];
  for (const { percent } of r.spec.steps) {
    const now: PlanCluster = { ...cluster, apps };
    const cohort = cohortApps({ id: r.id, percent, spec: r.spec }, apps);
    const left = budget === undefined ? undefined : Math.max(0, budget - moves.length);
    const plan = planRebalance(r.spec.candidate, now, new Set(cohort.map((a) => a.id)), left, seed);
    const to = new Map(plan.moves.map((m) => [m.appId, m.to]));
    apps = apps.map((a) => (to.has(a.id) ? { ...a, server: to.get(a.id)! } : a));
    moves.push(...plan.moves);
    steps.push({ percent, cohortApps: cohort.length, moves: plan.moves, minimumMoves: plan.minimumMoves, maxMean: plan.maxMean, load: plan.load.after });
  }
  return { steps, moves };
}
