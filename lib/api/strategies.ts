// The what-if preview: the live cluster (or a synthetic scenario) replayed through PowerJob's
// election with a strategy's server orders, beside the cluster as it is now.
import type { z } from 'zod';
import { selectsApp, type CohortSelector } from '../domain/cohort.ts';
import { appLoads } from '../domain/app-load.ts';
import { DEFAULT_MIX, fairness, type LoadMeasure, type MixWeights } from '../domain/fairness.ts';
import { place, type ClusterApp, type ClusterSnapshot, type Placement } from '../domain/election.ts';
import { scenario as syntheticScenario, type ScenarioName } from '../domain/scenario-gen.ts';
import { resolveStrategy, STRATEGIES, strategySpec, type StrategyWorker } from '../domain/strategies/index.ts';
import type { Rebalance } from '../domain/rebalance.ts';
import { measuredCluster, planClusterOf, planRebalance, planSteps } from '../domain/rollout-plan.ts';
import { loadPlanCluster } from '../jobs/rollout-controller.ts';
import type { Runtime } from '../runtime.ts';
import type { previewBody } from './schemas.ts';
import { issueError, ProblemError } from '../domain/problem.ts';
import { mixWeights } from './settings.ts';

export function catalogue() {
  return STRATEGIES.map((s) => ({ kind: s.kind, description: s.description, params: s.params }));
}

async function liveCluster(runtime: Runtime, measure: LoadMeasure, mix: MixWeights): Promise<ClusterSnapshot> {
  const now = runtime.now();
  const [servers, apps, workers] = await Promise.all([
    runtime.store.listServers(now),
    runtime.store.listApps(now),
    runtime.store.workerRoster(now),
  ]);
  const byApp = new Map<number, StrategyWorker[]>();
  for (const w of workers) {
    const list = byApp.get(w.appId) ?? [];
    list.push({ address: w.address, ...(w.tag ? { tag: w.tag } : {}), ...(w.version ? { version: w.version } : {}) });
    byApp.set(w.appId, list);
  }
  // each app's load under the measure, as the rollout plan measures it (app-load.ts)
  const loads = appLoads(apps.map((a) => ({ workers: a.workersLive, running: a.runningInstances ?? 0 })), measure, mix);
  const clusterApps: ClusterApp[] = apps.map((a, i) => ({ name: a.appName ?? `app#${a.appId}`, id: a.appId, load: loads[i]!, workers: byApp.get(a.appId) ?? [] }));
  const bindings: Record<string, string> = {};
  for (const a of apps) if (a.serverAddress) bindings[a.appName ?? `app#${a.appId}`] = a.serverAddress;
  return {
    // as the assignment API and the rollout controller: unconfirmed servers are no targets
    servers: servers
      .filter((s) => s.confirmedBy !== null)
      .map((s) => ({ address: s.address, weight: s.weight, ...(s.zone ? { zone: s.zone } : {}), up: s.health === 'up' || s.health === 'unknown' })),
    apps: clusterApps,
    bindings,
  };
}

function summary(p: Pick<Placement, 'load' | 'fairness'>, moved: Placement['moved'] | null) {
  return {
    load: p.load,
    fairness: { jain: p.fairness.jain, cv: p.fairness.cv, maxMean: p.fairness.maxMean, gini: p.fairness.gini, n: p.fairness.n },
    appsMoved: moved?.length ?? 0,
    workersMoved: moved?.reduce((a, m) => a + m.workers, 0) ?? 0,
    moved: (moved ?? []).slice(0, 50),
  };
}

/** Apps a selector takes whole (selectsApp): what a rollout with this selector could move. */
export function admittedApps(cluster: ClusterSnapshot, selector: CohortSelector): Set<string> {
  return new Set(cluster.apps.filter((a) => selectsApp(selector, a)).map((a) => a.name));
}

/**
 * The placement when only the admitted apps are re-elected by the strategy and the others keep
 * their owners (those whose owner is down are re-elected too, as PowerJob would); moves are
 * counted against the cluster's real bindings.
 */
function placeSubset(strategy: Parameters<typeof place>[0], cluster: ClusterSnapshot, admitted: ReadonlySet<string>, seed: number, params: object): Placement {
  const current = cluster.bindings ?? {};
  const kept = Object.fromEntries(Object.entries(current).filter(([app]) => !admitted.has(app)));
  const placed = place(strategy, { ...cluster, bindings: kept, at: current }, seed, 'sticky', params);
  const workers = new Map(cluster.apps.map((a) => [a.name, a.workers.length]));
  const moved = Object.entries(current)
    .filter(([app, from]) => placed.bindings[app] !== from)
    .map(([app, from]) => ({ app, from, to: placed.bindings[app] ?? null, workers: workers.get(app) ?? 0 }));
  return { ...placed, moved };
}

/** The moves of a plan as the preview lists them, with their totals. */
function movesOf(moves: Rebalance['moves']) {
  return { appsMoved: moves.length, loadMoved: moves.reduce((a, m) => a + m.load, 0), moves: moves.slice(0, 500).map((m) => ({ app: m.app, appId: m.appId, from: m.from, to: m.to, load: m.load })) };
}

export async function preview(runtime: Runtime, body: z.infer<typeof previewBody>) {
  const started = performance.now();
  const specs = [body.candidate, ...(body.compare ?? [])];
  const resolved = specs.map((spec, i) => {
    const parsed = strategySpec.safeParse(spec);
    if (!parsed.success) {
      const where = i === 0 ? 'candidate' : `compare.${i - 1}`;
      const issues = parsed.error.issues.map((x) => `${[where, ...x.path].join('.')}: ${x.message}`).join('; ');
      throw new ProblemError(400, `invalid strategy: ${issues}`, { code: 'invalid-strategy', params: { issues } }, parsed.error.issues.map((x) => issueError({ ...x, path: [where, ...x.path] } as Parameters<typeof issueError>[0], where)));
    }
    return { spec: parsed.data, ...resolveStrategy(parsed.data) };
  });
  const mix = body.scenario ? DEFAULT_MIX : await mixWeights(runtime);
  const cluster = body.scenario ? syntheticScenario(body.scenario as ScenarioName, body.seed).cluster : await liveCluster(runtime, body.measure, mix);
  const currentLoad: Record<string, number> = Object.fromEntries(cluster.servers.map((s) => [s.address, 0]));
  for (const app of cluster.apps) {
    const owner = cluster.bindings?.[app.name];
    if (owner !== undefined) currentLoad[owner] = (currentLoad[owner] ?? 0) + app.load;
  }
  const admitted = body.selector ? admittedApps(cluster, body.selector) : null;
  // the rollout plan (lib/domain/rebalance.ts): the fewest moves toward each candidate's target, as the controller makes them
  const planned = body.scenario ? planClusterOf(cluster) : measuredCluster((await loadPlanCluster(runtime.store, runtime.now())).cluster, body.measure, mix);
  const movable = new Set(planned.apps.filter((a) => !admitted || admitted.has(a.name)).map((a) => a.id));
  const current = {
    load: currentLoad,
    fairness: fairness(cluster.servers.map((s) => ({ address: s.address, load: currentLoad[s.address] ?? 0, weight: s.weight, up: s.up }))),
  };
  return {
    source: body.scenario ? { scenario: body.scenario, seed: body.seed } : { live: true },
    measure: body.scenario ? syntheticScenario(body.scenario as ScenarioName, body.seed).measure : body.measure,
    servers: cluster.servers.map((s) => ({ address: s.address, weight: s.weight, up: s.up })),
    apps: cluster.apps.length,
    workers: cluster.apps.reduce((a, x) => a + x.workers.length, 0),
    /** apps the selector admits (all when there is none) */
    admittedApps: admitted?.size ?? cluster.apps.length,
    current: summary(current, null),
    strategies: resolved.map(({ spec, strategy, params }) => {
      // fresh: every app re-elected (what a full rebalance delivers); sticky: only apps whose owner is down move
      // with a selector, only the admitted apps are re-elected
      const fresh = admitted ? placeSubset(strategy, cluster, admitted, body.seed, params) : place(strategy, cluster, body.seed, 'fresh', params);
      const sticky = place(strategy, cluster, body.seed, 'sticky', params);
      const plan = planRebalance(spec, planned, movable, body.budget, body.seed);
      const rollout = body.steps ? planSteps({ id: body.rolloutId, spec: { candidate: spec, key: body.key, steps: body.steps.map((percent) => ({ percent })), ...(body.selector ? { selector: body.selector } : {}) } }, planned, body.budget, body.seed) : null;
      return {
        kind: spec.kind,
        params,
        rebalanced: summary(fresh, fresh.moved),
        onlyWhatMustMove: summary(sticky, sticky.moved),
        plan: {
          ...movesOf(plan.moves),
          minimumMoves: plan.minimumMoves,
          candidateMoves: plan.candidateMoves,
          method: plan.method,
          maxMean: plan.maxMean,
          load: plan.load,
          steps: rollout?.steps.map((st) => ({ percent: st.percent, cohortApps: st.cohortApps, minimumMoves: st.minimumMoves, maxMean: st.maxMean.after, load: st.load, ...movesOf(st.moves) })) ?? null,
        },
      };
    }),
    ms: Math.round(performance.now() - started),
  };
}
