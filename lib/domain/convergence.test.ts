import { describe, expect, it } from 'vitest';
import { allFollowedProbability, convergenceWindowMs, DRAIN_MOVE_CONFIDENCE, MOVE_CONFIDENCE, roundsToFollow, judgeMove } from './convergence.ts';

describe('allFollowedProbability', () => {
  it('is 1 - (1-p)^k for one worker, and its n-th power for n', () => {
    expect(allFollowedProbability(1, 50, 1)).toBeCloseTo(0.5, 12);
    expect(allFollowedProbability(1, 50, 3)).toBeCloseTo(0.875, 12);
    expect(allFollowedProbability(2, 50, 3)).toBeCloseTo(0.875 ** 2, 12);
    expect(allFollowedProbability(10, 100, 1)).toBe(1);
    expect(allFollowedProbability(10, 0, 50)).toBe(0);
    expect(allFollowedProbability(0, 50, 0)).toBe(1);
  });
});

describe('roundsToFollow', () => {
  it('takes the fewest rounds that reach the confidence', () => {
    // n = 1, p = 0.5, c = 0.99: 1 - 0.5^k >= 0.99 first at k = 7 (0.9921875; k = 6 gives 0.984)
    expect(roundsToFollow(1, 50)).toBe(7);
    expect(allFollowedProbability(1, 50, 6)).toBeLessThan(0.99);
    for (const n of [1, 2, 10, 30, 100]) {
      const k = roundsToFollow(n, 50)!;
      expect(allFollowedProbability(n, 50, k), `n=${n}`).toBeGreaterThanOrEqual(0.99);
      expect(allFollowedProbability(n, 50, k - 1), `n=${n}`).toBeLessThan(0.99);
    }
  });

  it('grows with the worker count like log2(n) at 50 %, is one round at 100 % and never at 0 %', () => {
    expect(roundsToFollow(100, 50)).toBe(14);
    expect(roundsToFollow(100, 100)).toBe(1);
    expect(roundsToFollow(5, 0)).toBeNull();
    expect(roundsToFollow(0, 50)).toBe(0);
  });
});

describe('convergenceWindowMs', () => {
  it('adds a round for the first wait, a heartbeat and a collection', () => {
    // 2 workers at 50 %: 8 rounds -> (8 + 1) x 10 s + 10 s + 10 s
    expect(roundsToFollow(2, 50)).toBe(8);
    expect(convergenceWindowMs(2, 50)).toBe(110_000);
    expect(convergenceWindowMs(2, 100)).toBe(40_000);
    expect(convergenceWindowMs(2, 0)).toBeNull();
    expect(convergenceWindowMs(100, 50, { discoveryMs: 10_000, heartbeatMs: 10_000, collectMs: 2_000 })).toBe(162_000);
  });
});

describe('judgeMove', () => {
  const t0 = 1_000_000;
  const base = { seen: 0, total: 4, boundToTarget: true, seenBefore: 0, requestedAt: t0, progressAt: null, now: t0 };
  // at 100 %: every worker follows at its first round; one missing worker needs (1 + 1) × 10 s + 10 s + 10 s
  const window100 = 40_000;

  it('verifies once bound to the target with every live worker there', () => {
    expect(judgeMove({ ...base, seen: 4, seenBefore: 2 }, 100, 5000)).toEqual({ verdict: 'verified' });
    // every worker there but the collected binding still names the old owner: not yet
    expect(judgeMove({ ...base, seen: 4, seenBefore: 4, boundToTarget: false, now: t0 + 1000 }, 100, 5000)).toEqual({ verdict: 'wait', windowMs: window100 });
    // no workers at all is never verified (nothing shows the move took)
    expect(judgeMove({ ...base, total: 0 }, 100, 5000).verdict).toBe('wait');
  });

  it('more workers on the target than before is progress, however late', () => {
    expect(judgeMove({ ...base, seen: 1, now: t0 + 10 * 60_000 }, 50, 5000)).toEqual({ verdict: 'progress' });
    expect(judgeMove({ ...base, seen: 3, seenBefore: 2, progressAt: t0, now: t0 + 10 * 60_000 }, 50, 5000)).toEqual({ verdict: 'progress' });
  });

  it('fails only when the window for the workers still missing passes with no progress, counted from the last progress', () => {
    // 2 of 4 there since t0 + 30 s; at 50 % two missing workers need convergenceWindowMs(2, 50)
    const w2 = convergenceWindowMs(2, 50)!;
    expect(w2).toBe(110_000);
    const o = { ...base, seen: 2, seenBefore: 2, requestedAt: t0, progressAt: t0 + 30_000 };
    expect(judgeMove({ ...o, now: t0 + 30_000 + w2 - 1 }, 50, 5000)).toEqual({ verdict: 'wait', windowMs: w2 });
    expect(judgeMove({ ...o, now: t0 + 30_000 + w2 }, 50, 5000)).toEqual({ verdict: 'failed', windowMs: w2 });
    // with no progress ever, from the request; none seen still needs the window of one worker
    expect(judgeMove({ ...base, total: 0, now: t0 + window100 }, 100, 5000)).toEqual({ verdict: 'failed', windowMs: window100 });
    expect(judgeMove({ ...base, seen: 0, total: 4, now: t0 + 1000 }, 50, 5000)).toEqual({ verdict: 'wait', windowMs: convergenceWindowMs(4, 50)! });
  });

  it('verifySeconds is the floor of the window; at 0 % (workers never follow by discovery) only the floor counts', () => {
    expect(judgeMove({ ...base, seen: 1, seenBefore: 1, progressAt: t0, now: t0 + 1000 }, 100, 300_000)).toEqual({ verdict: 'wait', windowMs: 300_000 });
    expect(judgeMove({ ...base, now: t0 + 60_000 }, 0, 60_000)).toEqual({ verdict: 'failed', windowMs: 60_000 });
  });

  it('judges a drain\'s move surer than a rollout\'s: the last worker at 50 % gets 14 rounds instead of 7', () => {
    // the maintenance test's app-03: 3 of 4 workers there, the last one followed 15 rounds after the
    // move and was collected about 120 s after the progress before it
    const o = { ...base, seen: 3, seenBefore: 3, progressAt: t0, now: t0 + 120_000 };
    expect(convergenceWindowMs(1, 50, undefined, MOVE_CONFIDENCE)).toBe(100_000);
    expect(convergenceWindowMs(1, 50, undefined, DRAIN_MOVE_CONFIDENCE)).toBe(170_000);
    expect(judgeMove(o, 50, 60_000, undefined, MOVE_CONFIDENCE)).toEqual({ verdict: 'failed', windowMs: 100_000 });
    expect(judgeMove(o, 50, 60_000, undefined, DRAIN_MOVE_CONFIDENCE)).toEqual({ verdict: 'wait', windowMs: 170_000 });
    expect(judgeMove({ ...o, now: t0 + 170_000 }, 50, 60_000, undefined, DRAIN_MOVE_CONFIDENCE)).toEqual({ verdict: 'failed', windowMs: 170_000 });
    // the default is the rollout's
    expect(judgeMove(o, 50, 60_000)).toEqual(judgeMove(o, 50, 60_000, undefined, MOVE_CONFIDENCE));
  });
});
