import { describe, expect, it } from 'vitest';
import { advance, newRollout, rolloutSpec, type Rollout, type RolloutEvent } from './rollout.ts';
import { noticeEventOf, rolloutNoticeOf, rolloutNotify, ROLLOUT_NOTICE_EVENTS } from './rollout-notices.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const spec = (notify?: unknown, extra: Record<string, unknown> = {}) =>
  rolloutSpec.parse({ name: 'rendezvous 10→100', candidate: { kind: 'rendezvous', params: {} }, steps: [{ percent: 10, pause: { seconds: 60 } }, { percent: 100, pause: { manual: true } }], ...(notify ? { notify } : {}), ...extra });

/** Runs events through advance() and returns the notices their transitions make. */
function told(r: Rollout, events: RolloutEvent[]) {
  const out: string[] = [];
  let at = T0.getTime();
  for (const e of events) {
    at += 61_000;
    const res = advance(r, e, new Date(at));
    if (!res.ok) throw new Error(res.reason);
    r = res.rollout;
    if (!res.transition) continue;
    const n = rolloutNoticeOf(r, res.transition, r.reason, 'alice', new Date(at));
    if (n) out.push(`${n.event} ${n.step}/${n.steps} ${n.percent}%${n.reason ? ` (${n.reason})` : ''}`);
  }
  return out;
}

describe('rollout notices', () => {
  it('the spec defaults to every event, and refuses a contact point named twice', () => {
    expect(rolloutNotify.parse({ contactPoints: [3] }).events).toEqual([...ROLLOUT_NOTICE_EVENTS]);
    expect(rolloutNotify.safeParse({ contactPoints: [3, 3] }).success).toBe(false);
    expect(rolloutNotify.safeParse({ contactPoints: [3], events: [] }).success).toBe(false);
    expect(rolloutNotify.safeParse({ contactPoints: [3], events: ['exploded'] }).success).toBe(false);
    expect(spec().notify).toBeUndefined();
  });

  it('tells start, step, a guardrail pause with its reason, resume, completion', () => {
    const r = newRollout('ro-1', spec({ contactPoints: [1] }));
    const fired = { action: 'pause' as const, reason: 'guardrail: maxMean 1.6 is above 1.5', guardrail: { kind: 'fairness' as const, metric: 'maxMean' as const, threshold: 1.5, action: 'pause' as const } };
    expect(told(r, [{ type: 'start' }, { type: 'tick', fired }, { type: 'resume' }, { type: 'tick' }, { type: 'promote' }])).toEqual([
      'started 1/2 10%',
      'paused 1/2 10% (guardrail: maxMean 1.6 is above 1.5)',
      'resumed 1/2 10%',
      'step 2/2 100%',
      'completed 2/2 100%',
    ]);
  });

  it('tells a timed step, an abort and a failed move with their reasons', () => {
    const r = newRollout('ro-2', spec({ contactPoints: [1] }));
    expect(told(r, [{ type: 'start' }, { type: 'move-failed', reason: 'app-3 was not seen on b:7700 within 60 s; moved back to a:7700' }, { type: 'abort', reason: 'too risky' }])).toEqual([
      'started 1/2 10%',
      'move-failed 1/2 10% (app-3 was not seen on b:7700 within 60 s; moved back to a:7700)',
      'aborted 1/2 0% (too risky)',
    ]);
    expect(told(r, [{ type: 'start' }, { type: 'tick' }])).toEqual(['started 1/2 10%', 'step 2/2 100%']);
  });

  it('a rollout that keeps balancing tells that, and its stop', () => {
    const r = newRollout('ro-3', spec({ contactPoints: [1] }, { moves: { enabled: true, keepBalanced: true } }));
    expect(told(r, [{ type: 'start' }, { type: 'promote-full', confirm: true }, { type: 'stop' }])).toEqual(['started 1/2 10%', 'balancing 2/2 100%', 'stopped 2/2 100%']);
  });

  it('tells only the chosen events, and nothing without contact points', () => {
    const r = newRollout('ro-4', spec({ contactPoints: [1], events: ['paused', 'aborted'] }));
    expect(told(r, [{ type: 'start' }, { type: 'pause' }, { type: 'abort' }])).toEqual(['paused 1/2 10% (paused by an operator)', 'aborted 1/2 0% (aborted by an operator)']);
    expect(told(newRollout('ro-5', spec()), [{ type: 'start' }, { type: 'pause' }])).toEqual([]);
    expect(told(newRollout('ro-6', spec({ contactPoints: [] })), [{ type: 'start' }])).toEqual([]);
  });

  it('events that change no state tell nothing, but a failed move while balancing does', () => {
    expect(noticeEventOf({ action: 'move', from: 'running', to: 'running', step: 0, percent: 10 })).toBeNull();
    expect(noticeEventOf({ action: 'wait', from: 'running', to: 'running', step: 0, percent: 10 })).toBeNull();
    expect(noticeEventOf({ action: 'create', from: 'draft', to: 'draft', step: 0, percent: 0 })).toBeNull();
    expect(noticeEventOf({ action: 'move-failed', from: 'balancing', to: 'balancing', step: 1, percent: 100 })).toBe('move-failed');
  });

  it('a notice carries what the message needs and links nowhere yet (the link is the console URL of the sender)', () => {
    const r = newRollout('ro-7', spec({ contactPoints: [1, 2] }));
    const res = advance(r, { type: 'start' }, T0);
    if (!res.ok || !res.transition) throw new Error('no transition');
    expect(rolloutNoticeOf(res.rollout, res.transition, null, 'alice', T0)).toEqual({
      type: 'rollout',
      rolloutId: 'ro-7',
      rollout: 'rendezvous 10→100',
      event: 'started',
      step: 1,
      steps: 2,
      percent: 10,
      reason: null,
      actor: 'alice',
      at: '2026-12-01T10:00:00.000Z',
    });
  });
});
