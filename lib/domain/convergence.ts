// How long a move's workers take to follow on a real PowerJob (powerjob.md §7.3): every 10 s each
// worker asks its current server (the old owner), which reads app_info and answers the new owner
// only when its draw takes the accurate path (oms.accurate.select.server.percentage, 50 as shipped);
// otherwise it answers itself without looking. Each round a worker follows with probability p.

export interface ConvergenceTimings {
  /** a worker's discovery interval (10 s, fixed in PowerJob) */
  discoveryMs: number;
  /** a worker's heartbeat interval (10 s by default): the new owner hears it this much later */
  heartbeatMs: number;
  /** how often Fulcrum collects: it sees the heartbeat this much later again */
  collectMs: number;
}

export const POWERJOB_TIMINGS: ConvergenceTimings = { discoveryMs: 10_000, heartbeatMs: 10_000, collectMs: 10_000 };

/** The confidence a rollout's move is judged at: about 1 move in 100 is called failed although its workers would have followed. */
export const MOVE_CONFIDENCE = 0.99;
/**
 * The confidence a drain's or restore's move is judged at. A worker's follow time is geometric (each
 * 10 s round follows with the accurate percentage's chance) with no bound, so at 0.99 about one move
 * in a hundred is called failed although its workers would follow, and is moved back: onto the
 * server a drain is emptying, which then ends incomplete. A drain and its restore make tens of moves
 * in a row that must all verify (issue-181's 15 + 10 failed one in about a fifth of runs; the seeded
 * maintenance test's restore failed app-03, whose last worker drew "stay" 15 rounds running). At
 * 0.9999 one in 10,000, for a window of 14 rounds instead of 7 for the last worker at 50 %.
 */
export const DRAIN_MOVE_CONFIDENCE = 0.9999;

/** The chance that all `workers` have followed after `rounds` discovery rounds, at `accuratePercentage`. */
export function allFollowedProbability(workers: number, accuratePercentage: number, rounds: number): number {
  if (workers <= 0) return 1;
  const p = Math.min(100, Math.max(0, accuratePercentage)) / 100;
  return (1 - (1 - p) ** Math.max(0, rounds)) ** workers;
}

/** The fewest discovery rounds after which all `workers` have followed with at least `confidence`; null if never (percentage 0). */
export function roundsToFollow(workers: number, accuratePercentage: number, confidence = 0.99): number | null {
  if (workers <= 0) return 0;
  if (accuratePercentage <= 0) return null;
  if (accuratePercentage >= 100) return 1;
  const p = accuratePercentage / 100;
  // (1 - (1-p)^k)^n >= c  <=>  k >= log(1 - c^(1/n)) / log(1 - p)
  const k = Math.ceil(Math.log(1 - confidence ** (1 / workers)) / Math.log(1 - p) - 1e-9);
  return Math.max(1, k);
}

/**
 * How long to wait for every worker of a moved app before calling the move failed: the rounds all
 * of them need (at `confidence`), one more for the wait until a worker's first round after the
 * write, then a heartbeat and a collection. Null when they would never follow.
 */
export function convergenceWindowMs(workers: number, accuratePercentage: number, timings: ConvergenceTimings = POWERJOB_TIMINGS, confidence = 0.99): number | null {
  const k = roundsToFollow(workers, accuratePercentage, confidence);
  if (k === null) return null;
  return (k + 1) * timings.discoveryMs + timings.heartbeatMs + timings.collectMs;
}

export interface MoveObservation {
  /** the app's live workers that report to the move's target now, of how many */
  seen: number;
  total: number;
  /** whether the collected binding names the target (PowerJob's app_info, as the collector saw it) */
  boundToTarget: boolean;
  /** workers seen on the target when the move last progressed (0 before the first) */
  seenBefore: number;
  requestedAt: number;
  /** when the move last progressed, or null */
  progressAt: number | null;
  now: number;
}

export type MoveVerdict =
  | { verdict: 'verified' }
  /** more workers arrived: record it, and the window starts again from now */
  | { verdict: 'progress' }
  | { verdict: 'wait'; windowMs: number }
  /** no worker arrived within the window the missing ones need */
  | { verdict: 'failed'; windowMs: number };

/**
 * Judges an open move: verified once it is bound to the target and every live worker reports
 * there; progress when more workers report there than before; failed only when no further worker
 * arrived within the window the missing ones need (convergenceWindowMs of the number missing, at
 * the accurate percentage), or `minWindowMs` when that is longer; otherwise wait.
 */
export function judgeMove(o: MoveObservation, accuratePercentage: number, minWindowMs: number, timings: ConvergenceTimings = POWERJOB_TIMINGS, confidence = MOVE_CONFIDENCE): MoveVerdict {
  if (o.boundToTarget && o.total > 0 && o.seen === o.total) return { verdict: 'verified' };
  if (o.seen > o.seenBefore) return { verdict: 'progress' };
  // none seen at all (the workers report nowhere Fulcrum collects) still needs one to follow
  const missing = Math.max(1, o.total - o.seen);
  const windowMs = Math.max(minWindowMs, convergenceWindowMs(missing, accuratePercentage, timings, confidence) ?? 0);
  return o.now - (o.progressAt ?? o.requestedAt) < windowMs ? { verdict: 'wait', windowMs } : { verdict: 'failed', windowMs };
}
