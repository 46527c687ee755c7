// What one app adds to its owner's load under each measure a plan can balance by: the Overview's
// measures (apps, workers, running instances, worker capacity, weighted mix) and, where PowerJob's
// database is configured, the app's job trigger rate from job_info.
import { fireTimes, parseCron } from './cron.ts';
import { DEFAULT_MIX, LOAD_MEASURES, type MixWeights } from './fairness.ts';
import { TIME_EXPRESSION, type JobSchedule } from './quiet-window.ts';

/** The Overview's measures and `triggers` (job runs per minute, read from PowerJob's job_info). */
export const PLAN_MEASURES = [...LOAD_MEASURES, 'triggers'] as const;
export type PlanMeasure = (typeof PLAN_MEASURES)[number];
/** The Overview's default measure: what a rollout balances when its spec names none. */
export const DEFAULT_PLAN_MEASURE: PlanMeasure = 'apps';

export interface AppFigures {
  /** live workers */
  workers: number;
  /** running instances (0 when unknown) */
  running: number;
  /** Σ PowerJob `score` of its live workers; the worker count stands in when scores are unknown */
  capacity?: number;
  /** job runs per minute its enabled jobs trigger (job_info); undefined when not read */
  triggersPerMinute?: number;
}

/**
 * Each app's load under a measure, in the order given. The mix is additive like the Overview's: an
 * app's part is 100 × Σ weight × (its share of that quantity's total) / Σ weights, so the apps of a
 * server add up to the server's mix (`measureLoads` in fairness.ts).
 */
export function appLoads(apps: readonly AppFigures[], measure: PlanMeasure, mix: MixWeights = DEFAULT_MIX): number[] {
  switch (measure) {
    case 'apps':
      return apps.map(() => 1);
    case 'workers':
      return apps.map((a) => a.workers);
    case 'running':
      return apps.map((a) => a.running);
    case 'capacity':
      return apps.map((a) => a.capacity ?? a.workers);
    case 'triggers':
      return apps.map((a) => a.triggersPerMinute ?? 0);
    case 'mix': {
      const totals = { apps: apps.length, workers: apps.reduce((s, a) => s + a.workers, 0), running: apps.reduce((s, a) => s + a.running, 0) };
      const parts = (['apps', 'workers', 'running'] as const).filter((k) => totals[k] > 0 && mix[k] > 0);
      const weightSum = parts.reduce((s, k) => s + mix[k], 0);
      return apps.map((a) => {
        if (weightSum === 0) return 0;
        const value = { apps: 1, workers: a.workers, running: a.running };
        return (100 * parts.reduce((s, k) => s + (mix[k] * value[k]) / totals[k], 0)) / weightSum;
      });
    }
  }
}

/**
 * Job runs per minute an app's enabled jobs trigger (job_info): a CRON job's fire times over the
 * next hour, a FIXED_RATE or FIXED_DELAY job one run per interval. API and WORKFLOW jobs run when
 * called and count 0; so does a CRON expression Fulcrum cannot read.
 */
export function triggersPerMinute(jobs: readonly JobSchedule[], nowMs: number, utcOffsetMs = 0): number {
  const hourMs = 3_600_000;
  let perMinute = 0;
  for (const j of jobs) {
    if (j.type === TIME_EXPRESSION.fixedRate || j.type === TIME_EXPRESSION.fixedDelay) {
      const every = Number(j.expression);
      if (Number.isFinite(every) && every > 0) perMinute += 60_000 / every;
    } else if (j.type === TIME_EXPRESSION.cron && j.expression) {
      const cron = parseCron(j.expression);
      if (cron) perMinute += fireTimes(cron, nowMs, nowMs + hourMs - 1, utcOffsetMs, 3_600).length / 60;
    }
  }
  return perMinute;
}
