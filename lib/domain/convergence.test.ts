import { describe, expect, it } from 'vitest';
import { allFollowedProbability, convergenceWindowMs, roundsToFollow } from './convergence.ts';

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
