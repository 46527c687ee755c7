// A rollout's spec (zod), its state machine `advance(rollout, event, now)` and guardrail evaluation.
// Pure: time is a parameter, and the loop that calls it (lib/jobs/rollout-controller.ts) stores
// every transition, so a restart resumes from the stored times.
import { z } from 'zod';
import { DEFAULT_PLAN_MEASURE, PLAN_MEASURES } from './app-load.ts';
import { cohortSelector } from './cohort.ts';
import { strategySpec } from './strategies/index.ts';
import { rolloutNotify } from './rollout-notices.ts';
import type { ProblemCause } from './problem-codes.ts';
import type { RolloutText } from './rollout-texts.ts';

/**
 * `balancing`: a completed rollout whose spec keeps the cluster balanced (`moves.keepBalanced`), a
 * standing policy: it goes on moving its cohort's apps, holds its workers against overlapping
 * rollouts, and stops when an operator says so (then `completed`). A `completed` rollout moves nothing.
 */
export const ROLLOUT_STATES = ['draft', 'running', 'paused', 'balancing', 'completed', 'aborted'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];
export const ROLLOUT_ACTIONS = ['start', 'pause', 'resume', 'promote', 'promote-full', 'abort', 'retry', 'stop'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

export const rolloutStep = z
  .object({
    percent: z.number().int().min(1).max(100),
    pause: z.union([z.object({ manual: z.literal(true) }).strict(), z.object({ seconds: z.number().int().min(1).max(7 * 24 * 3600) }).strict()]),
  })
  .strict();
export type RolloutStep = z.infer<typeof rolloutStep>;

export const FAIRNESS_METRICS = ['maxMean', 'cv', 'gini', 'jain'] as const;
export const guardrail = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert'), ruleId: z.string().min(1), action: z.enum(['pause', 'abort']) }).strict(),
  z
    .object({
      kind: z.literal('fairness'),
      /** max/mean, coefficient of variation and Gini fire above the threshold; Jain's index below it */
      metric: z.enum(FAIRNESS_METRICS),
      threshold: z.number().positive(),
      action: z.enum(['pause', 'abort']),
    })
    .strict()
    // max/mean is never below 1: a guardrail under it would stop every rollout at once
    .refine((g) => g.metric !== 'maxMean' || g.threshold >= 1, { path: ['threshold'], params: { key: 'maxMeanBelowOne' }, message: 'max/mean is never below 1 (1 is perfectly even): a guardrail below 1 fires at once' }),
  /**
   * runs of the apps this rollout moved (PowerJob's instance_info, where its database is configured)
   * failed or lost above each app's own rate before its move (lib/domain/job-guardrail.ts)
   */
  z.object({ kind: z.literal('jobs'), action: z.enum(['pause', 'abort']) }).strict(),
]);
export type Guardrail = z.infer<typeof guardrail>;

export const movePolicy = z
  .object({
    enabled: z.boolean(),
    perMinute: z.number().int().min(1).max(600).default(5),
    /** protect threshold: no server above (1+ε)× its fair share after a move */
    epsilon: z.number().min(0).max(5).default(0.25),
    /** the moved app's workers must show up on the new owner within this many seconds */
    verifySeconds: z.number().int().min(5).max(3600).default(60),
    /** after the last step, keep moving the cohort's apps to the candidate's choice (state `balancing`) until stopped */
    keepBalanced: z.boolean().default(false),
    /**
     * move apps that have no quiet window (a job due before their workers can have followed) all the
     * same; by default they are left where they are and named with the reason
     */
    allowBusy: z.boolean().default(false),
    /**
     * at most this many forward moves over the whole rollout: the plan is then the best balance
     * reachable with that many (lib/domain/rebalance.ts); none: as many as the candidate's target needs
     */
    budget: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type MovePolicy = z.infer<typeof movePolicy>;

export const rolloutSpec = z
  .object({
    name: z.string().trim().min(1).max(120),
    candidate: strategySpec,
    baseline: strategySpec.optional(),
    selector: cohortSelector.optional(),
    key: z.enum(['app', 'worker']).default('app'),
    /** what the moves balance: the Overview's measures, or job runs per minute from PowerJob's job_info; a spec without one (older rollouts) balances apps */
    measure: z.enum(PLAN_MEASURES).default(DEFAULT_PLAN_MEASURE),
    steps: z
      .array(rolloutStep)
      .min(1)
      .max(20)
      .refine((steps) => steps.every((s, i) => i === 0 || s.percent >= steps[i - 1]!.percent), { params: { key: 'stepsDown' }, message: 'step percents must not go down (a cohort only grows)' }),
    guardrails: z.array(guardrail).max(20).default([]),
    moves: movePolicy.default({ enabled: false, perMinute: 5, epsilon: 0.25, verifySeconds: 60, keepBalanced: false, allowBusy: false }),
    /** the contact points told of this rollout's events, and which events (lib/domain/rollout-notices.ts); none: no one is told */
    notify: rolloutNotify.optional(),
  })
  .strict();
export type RolloutSpecInput = z.input<typeof rolloutSpec>;
export type RolloutSpec = z.infer<typeof rolloutSpec>;

export interface Rollout {
  id: string;
  spec: RolloutSpec;
  state: RolloutState;
  /** index into spec.steps of the current step (0 while draft) */
  step: number;
  /** the cohort's percent now: 0 while draft and after an abort */
  percent: number;
  /** when the current step began (its timed pause counts from here, shifted by time spent paused) */
  stepStartedAt: Date | null;
  pausedAt: Date | null;
  /** why it is paused or aborted, in English */
  reason: string | null;
  /** the reason as a code and its params (lib/domain/rollout-texts.ts), when it is the controller's own text; none for an operator's words */
  reasonText?: RolloutText | null;
}

export type RolloutEvent =
  | { type: 'start'; overlaps?: string[] }
  | { type: 'pause'; reason?: string }
  | { type: 'resume' }
  | { type: 'promote' }
  | { type: 'promote-full'; confirm?: boolean }
  | { type: 'abort'; reason?: string }
  | { type: 'retry'; overlaps?: string[] }
  | { type: 'stop' }
  /** the controller's tick: which guardrail fired (if any), so timed pauses and guardrails act */
  | { type: 'tick'; fired?: GuardrailVerdict | null }
  /** a move that could not be verified was reverted: the rollout pauses with the reason (and its code, lib/domain/rollout-texts.ts) */
  | { type: 'move-failed'; reason: string; text?: RolloutText };

export interface Transition {
  action: RolloutAction | 'advance' | 'complete' | 'guardrail' | 'move-failed';
  from: RolloutState;
  to: RolloutState;
  step: number;
  percent: number;
  detail: string;
  /** the detail as a code and its params, when the controller's text is it (a failed move) */
  text?: RolloutText;
}

export type AdvanceResult = { ok: true; rollout: Rollout; transition: Transition | null } | { ok: false; status: 409 | 400; reason: string; refusal: ProblemCause };

const refuse = (reason: string, refusal: ProblemCause, status: 409 | 400 = 409): AdvanceResult => ({ ok: false, status, reason, refusal });

/** When the current step's timed pause ends, or null (manual pause, or not running). */
export function timedPauseEndsAt(r: Rollout): Date | null {
  if (r.state !== 'running' || !r.stepStartedAt) return null;
  const pause = r.spec.steps[r.step]?.pause;
  if (!pause || !('seconds' in pause)) return null;
  return new Date(r.stepStartedAt.getTime() + pause.seconds * 1000);
}

/** Which actions fit the state (the console disables the others). */
export function allowedActions(r: Pick<Rollout, 'state'>): RolloutAction[] {
  switch (r.state) {
    case 'draft':
      return ['start'];
    case 'running':
      return ['pause', 'promote', 'promote-full', 'abort'];
    case 'paused':
      return ['resume', 'promote', 'promote-full', 'abort'];
    case 'aborted':
      return ['retry'];
    case 'balancing':
      return ['stop', 'abort'];
    case 'completed':
      return [];
  }
}

function to(r: Rollout, patch: Partial<Rollout>, action: Transition['action'], detail: string, text?: RolloutText): AdvanceResult {
  const next = { ...r, ...patch };
  // a new reason without a code of its own is an operator's words (or none)
  if ('reason' in patch && !('reasonText' in patch)) next.reasonText = null;
  return { ok: true, rollout: next, transition: { action, from: r.state, to: next.state, step: next.step, percent: next.percent, detail, ...(text ? { text } : {}) } };
}

/** What moved a rollout on, in English, by the `whats` code its texts name it with. */
const WHATS = { started: 'started', retried: 'retried from the first step', promoted: 'promoted', 'timed-pause-over': 'timed pause over', 'promoted-full': 'promoted to 100%' } as const;
type What = keyof typeof WHATS;

const text = (code: RolloutText['code'], params: RolloutText['params'] = {}): RolloutText => ({ code, params });

/** Where a rollout goes after its last step: `balancing` when its spec keeps the cluster balanced, else `completed`. */
function finish(r: Rollout, patch: Partial<Rollout>, action: Transition['action'], what: What): AdvanceResult {
  const standing = r.spec.moves.enabled && r.spec.moves.keepBalanced;
  const detail = WHATS[what];
  return to(
    r,
    { ...patch, state: standing ? 'balancing' : 'completed', pausedAt: null, reason: null },
    action,
    standing ? `${detail}; completed, and keeps the cluster balanced until stopped` : `${detail}; completed`,
    text(standing ? 'to-balancing' : 'to-completed', { what }),
  );
}

function stepTo(r: Rollout, index: number, now: Date, action: Transition['action'], what: What): AdvanceResult {
  const steps = r.spec.steps;
  if (index >= steps.length) {
    return finish(r, { step: steps.length - 1, percent: steps[steps.length - 1]!.percent, stepStartedAt: now }, action === 'advance' ? 'complete' : action, what);
  }
  const percent = steps[index]!.percent;
  return to(r, { state: 'running', step: index, percent, stepStartedAt: now, pausedAt: null, reason: null }, action, `${WHATS[what]}; step ${index + 1} of ${steps.length} at ${percent}%`, text('to-step', { what, step: index + 1, steps: steps.length, percent }));
}

const BY_AN_OPERATOR = { pause: 'paused by an operator', abort: 'aborted by an operator' } as const;

/**
 * The rollout's next state. Operator actions that do not fit the state are refused with a reason
 * (409); a tick may advance a timed pause, apply a guardrail verdict, or do nothing.
 */
export function advance(r: Rollout, event: RolloutEvent, now: Date): AdvanceResult {
  const notNow = (action: RolloutAction) =>
    refuse(`cannot ${action === 'promote-full' ? 'promote to 100%' : action === 'stop' ? 'stop balancing' : action} a rollout that is ${r.state}${r.state === 'completed' ? '' : `; possible now: ${allowedActions(r).join(', ') || 'nothing'}`}`, {
      code: 'rollout-action-not-allowed',
      params: { action, state: r.state, allowed: allowedActions(r).join(', ') },
    });
  switch (event.type) {
    case 'start':
    case 'retry': {
      if (event.type === 'start' && r.state !== 'draft') return notNow('start');
      if (event.type === 'retry' && r.state !== 'aborted') return notNow('retry');
      if (event.overlaps?.length) return refuse(`overlaps ${event.overlaps.join('; ')}: two running rollouts may not cover the same worker`, { code: 'rollout-overlaps', params: { overlaps: event.overlaps.join('; ') } });
      return stepTo(r, 0, now, event.type, event.type === 'start' ? 'started' : 'retried');
    }
    case 'pause':
      if (r.state !== 'running') return notNow('pause');
      // an operator's own reason is their words, kept as written; without one, the reason has a code
      if (event.reason !== undefined) return to(r, { state: 'paused', pausedAt: now, reason: event.reason }, 'pause', event.reason);
      return to(r, { state: 'paused', pausedAt: now, reason: BY_AN_OPERATOR.pause, reasonText: text('paused-by-operator') }, 'pause', BY_AN_OPERATOR.pause, text('paused-by-operator'));
    case 'resume': {
      if (r.state !== 'paused') return notNow('resume');
      // a timed pause keeps the time it had left: the step's start moves forward by the time spent paused
      const shift = r.pausedAt && r.stepStartedAt ? now.getTime() - r.pausedAt.getTime() : 0;
      const stepStartedAt = r.stepStartedAt ? new Date(r.stepStartedAt.getTime() + shift) : now;
      return to(r, { state: 'running', pausedAt: null, reason: null, stepStartedAt }, 'resume', 'resumed', text('resumed'));
    }
    case 'promote':
      if (r.state !== 'running' && r.state !== 'paused') return notNow('promote');
      return stepTo(r, r.step + 1, now, 'promote', 'promoted');
    case 'promote-full':
      if (r.state !== 'running' && r.state !== 'paused') return notNow('promote-full');
      if (event.confirm !== true) return refuse('promote-full skips every remaining step and guardrail pause: send {"confirm": true}', { code: 'rollout-confirm-full' }, 400);
      return finish(r, { step: r.spec.steps.length - 1, percent: 100, stepStartedAt: now }, 'promote-full', 'promoted-full');
    case 'stop':
      if (r.state !== 'balancing') return notNow('stop');
      return to(r, { state: 'completed' }, 'stop', 'stopped keeping the cluster balanced; completed, no more moves', text('stopped'));
    case 'abort': {
      if (r.state !== 'running' && r.state !== 'paused' && r.state !== 'balancing') return notNow('abort');
      const reasonText = event.reason === undefined ? text('aborted-by-operator') : null;
      const reason = event.reason ?? BY_AN_OPERATOR.abort;
      return to(r, { state: 'aborted', percent: 0, pausedAt: null, reason, reasonText }, 'abort', `${reason}; the cohort returns to the baseline and moved apps move back`, text('abort-back', { reason: reasonText ?? reason }));
    }
    case 'move-failed':
      if (r.state !== 'running') return { ok: true, rollout: r, transition: null };
      return to(r, { state: 'paused', pausedAt: now, reason: event.reason, reasonText: event.text ?? null }, 'move-failed', event.reason, event.text);
    case 'tick': {
      if (r.state !== 'running') return { ok: true, rollout: r, transition: null };
      if (event.fired) {
        const detail = event.fired.reason;
        const reasonText = event.fired.text ?? null;
        // the event's text holds the reason's: without a code for the reason, the event has none either
        const said = (code: 'guardrail-paused' | 'guardrail-aborted') => (reasonText ? text(code, { reason: reasonText }) : undefined);
        return event.fired.action === 'abort'
          ? to(r, { state: 'aborted', percent: 0, pausedAt: null, reason: detail, reasonText }, 'guardrail', `${detail}; aborted`, said('guardrail-aborted'))
          : to(r, { state: 'paused', pausedAt: now, reason: detail, reasonText }, 'guardrail', `${detail}; paused`, said('guardrail-paused'));
      }
      const ends = timedPauseEndsAt(r);
      if (ends && now.getTime() >= ends.getTime()) return stepTo(r, r.step + 1, now, 'advance', 'timed-pause-over');
      return { ok: true, rollout: r, transition: null };
    }
  }
}

export interface FairnessFigures {
  maxMean: number;
  cv: number;
  gini: number;
  jain: number;
}

export interface GuardrailVerdict {
  action: 'pause' | 'abort';
  /** in English */
  reason: string;
  /** the reason as a code and its params */
  text?: RolloutText;
  guardrail: Guardrail;
}

/**
 * The first guardrail that fires, abort before pause. Alert guardrails fire when their rule is
 * firing; fairness guardrails compare the figure now (null figures, i.e. no data, never fire); job
 * guardrails fire on the controller's verdict over the moved apps' runs (null: none worse).
 */
export function evaluateGuardrails(guardrails: readonly Guardrail[], firingRuleIds: ReadonlySet<string>, figures: FairnessFigures | null, jobFailures: { reason: string; text?: RolloutText } | null = null): GuardrailVerdict | null {
  const fired: GuardrailVerdict[] = [];
  for (const g of guardrails) {
    if (g.kind === 'jobs') {
      if (jobFailures) fired.push({ action: g.action, guardrail: g, reason: jobFailures.reason, ...(jobFailures.text ? { text: jobFailures.text } : {}) });
      continue;
    }
    if (g.kind === 'alert') {
      if (firingRuleIds.has(g.ruleId)) fired.push({ action: g.action, guardrail: g, reason: `guardrail: alert rule ${g.ruleId} is firing`, text: text('guardrail-alert', { rule: g.ruleId }) });
      continue;
    }
    if (!figures) continue;
    const value = figures[g.metric];
    if (!Number.isFinite(value)) continue;
    const op = g.metric === 'jain' ? 'below' : 'above';
    const bad = g.metric === 'jain' ? value < g.threshold : value > g.threshold;
    if (bad) fired.push({ action: g.action, guardrail: g, reason: `guardrail: ${g.metric} ${round(value)} is ${op} ${g.threshold}`, text: text('guardrail-fairness', { metric: g.metric, value: round(value), op, threshold: g.threshold }) });
  }
  return fired.find((f) => f.action === 'abort') ?? fired[0] ?? null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function newRollout(id: string, spec: RolloutSpec): Rollout {
  return { id, spec, state: 'draft', step: 0, percent: 0, stepStartedAt: null, pausedAt: null, reason: null, reasonText: null };
}

/** Whether the rollout's candidate applies to its cohort now (running, paused, balancing or completed). */
export function appliesCandidate(r: Pick<Rollout, 'state'>): boolean {
  return r.state === 'running' || r.state === 'paused' || r.state === 'balancing' || r.state === 'completed';
}

/** Whether the rollout holds its selector's workers (for overlap): while it runs, is paused, or keeps balancing. */
export function holdsWorkers(r: Pick<Rollout, 'state'>): boolean {
  return r.state === 'running' || r.state === 'paused' || r.state === 'balancing';
}

/** Whether the rollout moves apps now: forward while running or balancing, back after an abort. */
export function movesApps(r: Pick<Rollout, 'state' | 'spec'>): boolean {
  return r.spec.moves.enabled && (r.state === 'running' || r.state === 'balancing' || r.state === 'aborted');
}
