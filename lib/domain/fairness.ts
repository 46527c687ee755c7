// Fairness of a spread of load over servers: Jain's index, coefficient of variation, max/mean and
// Gini, each server's share and its distance from its fair share. Down servers are left out of
// the indices and the fair share (and listed apart), never counted as zero load.
export interface ServerLoad {
  address: string;
  load: number;
  /** capacity weight; the fair share follows it (default 1) */
  weight?: number;
  /** false for a down or stale server */
  up: boolean;
}

export interface ServerShare {
  address: string;
  load: number;
  weight: number;
  /** this server's part of the total load of the live servers, 0..1 */
  share: number;
  /** the part it would carry if load followed weight */
  fairShare: number;
  /** share − fairShare: positive when it carries more than its part */
  distance: number;
}

export interface FairnessIndices {
  jain: number;
  cv: number;
  maxMean: number;
  gini: number;
}

export interface Fairness extends FairnessIndices {
  /** live servers counted */
  n: number;
  total: number;
  servers: ServerShare[];
  /**
   * max of share / fairShare over live servers: how many times its fair part the most loaded
   * server carries. Equals maxMean with equal weights; with weights it compares with total/Σweight
   * rather than the mean of load/weight, which is what a bound on placing whole apps is about.
   */
  peakToFair: number;
  /** servers left out because they are down or stale */
  excluded: string[];
}

/** The indices over values already normalised by weight. Equal values (including all zero) are perfectly fair. */
export function indices(values: readonly number[]): FairnessIndices {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  if (n === 0 || sum === 0) return { jain: 1, cv: 0, maxMean: 1, gini: 0 };
  const mean = sum / n;
  const sumSq = values.reduce((a, b) => a + b * b, 0);
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  // Gini via the sorted form: Σ|xi−xj| = 2 Σ_i (2i − n − 1)·x_(i), i = 1..n ascending
  const sorted = [...values].sort((a, b) => a - b);
  let pairSum = 0;
  sorted.forEach((x, i) => (pairSum += (2 * (i + 1) - n - 1) * x));
  return {
    jain: (sum * sum) / (n * sumSq),
    cv: Math.sqrt(variance) / mean,
    maxMean: Math.max(...values) / mean,
    gini: (2 * pairSum) / (2 * n * sum),
  };
}

export function fairness(loads: readonly ServerLoad[]): Fairness {
  const live = loads.filter((s) => s.up);
  const total = live.reduce((a, s) => a + s.load, 0);
  const weightTotal = live.reduce((a, s) => a + (s.weight ?? 1), 0);
  const servers = live.map((s) => {
    const weight = s.weight ?? 1;
    const share = total > 0 ? s.load / total : 0;
    const fairShare = weightTotal > 0 ? weight / weightTotal : 0;
    return { address: s.address, load: s.load, weight, share, fairShare, distance: share - fairShare };
  });
  // with weights, fairness is judged on load per unit of weight
  const normalised = live.map((s) => s.load / (s.weight ?? 1));
  const peakToFair = total > 0 ? Math.max(...servers.map((s) => (s.fairShare > 0 ? s.share / s.fairShare : s.share > 0 ? Infinity : 0))) : 1;
  return { ...indices(normalised), n: live.length, total, servers, peakToFair, excluded: loads.filter((s) => !s.up).map((s) => s.address) };
}

export const LOAD_MEASURES = ['apps', 'workers', 'running', 'capacity', 'mix'] as const;
export type LoadMeasure = (typeof LOAD_MEASURES)[number];

export const MEASURE_LABELS: Record<LoadMeasure, string> = {
  apps: 'apps owned',
  workers: 'workers connected',
  running: 'running instances',
  capacity: 'worker capacity (Σ score)',
  mix: 'weighted mix',
};

export interface MeasureInputs {
  appsOwned: number;
  workersConnected: number;
  runningInstances: number;
  /** Σ of the PowerJob `score` of the live workers connected: the free capacity they report */
  capacity: number;
}

/** Weights of the mix measure; each part is the server's share of that quantity's total. */
export interface MixWeights {
  apps: number;
  workers: number;
  running: number;
}

export const DEFAULT_MIX: MixWeights = { apps: 1, workers: 1, running: 1 };

/**
 * Each server's load under a measure. The mix is Σ weight × (server's share of that quantity),
 * scaled to 100, where shares are of the totals over the counted (live) servers only.
 */
export function measureLoads(
  servers: readonly MeasureInputs[],
  measure: LoadMeasure,
  mix: MixWeights = DEFAULT_MIX,
  counted: (i: number) => boolean = () => true,
): number[] {
  if (measure === 'apps') return servers.map((s) => s.appsOwned);
  if (measure === 'workers') return servers.map((s) => s.workersConnected);
  if (measure === 'running') return servers.map((s) => s.runningInstances);
  if (measure === 'capacity') return servers.map((s) => s.capacity);
  const live = servers.filter((_, i) => counted(i));
  const totals = {
    apps: live.reduce((a, s) => a + s.appsOwned, 0),
    workers: live.reduce((a, s) => a + s.workersConnected, 0),
    running: live.reduce((a, s) => a + s.runningInstances, 0),
  };
  const parts = (['apps', 'workers', 'running'] as const).filter((k) => totals[k] > 0 && mix[k] > 0);
  const weightSum = parts.reduce((a, k) => a + mix[k], 0);
  return servers.map((s) => {
    if (weightSum === 0) return 0;
    const value = { apps: s.appsOwned, workers: s.workersConnected, running: s.runningInstances };
    return (100 * parts.reduce((a, k) => a + (mix[k] * value[k]) / totals[k], 0)) / weightSum;
  });
}
