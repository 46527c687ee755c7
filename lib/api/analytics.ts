// What the analytics routes answer: the store's rows turned into fairness figures by lib/domain.
import { fairness, measureLoads, MEASURE_LABELS, type LoadMeasure } from '../domain/fairness.ts';
import { resolutionFor, type Range } from '../domain/series.ts';
import type { Runtime } from '../runtime.ts';
import { mixWeights } from './settings.ts';

type Metric = 'jain' | 'cv' | 'maxMean' | 'gini';

export async function overview(runtime: Runtime, measure: LoadMeasure) {
  const now = runtime.now();
  const [servers, apps, mix, split, rollouts] = await Promise.all([runtime.store.listServers(now), runtime.store.bindingRows(now), mixWeights(runtime), runtime.store.splitApps(now), runtime.store.listRollouts()]);
  const counted = (i: number) => servers[i]!.health === 'up' || servers[i]!.health === 'unknown';
  const loads = measureLoads(servers, measure, mix, counted);
  const f = fairness(servers.map((s, i) => ({ address: s.address, load: loads[i]!, weight: s.weight, up: counted(i) })));
  const shareOf = new Map(f.servers.map((s) => [s.address, s]));
  // an app's load under the measure: what it adds to its server's figure
  const appLoad = (a: (typeof apps)[number]) =>
    measure === 'apps' ? 1 : measure === 'workers' || measure === 'capacity' ? a.workersLive : measure === 'running' ? (a.runningInstances ?? 0) : 1;
  return {
    measure,
    measureLabel: MEASURE_LABELS[measure],
    generatedAt: now.toISOString(),
    staleAfterS: runtime.config.FULCRUM_STALE_AFTER / 1000,
    fairness: { jain: f.jain, cv: f.cv, maxMean: f.maxMean, gini: f.gini, n: f.n, total: f.total, excluded: f.excluded },
    servers: servers.map((s, i) => ({
      address: s.address,
      health: s.health,
      statusReason: s.statusReason,
      dataAgeS: s.dataAgeS,
      appsOwned: s.appsOwned,
      workersConnected: s.workersConnected,
      runningInstances: s.runningInstances,
      load: loads[i]!,
      share: shareOf.get(s.address)?.share ?? null,
      fairShare: shareOf.get(s.address)?.fairShare ?? null,
      distance: shareOf.get(s.address)?.distance ?? null,
      weight: s.weight,
      version: s.version,
      confirmed: s.confirmedBy !== null,
    })),
    split,
    rollouts: rollouts
      .filter((r) => r.state === 'running' || r.state === 'paused')
      .map((r) => ({ id: r.id, name: r.name, state: r.state, step: r.step, steps: r.spec.steps.length, percent: r.percent })),
    apps: apps.map((a) => ({ appId: a.appId, appName: a.appName, serverAddress: a.serverAddress, load: appLoad(a) })),
    demo: runtime.demo ? { scenario: runtime.demo.scenario } : null,
  };
}

export async function fairnessSeriesFor(runtime: Runtime, metric: Metric, measure: LoadMeasure, range: Range) {
  const now = runtime.now().getTime();
  const { resolution, bucketMs, rangeMs } = resolutionFor(range, runtime.config.FULCRUM_SAMPLE_INTERVAL);
  const from = Math.floor((now - rangeMs) / bucketMs) * bucketMs;
  const mix = await mixWeights(runtime);
  const [{ buckets, changes }, moves] = await Promise.all([
    runtime.store.fairnessBuckets(resolution, new Date(from), new Date(now), bucketMs, measure, mix),
    runtime.store.bindingChangeBuckets(new Date(from), new Date(now), bucketMs),
  ]);
  // one point per bucket of the range: a bucket without data is a gap, never interpolated
  const byT = new Map(buckets.map((b) => [b.t, b]));
  const points = [];
  for (let t = from; t < now; t += bucketMs) {
    const b = byT.get(t);
    points.push({ t, value: b ? b[metric] : null, n: b?.n ?? 0 });
  }
  return {
    metric,
    measure,
    range,
    resolution,
    bucketS: bucketMs / 1000,
    points,
    markers: [
      ...changes.map((c) => ({ t: c.t, kind: c.up ? ('server-up' as const) : ('server-down' as const), label: `${c.server} ${c.up ? 'up' : 'down'}` })),
      ...moves.map((m) => ({ t: m.t, kind: 'bindings' as const, label: `${m.count} binding change${m.count === 1 ? '' : 's'}` })),
    ].sort((a, b) => a.t - b.t),
  };
}
