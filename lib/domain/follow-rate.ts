// How fast a move's workers really follow, measured from the moves Fulcrum made. On a real PowerJob
// every worker asks its current server every 10 s, and that server answers the new owner only when
// its draw takes the accurate path (oms.accurate.select.server.percentage, powerjob.md §7.3): each
// round a worker still on the old owner follows with probability p. Fulcrum sees a follower later
// again: the new owner lists it at its next heartbeat, and Fulcrum at its next collection.
//
// Each move leaves a trace: at each tick where more (or, at its end, no more) of its workers had
// arrived, how many, and when it last looked before. The estimate is the maximum-likelihood p of
// those traces under that model (grouped, interval-censored data: of the workers missing at one
// look, how many arrived by the next), with a 95 % likelihood-ratio interval.
import { convergenceWindowMs, POWERJOB_TIMINGS, type ConvergenceTimings } from './convergence.ts';

/** One look at a move that changed what Fulcrum knew: `seen` of `total` workers on the target at `atMs`, the previous look at `fromMs` (both since the move's write). */
export interface FollowStep {
  fromMs: number;
  atMs: number;
  seen: number;
  total: number;
}

export interface FollowTrace {
  steps: readonly FollowStep[];
}

export interface FollowEstimate {
  /** the maximum-likelihood accurate percentage, 0–100 */
  percentage: number;
  /** its 95 % likelihood-ratio interval */
  lower: number;
  upper: number;
  /** moves whose traces went into it, and the worker arrivals they saw */
  moves: number;
  arrivals: number;
}

/** The fewest moves and worker arrivals before an estimate is given (fewer say too little). */
export const MIN_EVIDENCE = { moves: 3, arrivals: 10 };

// A follower is seen after a heartbeat and a collection: each delay uniform over its interval,
// integrated at four evenly spaced points from none to a whole interval (so a worker seen at once
// is possible, and the mean delay is half an interval).
const BINS = [0, 1 / 3, 2 / 3, 1];
// a chance is never taken as exactly 0 or 1: one look the model calls impossible (a clock off by
// a little) must not make every percentage impossible
const EPS = 1e-9;

/**
 * The chance that one worker has not followed `t` ms after the write, at q = 1 − p per round: its
 * rounds fall every D from a uniformly random phase, so at t = kD + δ it has had k rounds, or k + 1
 * with probability δ/D.
 */
export function notFollowed(t: number, q: number, discoveryMs: number): number {
  if (t <= 0) return 1;
  const k = Math.floor(t / discoveryMs);
  const frac = t / discoveryMs - k;
  return q ** k * (1 - frac * (1 - q));
}

/** The same as Fulcrum sees it: the follow shows a heartbeat and a collection later. */
function notSeen(t: number, q: number, timings: ConvergenceTimings): number {
  let sum = 0;
  for (const h of BINS) for (const c of BINS) sum += notFollowed(t - h * timings.heartbeatMs - c * timings.collectMs, q, timings.discoveryMs);
  return sum / (BINS.length * BINS.length);
}

interface Interval {
  t1: number;
  t2: number;
  /** workers that arrived in (t1, t2], and those still missing at t2 */
  arrived: number;
  missing: number;
}

/** A trace as intervals between looks: from each previous look to the next that saw a change. */
export function intervals(trace: FollowTrace): Interval[] {
  const out: Interval[] = [];
  let cursor = 0;
  let seenBefore = 0;
  for (const s of trace.steps) {
    const missingBefore = Math.max(0, s.total - seenBefore);
    const from = Math.max(cursor, Math.min(s.fromMs, s.atMs));
    // nothing changed between the last change and the look before this one
    if (from > cursor && missingBefore > 0) out.push({ t1: cursor, t2: from, arrived: 0, missing: missingBefore });
    const arrived = Math.min(missingBefore, Math.max(0, s.seen - seenBefore));
    const missing = Math.max(0, s.total - Math.max(seenBefore, s.seen));
    if (s.atMs > from && arrived + missing > 0) out.push({ t1: from, t2: s.atMs, arrived, missing });
    cursor = Math.max(cursor, s.atMs);
    seenBefore = Math.max(seenBefore, s.seen);
  }
  return out;
}

function logLikelihood(data: readonly Interval[], p: number, timings: ConvergenceTimings): number {
  const q = 1 - p;
  let ll = 0;
  for (const i of data) {
    const s1 = notSeen(i.t1, q, timings);
    const ratio = Math.min(1 - EPS, Math.max(EPS, s1 > 0 ? notSeen(i.t2, q, timings) / s1 : 0));
    if (i.arrived > 0) ll += i.arrived * Math.log(1 - ratio);
    if (i.missing > 0) ll += i.missing * Math.log(ratio);
  }
  return ll;
}

/** The log-likelihood of the traces at an accurate percentage (for tests of the interval at other levels). */
export function followLogLikelihood(traces: readonly FollowTrace[], percentage: number, timings: ConvergenceTimings = POWERJOB_TIMINGS): number {
  return logLikelihood(traces.flatMap(intervals), Math.min(1, Math.max(1e-4, percentage / 100)), timings);
}

/**
 * The accurate percentage the traces show, with its 95 % interval (where the log-likelihood is
 * within 1.92 of its maximum, χ² with one degree of freedom); null below MIN_EVIDENCE.
 */
export function estimateFollowRate(traces: readonly FollowTrace[], timings: ConvergenceTimings = POWERJOB_TIMINGS): FollowEstimate | null {
  const used = traces.map(intervals).filter((i) => i.length > 0);
  const data = used.flat();
  const arrivals = data.reduce((n, i) => n + i.arrived, 0);
  if (used.length < MIN_EVIDENCE.moves || arrivals < MIN_EVIDENCE.arrivals) return null;
  const ll = (p: number) => logLikelihood(data, p, timings);
  // a grid over p in (0, 1], then golden-section refinement around its best point
  const grid = Array.from({ length: 50 }, (_, i) => (i + 1) / 50);
  const values = grid.map(ll);
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (values[i]! > values[best]!) best = i;
  let a = best === 0 ? 0 : grid[best - 1]!;
  let b = grid[Math.min(grid.length - 1, best + 1)]!;
  a = Math.max(1e-4, a);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 20; i++) {
    const c = b - phi * (b - a);
    const d = a + phi * (b - a);
    if (ll(c) >= ll(d)) b = d;
    else a = c;
  }
  const pHat = ll((a + b) / 2) >= values[best]! ? (a + b) / 2 : grid[best]!;
  const top = ll(pHat);
  const cut = top - 1.92;
  // the interval's ends by bisection on each side of the maximum
  const edge = (inside: number, outside: number) => {
    if (ll(outside) >= cut) return outside;
    for (let i = 0; i < 24; i++) {
      const mid = (inside + outside) / 2;
      if (ll(mid) >= cut) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  const round1 = (x: number) => Math.round(x * 1000) / 10;
  return { percentage: round1(pHat), lower: round1(edge(pHat, 1e-4)), upper: round1(edge(pHat, 1)), moves: used.length, arrivals };
}

/** Quantiles of observed convergence times (ms), nearest rank. */
export function quantiles(values: readonly number[], qs: readonly number[]): number[] {
  const sorted = [...values].sort((x, y) => x - y);
  return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN);
}

/** The percentage a move's window is computed with: the configured one, or the measured lower bound when that is lower (a longer window), or the measured one alone when none is configured. */
export function effectivePercentage(configured: number | null, fallback: number, measured: FollowEstimate | null): number {
  if (!measured) return configured ?? fallback;
  return configured === null ? measured.lower : Math.min(configured, measured.lower);
}

export interface FollowAdvice {
  /** `set-100`: setting every server's percentage to 100 would shorten moves; `mismatch`: configured at 100 but the workers follow slower */
  kind: 'set-100' | 'mismatch';
  /** a 10-worker app: the time by which all its workers are on the new owner in 99 of 100 moves, at the measured rate and at 100 */
  workers: number;
  measuredMs: number;
  at100Ms: number;
}

/** The advice the measurement gives, or null when it is in line with 100 % (or says too little). */
export function followAdvice(measured: FollowEstimate | null, configured: number | null, timings: ConvergenceTimings = POWERJOB_TIMINGS, workers = 10): FollowAdvice | null {
  if (!measured || measured.upper >= 95) return null;
  const measuredMs = convergenceWindowMs(workers, measured.percentage, timings);
  const at100Ms = convergenceWindowMs(workers, 100, timings)!;
  if (measuredMs !== null && measuredMs <= at100Ms) return null;
  return { kind: configured === 100 ? 'mismatch' : 'set-100', workers, measuredMs: measuredMs ?? Infinity, at100Ms };
}
