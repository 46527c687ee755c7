// Fairness over time: per-bucket per-server rollups in, one point per bucket out, with gaps where
// no data exists (never interpolated), plus markers where servers went down or came back.
import { fairness, measureLoads, type FairnessIndices, type LoadMeasure, type MixWeights } from './fairness.ts';

export const RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
export type Range = (typeof RANGES)[number];
export type Resolution = 'raw' | '1m' | '1h';

const RANGE_MS: Record<Range, number> = { '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 };

/** The resolution that fits a range: a few hundred points at most. */
export function resolutionFor(range: Range, rawIntervalMs: number): { resolution: Resolution; bucketMs: number; rangeMs: number } {
  const rangeMs = RANGE_MS[range];
  if (range === '15m' || range === '1h') return { resolution: 'raw', bucketMs: rawIntervalMs, rangeMs };
  if (range === '6h') return { resolution: '1m', bucketMs: 60_000, rangeMs };
  // 24 h of 1-minute rollups, shown as 5-minute buckets: 288 points, as many as a chart can show
  if (range === '24h') return { resolution: '1m', bucketMs: 300_000, rangeMs };
  return { resolution: '1h', bucketMs: 3_600_000, rangeMs };
}

export interface BucketRow {
  at: number;
  server: string;
  samples: number;
  upSamples: number;
  appsOwned: number;
  workersConnected: number;
  runningInstances: number;
  capacity: number;
}

export interface SeriesPoint extends Partial<FairnessIndices> {
  t: number;
  /** live servers in the bucket; 0 with no index values means a gap */
  n: number;
}

export interface Marker {
  t: number;
  kind: 'server-down' | 'server-up' | 'bindings';
  label: string;
}

/** A server counts in a bucket when it was up for at least half of its samples there. */
const upIn = (r: BucketRow) => r.samples > 0 && r.upSamples / r.samples >= 0.5;

export function fairnessSeries(
  rows: readonly BucketRow[],
  measure: LoadMeasure,
  from: number,
  to: number,
  bucketMs: number,
  mix?: MixWeights,
): { points: SeriesPoint[]; markers: Marker[] } {
  // one row per server and bucket: a bucket wider than the rows' resolution averages them,
  // weighted by their sample counts
  const byBucket = new Map<number, BucketRow[]>();
  const merged = new Map<string, BucketRow & { weight: number }>();
  for (const r of rows) {
    const t = Math.floor(r.at / bucketMs) * bucketMs;
    const key = `${t}|${r.server}`;
    const m = merged.get(key);
    if (!m) {
      const first = { ...r, at: t, weight: r.samples };
      merged.set(key, first);
      byBucket.set(t, [...(byBucket.get(t) ?? []), first]);
      continue;
    }
    const w = m.weight + r.samples;
    const avg = (a: number, b: number) => (w > 0 ? (a * m.weight + b * r.samples) / w : a);
    m.appsOwned = avg(m.appsOwned, r.appsOwned);
    m.workersConnected = avg(m.workersConnected, r.workersConnected);
    m.runningInstances = avg(m.runningInstances, r.runningInstances);
    m.capacity = avg(m.capacity, r.capacity);
    m.samples += r.samples;
    m.upSamples += r.upSamples;
    m.weight = w;
  }
  const points: SeriesPoint[] = [];
  const markers: Marker[] = [];
  let previousUp: Map<string, boolean> | null = null;
  for (let t = Math.floor(from / bucketMs) * bucketMs; t < to; t += bucketMs) {
    const bucket = byBucket.get(t);
    if (!bucket?.length) {
      points.push({ t, n: 0 });
      previousUp = null; // no data is not a status change
      continue;
    }
    const loads = measureLoads(bucket, measure, mix, (i) => upIn(bucket[i]!));
    const f = fairness(bucket.map((r, i) => ({ address: r.server, load: loads[i]!, up: upIn(r) })));
    points.push(f.n === 0 ? { t, n: 0 } : { t, n: f.n, jain: f.jain, cv: f.cv, maxMean: f.maxMean, gini: f.gini });
    const up = new Map(bucket.map((r) => [r.server, upIn(r)]));
    if (previousUp) {
      for (const [server, isUp] of up) {
        const was = previousUp.get(server);
        if (was === true && !isUp) markers.push({ t, kind: 'server-down', label: `${server} down` });
        if (was === false && isUp) markers.push({ t, kind: 'server-up', label: `${server} up` });
      }
    }
    previousUp = up;
  }
  return { points, markers };
}

/**
 * The y range a chart of `values` (nulls are gaps) shows: the data with a tenth of its spread as
 * margin on each side, so a flat line never sits on an axis, never below `floor` (the figure's own
 * lower limit: 1 for max/mean, 0 for Jain, CV and Gini), rounded outwards to hundredths.
 */
export function chartDomain(values: readonly (number | null)[], floor = 0): [number, number] {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return [floor, floor + 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = hi > lo ? (hi - lo) / 10 : Math.max(Math.abs(hi) / 20, 0.05);
  return [Math.max(floor, Math.floor((lo - pad) * 100) / 100), Math.ceil((hi + pad) * 100) / 100];
}
