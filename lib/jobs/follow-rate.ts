// The follow rate Fulcrum measured from its own moves (lib/domain/follow-rate.ts): read from the
// moves' traces in the store, used by the rollout controller for its move windows and by the API
// and console to recommend PowerJob's oms.accurate.select.server.percentage.
import { convergenceWindowMs, POWERJOB_TIMINGS, type ConvergenceTimings } from '../domain/convergence.ts';
import { isSteerRow } from '../domain/steering.ts';
import { effectivePercentage, estimateFollowRate, followAdvice, MIN_EVIDENCE, quantiles, type FollowEstimate } from '../domain/follow-rate.ts';
import type { Store } from '../store/index.ts';

/** the moves an estimate looks back on: finished in the last week, the newest 200 */
export const FOLLOW_EVIDENCE = { lookBackMs: 7 * 86_400_000, moves: 200 };

/** The percentage Fulcrum assumes before it has measured: as configured, the demo cluster's, or PowerJob's shipped 50. */
export interface AssumedPercentage {
  percentage: number;
  source: 'configured' | 'demo' | 'default';
}

export function assumedPercentage(configured: number | undefined, demo: number | undefined): AssumedPercentage {
  if (configured !== undefined) return { percentage: configured, source: 'configured' };
  if (demo !== undefined) return { percentage: demo, source: 'demo' };
  return { percentage: 50, source: 'default' };
}

/** Timings with Fulcrum's collection interval in place of PowerJob's 10 s. */
export function followTimings(collectIntervalMs: number | undefined): ConvergenceTimings {
  return { ...POWERJOB_TIMINGS, collectMs: collectIntervalMs ?? POWERJOB_TIMINGS.collectMs };
}

export interface FollowMeasurement {
  estimate: FollowEstimate | null;
  /** request to verified of the moves that converged */
  converged: number[];
}

export async function measureFollowRate(store: Store, now: Date, timings: ConvergenceTimings): Promise<FollowMeasurement> {
  // a steered app's workers follow because their owner is gone, not by PowerJob's accurate path: no evidence of it
  const moves = (await store.listMoves({ statuses: ['verified', 'failed'], since: new Date(now.getTime() - FOLLOW_EVIDENCE.lookBackMs), limit: FOLLOW_EVIDENCE.moves })).filter((m) => !isSteerRow(m));
  const traces = moves.filter((m) => m.followTrace && m.followTrace.length > 0).map((m) => ({ steps: m.followTrace! }));
  const converged = moves.filter((m) => m.status === 'verified' && m.verifiedAt).map((m) => m.verifiedAt!.getTime() - m.requestedAt.getTime());
  return { estimate: estimateFollowRate(traces, timings), converged };
}

/** The percentage move windows are computed with (lib/domain/follow-rate.ts effectivePercentage). */
export function windowPercentage(assumed: AssumedPercentage, estimate: FollowEstimate | null): number {
  // the demo's percentage is the emulator's own setting: known as well as a configured one
  return effectivePercentage(assumed.source === 'default' ? null : assumed.percentage, assumed.percentage, estimate);
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** GET /api/rollouts/follow-rate: what was measured, what moves use, and the advice. */
export async function followRateReport(store: Store, now: Date, assumed: AssumedPercentage, timings: ConvergenceTimings) {
  const { estimate, converged } = await measureFollowRate(store, now, timings);
  const [p50, p95, max] = quantiles(converged, [0.5, 0.95, 1]);
  const advice = followAdvice(estimate, assumed.source === 'configured' ? assumed.percentage : null, timings);
  const windowAt = windowPercentage(assumed, estimate);
  return {
    assumed,
    measured: estimate,
    evidenceNeeded: MIN_EVIDENCE,
    lookBackHours: FOLLOW_EVIDENCE.lookBackMs / 3_600_000,
    /** the percentage the move windows use now, and a 10-worker app's window at it */
    windowPercentage: windowAt,
    window10WorkersMs: finite(convergenceWindowMs(10, windowAt, timings) ?? Infinity),
    converged: converged.length > 0 ? { moves: converged.length, p50Ms: p50!, p95Ms: p95!, maxMs: max! } : null,
    advice: advice ? { ...advice, measuredMs: finite(advice.measuredMs) } : null,
  };
}
