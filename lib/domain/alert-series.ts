// What an alert rule watches: its instances' values from one moment of the stored series (per-server
// samples) or of the app bindings, and the backtest: the state machine folded over a stored range.
import { evaluate, globMatch, FAIRNESS_METRICS, SERVER_METRICS, type AlertMetric, type InstanceState, type Observation, type RuleBody } from './alert-rules.ts';
import { fairness, measureLoads, type MixWeights } from './fairness.ts';

export interface ServerSample {
  server: string;
  status: 'up' | 'down' | 'stale' | 'unknown';
  appsOwned: number;
  workersConnected: number;
  runningInstances: number;
  capacity: number;
  dataAgeS: number | null;
}

export interface AppOwnership {
  appName: string;
  /** the owning server, when bound */
  serverAddress: string | null;
  /** whether that server is up */
  ownerUp: boolean;
  claimedBy: readonly string[];
}

export interface InstanceObservation {
  key: string;
  labels: Record<string, string>;
  observation: Observation;
}

export const isFairnessMetric = (m: AlertMetric) => (FAIRNESS_METRICS as readonly string[]).includes(m);
export const isServerMetric = (m: AlertMetric) => (SERVER_METRICS as readonly string[]).includes(m);
/** Metrics kept as a stored series (and therefore backtestable). */
export const isSeriesMetric = (m: AlertMetric) => isFairnessMetric(m) || isServerMetric(m);

/** A stable key for an instance's labels. */
export function instanceKey(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  return keys.length ? keys.map((k) => `${k}=${labels[k]}`).join(',') : 'cluster';
}

const counted = (s: ServerSample) => s.status === 'up' || s.status === 'unknown';

/**
 * The instances a series rule has at one moment. `samples` null or empty: no data at all (one
 * cluster no-data instance for fairness metrics, none for per-server metrics, whose known
 * instances the caller marks no-data).
 */
export function observeSamples(rule: Pick<RuleBody, 'series' | 'scope'>, samples: readonly ServerSample[] | null, mix?: MixWeights): InstanceObservation[] {
  const { metric, measure } = rule.series;
  const rows = samples ?? [];
  if (isFairnessMetric(metric)) {
    const loads = measureLoads(rows, measure, mix, (i) => counted(rows[i]!));
    const f = fairness(rows.map((s, i) => ({ address: s.server, load: loads[i]!, up: counted(s) })));
    const observation: Observation = f.n === 0 ? { noData: true } : { value: f[metric as 'jain'] };
    return [{ key: 'cluster', labels: {}, observation }];
  }
  const filter = rule.scope.filter;
  const matching = rows.filter((s) => !filter || globMatch(filter, s.server));
  const loads = measureLoads(rows, measure, mix, (i) => counted(rows[i]!));
  const shares = new Map(fairness(rows.map((s, i) => ({ address: s.server, load: loads[i]!, up: counted(s) }))).servers.map((s) => [s.address, s.share]));
  return matching.map((s) => {
    const labels = { server: s.server };
    let observation: Observation;
    if (metric === 'serverDown') observation = { value: s.status === 'down' || s.status === 'stale' ? 1 : 0 };
    else if (metric === 'dataAge') observation = s.dataAgeS === null ? { noData: true } : { value: s.dataAgeS };
    else {
      const share = shares.get(s.server);
      observation = share === undefined ? { noData: true } : { value: share };
    }
    return { key: instanceKey(labels), labels, observation };
  });
}

/** The instances of an app rule (unownedApp, splitOwner) from the current bindings and claims. */
export function observeApps(rule: Pick<RuleBody, 'series' | 'scope'>, apps: readonly AppOwnership[]): InstanceObservation[] {
  const filter = rule.scope.filter;
  return apps
    .filter((a) => !filter || globMatch(filter, a.appName))
    .map((a) => {
      const labels = { app: a.appName };
      const value = rule.series.metric === 'splitOwner' ? a.claimedBy.length : a.serverAddress && a.ownerUp ? 0 : 1;
      return { key: instanceKey(labels), labels, observation: { value } };
    });
}

/** Evaluates every instance: those observed now, and those known before but absent now (no data). */
export function evaluateRule(
  rule: RuleBody,
  known: ReadonlyMap<string, InstanceState & { labels: Record<string, string> }>,
  observed: readonly InstanceObservation[],
  now: number,
) {
  const seen = new Set<string>();
  const out: { key: string; labels: Record<string, string>; next: InstanceState; transition: ReturnType<typeof evaluate>['transition'] }[] = [];
  for (const o of observed) {
    seen.add(o.key);
    const r = evaluate(known.get(o.key), o.observation, rule, now);
    out.push({ key: o.key, labels: o.labels, ...r });
  }
  for (const [key, prev] of known) {
    if (seen.has(key)) continue;
    const r = evaluate(prev, { noData: true }, rule, now);
    out.push({ key, labels: prev.labels, ...r });
  }
  return out;
}

export interface SamplesAt {
  t: number;
  samples: ServerSample[];
}

export interface BacktestResult {
  /** transitions into firing over the range */
  fired: number;
  /** evaluations that ended in firing, per instance, in total */
  firingEvaluations: number;
  evaluations: number;
  /** the watched series, one line per instance, at most `maxPoints` points each (extreme value per bucket) */
  series: { key: string; labels: Record<string, string>; points: { t: number; value: number | null }[] }[];
  firings: { key: string; at: number; value: number | null }[];
}

/**
 * Folds the state machine over stored moments in time order, as the evaluator would have run at
 * each sample time. A gap longer than `gapMs` between moments counts as one no-data evaluation.
 */
export function backtest(rule: RuleBody, moments: readonly SamplesAt[], options: { from: number; to: number; gapMs: number; maxPoints?: number; mix?: MixWeights }): BacktestResult {
  const known = new Map<string, InstanceState & { labels: Record<string, string> }>();
  const lines = new Map<string, { labels: Record<string, string>; raw: { t: number; value: number | null }[] }>();
  const firings: BacktestResult['firings'] = [];
  let evaluations = 0;
  let firingEvaluations = 0;
  let lastT: number | null = null;
  const step = (t: number, observed: InstanceObservation[]) => {
    for (const r of evaluateRule(rule, known, observed, t)) {
      evaluations++;
      known.set(r.key, { ...r.next, labels: r.labels });
      if (r.next.state === 'firing') firingEvaluations++;
      if (r.transition?.to === 'firing') firings.push({ key: r.key, at: t, value: r.transition.value });
      const line = lines.get(r.key) ?? { labels: r.labels, raw: [] };
      line.raw.push({ t, value: r.next.value });
      lines.set(r.key, line);
    }
  };
  for (const m of moments) {
    if (m.t < options.from || m.t > options.to) continue;
    if (lastT !== null && m.t - lastT > options.gapMs) step(lastT + options.gapMs, observeSamples(rule, null));
    step(m.t, observeSamples(rule, m.samples, options.mix));
    lastT = m.t;
  }
  const maxPoints = options.maxPoints ?? 360;
  const above = rule.comparator === '>' || rule.comparator === '>=';
  // the buckets span the data there is, so a short history is drawn at full detail
  const start = moments.find((m) => m.t >= options.from)?.t ?? options.from;
  const bucketMs = Math.max(1, Math.ceil((options.to - start) / maxPoints));
  const series = [...lines].map(([key, line]) => {
    // keep the extreme value of each bucket, so a spike that fires stays visible
    const buckets = new Map<number, { t: number; value: number | null }>();
    for (const p of line.raw) {
      const b = Math.floor((p.t - start) / bucketMs);
      const cur = buckets.get(b);
      if (!cur) buckets.set(b, { t: start + b * bucketMs, value: p.value });
      else if (p.value !== null && (cur.value === null || (above ? p.value > cur.value : p.value < cur.value))) cur.value = p.value;
    }
    return { key, labels: line.labels, points: [...buckets.values()] };
  });
  return { fired: firings.length, firingEvaluations, evaluations, series, firings };
}
