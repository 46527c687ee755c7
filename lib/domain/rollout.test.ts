import { describe, expect, it } from 'vitest';
import { advance, allowedActions, evaluateGuardrails, holdsWorkers, movesApps, newRollout, rolloutSpec, timedPauseEndsAt, type Rollout, type RolloutEvent } from './rollout.ts';

const spec = rolloutSpec.parse({
  name: 'balance',
  candidate: { kind: 'bounded-load' },
  steps: [
    { percent: 10, pause: { seconds: 60 } },
    { percent: 50, pause: { manual: true } },
    { percent: 100, pause: { seconds: 30 } },
  ],
});
const t0 = new Date('2025-01-01T00:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function step(r: Rollout, e: RolloutEvent, s: number): Rollout {
  const out = advance(r, e, at(s));
  if (!out.ok) throw new Error(out.reason);
  return out.rollout;
}

describe('rolloutSpec', () => {
  it('fills defaults and refuses shrinking steps', () => {
    expect(spec.key).toBe('app');
    expect(spec.moves).toEqual({ enabled: false, perMinute: 5, epsilon: 0.25, verifySeconds: 60, keepBalanced: false, allowBusy: false });
    const bad = rolloutSpec.safeParse({ name: 'x', candidate: { kind: 'rendezvous' }, steps: [{ percent: 50, pause: { manual: true } }, { percent: 10, pause: { manual: true } }] });
    expect(bad.success).toBe(false);
    const badParams = rolloutSpec.safeParse({ name: 'x', candidate: { kind: 'bounded-load', params: { epsilon: -1 } }, steps: [{ percent: 50, pause: { manual: true } }] });
    expect(badParams.success).toBe(false);
  });
});

describe('advance', () => {
  it('goes draft → running through timed and manual pauses to completed', () => {
    let r = newRollout('r1', spec);
    expect(allowedActions(r)).toEqual(['start']);
    r = step(r, { type: 'start' }, 0);
    expect([r.state, r.step, r.percent]).toEqual(['running', 0, 10]);
    expect(timedPauseEndsAt(r)).toEqual(at(60));
    r = step(r, { type: 'tick' }, 59);
    expect(r.step).toBe(0);
    const moved = advance(r, { type: 'tick' }, at(60));
    expect(moved.ok && moved.transition?.action).toBe('advance');
    r = step(r, { type: 'tick' }, 60);
    expect([r.step, r.percent]).toEqual([1, 50]);
    // a manual pause never ends by itself
    r = step(r, { type: 'tick' }, 100_000);
    expect(r.step).toBe(1);
    expect(timedPauseEndsAt(r)).toBeNull();
    r = step(r, { type: 'promote' }, 100_001);
    expect([r.step, r.percent]).toEqual([2, 100]);
    const done = advance(r, { type: 'tick' }, at(100_031));
    expect(done.ok && done.rollout.state).toBe('completed');
    expect(done.ok && done.transition?.action).toBe('complete');
  });

  it('a pause keeps the time a timed step had left', () => {
    let r = step(newRollout('r', spec), { type: 'start' }, 0);
    r = step(r, { type: 'pause' }, 20);
    r = step(r, { type: 'tick' }, 500); // paused: no advance
    expect([r.state, r.step]).toEqual(['paused', 0]);
    r = step(r, { type: 'resume' }, 1000);
    expect(timedPauseEndsAt(r)).toEqual(at(1040));
    expect(step(r, { type: 'tick' }, 1039).step).toBe(0);
    expect(step(r, { type: 'tick' }, 1040).step).toBe(1);
  });

  it('refuses actions that do not fit the state with 409 and the reason', () => {
    const draft = newRollout('r', spec);
    for (const type of ['pause', 'resume', 'promote', 'abort', 'retry'] as const) {
      const out = advance(draft, { type } as RolloutEvent, t0);
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.status).toBe(409);
        expect(out.reason).toContain('draft');
      }
    }
    const running = step(draft, { type: 'start' }, 0);
    const again = advance(running, { type: 'start' }, t0);
    expect(!again.ok && again.reason).toMatch(/cannot start a rollout that is running; possible now: pause, promote, promote-full, abort/);
    expect(!again.ok && again.refusal).toEqual({ code: 'rollout-action-not-allowed', params: { action: 'start', state: 'running', allowed: 'pause, promote, promote-full, abort' } });
  });

  it('refuses a start that overlaps another running rollout, naming it', () => {
    const out = advance(newRollout('r', spec), { type: 'start', overlaps: ['rollout "other" (r2) on 3 workers: app-1/10.0.0.1:27777'] }, t0);
    expect(out).toEqual({ ok: false, status: 409, reason: expect.stringContaining('rollout "other" (r2)'), refusal: { code: 'rollout-overlaps', params: { overlaps: expect.stringContaining('rollout "other" (r2)') } } });
  });

  it('promote-full needs confirmation and completes at 100%', () => {
    const r = step(newRollout('r', spec), { type: 'start' }, 0);
    const unconfirmed = advance(r, { type: 'promote-full' }, at(1));
    expect(!unconfirmed.ok && unconfirmed.status).toBe(400);
    const full = step(r, { type: 'promote-full', confirm: true }, 1);
    expect([full.state, full.percent]).toEqual(['completed', 100]);
    expect(allowedActions(full)).toEqual([]);
  });

  it('abort empties the cohort; retry starts again from the first step', () => {
    let r = step(step(newRollout('r', spec), { type: 'start' }, 0), { type: 'tick' }, 60);
    r = step(r, { type: 'abort' }, 70);
    expect([r.state, r.percent]).toEqual(['aborted', 0]);
    expect(allowedActions(r)).toEqual(['retry']);
    r = step(r, { type: 'retry' }, 80);
    expect([r.state, r.step, r.percent]).toEqual(['running', 0, 10]);
    expect(timedPauseEndsAt(r)).toEqual(at(140));
  });

  it('a guardrail verdict pauses or aborts a running rollout; a failed move pauses it', () => {
    const r = step(newRollout('r', spec), { type: 'start' }, 0);
    const g = { kind: 'fairness' as const, metric: 'maxMean' as const, threshold: 1.5, action: 'pause' as const };
    const paused = step(r, { type: 'tick', fired: { action: 'pause', reason: 'guardrail: x', guardrail: g } }, 5);
    expect([paused.state, paused.reason]).toEqual(['paused', 'guardrail: x']);
    const aborted = step(r, { type: 'tick', fired: { action: 'abort', reason: 'guardrail: y', guardrail: { ...g, action: 'abort' } } }, 5);
    expect([aborted.state, aborted.percent]).toEqual(['aborted', 0]);
    const failed = step(r, { type: 'move-failed', reason: 'app-3 not seen on 127.0.0.2:7700 within 60 s; moved back' }, 6);
    expect(failed.state).toBe('paused');
    expect(failed.reason).toContain('moved back');
  });
});

describe('completed and balancing', () => {
  const withMoves = (keepBalanced: boolean) => rolloutSpec.parse({ ...spec, moves: { enabled: true, keepBalanced } });

  it('a completed rollout moves nothing and holds no workers', () => {
    let r = newRollout('r1', withMoves(false));
    r = step(r, { type: 'start' }, 0);
    expect([movesApps(r), holdsWorkers(r)]).toEqual([true, true]);
    r = step(r, { type: 'promote-full', confirm: true }, 1);
    expect(r.state).toBe('completed');
    expect([movesApps(r), holdsWorkers(r)]).toEqual([false, false]);
    expect(allowedActions(r)).toEqual([]);
  });

  it('with keepBalanced the last step leads to balancing, which moves, holds its workers and stops on request', () => {
    let r = newRollout('r2', withMoves(true));
    r = step(r, { type: 'start' }, 0);
    r = step(r, { type: 'tick' }, 60);
    r = step(r, { type: 'promote' }, 61);
    const out = advance(r, { type: 'tick' }, at(91));
    expect(out.ok && out.transition).toMatchObject({ action: 'complete', from: 'running', to: 'balancing', percent: 100 });
    r = out.ok ? out.rollout : r;
    expect([r.state, movesApps(r), holdsWorkers(r)]).toEqual(['balancing', true, true]);
    expect(allowedActions(r)).toEqual(['stop', 'abort']);
    // a balancing rollout takes no timed steps and no guardrail verdicts: it is past its steps
    expect(advance(r, { type: 'tick', fired: { action: 'pause', reason: 'x', guardrail: { kind: 'alert', ruleId: '1', action: 'pause' } } }, at(92))).toMatchObject({ ok: true, transition: null });
    const stopped = advance(r, { type: 'stop' }, at(100));
    expect(stopped.ok && stopped.transition).toMatchObject({ action: 'stop', from: 'balancing', to: 'completed' });
    r = stopped.ok ? stopped.rollout : r;
    expect([r.state, movesApps(r), holdsWorkers(r)]).toEqual(['completed', false, false]);
    expect(advance(r, { type: 'stop' }, at(101))).toMatchObject({ ok: false, status: 409 });
  });

  it('promote-full of a keepBalanced rollout balances; abort of a balancing rollout moves apps back', () => {
    let r = newRollout('r3', withMoves(true));
    r = step(r, { type: 'start' }, 0);
    r = step(r, { type: 'promote-full', confirm: true }, 1);
    expect(r.state).toBe('balancing');
    r = step(r, { type: 'abort' }, 2);
    expect([r.state, r.percent, movesApps(r), holdsWorkers(r)]).toEqual(['aborted', 0, true, false]);
  });

  it('keepBalanced without moves enabled completes as usual', () => {
    let r = newRollout('r4', rolloutSpec.parse({ ...spec, moves: { enabled: false, keepBalanced: true } }));
    r = step(r, { type: 'start' }, 0);
    r = step(r, { type: 'promote-full', confirm: true }, 1);
    expect([r.state, movesApps(r)]).toEqual(['completed', false]);
  });
});

describe('evaluateGuardrails', () => {
  const figures = { maxMean: 1.6, cv: 0.3, gini: 0.2, jain: 0.8 };
  it('fires on a firing alert rule or a fairness figure past its threshold, abort first', () => {
    const rails = [
      { kind: 'fairness' as const, metric: 'maxMean' as const, threshold: 1.5, action: 'pause' as const },
      { kind: 'alert' as const, ruleId: 'rule-9', action: 'abort' as const },
    ];
    expect(evaluateGuardrails(rails, new Set(), figures)?.action).toBe('pause');
    expect(evaluateGuardrails(rails, new Set(['rule-9']), figures)?.action).toBe('abort');
    expect(evaluateGuardrails(rails, new Set(), { ...figures, maxMean: 1.4 })).toBeNull();
    expect(evaluateGuardrails(rails, new Set(), null)).toBeNull();
  });
  it('Jain fires below its threshold', () => {
    const rails = [{ kind: 'fairness' as const, metric: 'jain' as const, threshold: 0.9, action: 'pause' as const }];
    expect(evaluateGuardrails(rails, new Set(), figures)?.reason).toBe('guardrail: jain 0.8 is below 0.9');
    expect(evaluateGuardrails(rails, new Set(), { ...figures, jain: 0.95 })).toBeNull();
  });
  it('a jobs guardrail fires on the controller’s verdict over the moved apps’ runs, with its reason', () => {
    const rails = [{ kind: 'jobs' as const, action: 'pause' as const }];
    const verdict = { reason: 'guardrail: jobs of moved apps fail: orders 2 of 8 runs failed or lost since its move (before: 0 of 40)' };
    expect(evaluateGuardrails(rails, new Set(), figures, verdict)).toEqual({ action: 'pause', guardrail: rails[0], reason: verdict.reason });
    expect(evaluateGuardrails(rails, new Set(), figures, null)).toBeNull();
    // a verdict without a jobs guardrail in the spec does nothing
    expect(evaluateGuardrails([], new Set(), figures, verdict)).toBeNull();
    expect(rolloutSpec.safeParse({ ...spec, guardrails: [{ kind: 'jobs', action: 'later' }] }).success).toBe(false);
  });
});

describe('rollout spec checks', () => {
  const body = { name: 'x', candidate: { kind: 'bounded-load' }, steps: [{ percent: 10, pause: { manual: true } }] };
  it('refuses a max/mean guardrail below 1 (it would fire at once) and steps that go down, each with its key', () => {
    const low = rolloutSpec.safeParse({ ...body, guardrails: [{ kind: 'fairness', metric: 'maxMean', threshold: 0.8, action: 'pause' }] });
    expect(low.error!.issues.map((i) => [i.path.join('.'), (i as { params?: { key?: string } }).params?.key])).toEqual([['guardrails.0.threshold', 'maxMeanBelowOne']]);
    expect(rolloutSpec.safeParse({ ...body, guardrails: [{ kind: 'fairness', metric: 'maxMean', threshold: 1.2, action: 'pause' }] }).success).toBe(true);
    expect(rolloutSpec.safeParse({ ...body, guardrails: [{ kind: 'fairness', metric: 'cv', threshold: 0.3, action: 'pause' }] }).success).toBe(true);
    const down = rolloutSpec.safeParse({ ...body, steps: [{ percent: 50, pause: { manual: true } }, { percent: 10, pause: { manual: true } }] });
    expect(down.error!.issues.map((i) => [i.path.join('.'), (i as { params?: { key?: string } }).params?.key])).toEqual([['steps', 'stepsDown']]);
  });
});
