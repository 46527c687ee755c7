import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from './attempt-limit.ts';

describe('attempt limiter', () => {
  it('refuses after maxFailures in the window and allows again when the oldest ages out', () => {
    const l = createAttemptLimiter({ maxFailures: 3, windowMs: 60_000 });
    for (const t of [0, 10_000, 20_000]) {
      expect(l.retryAfterMs('alice', t)).toBe(0);
      l.fail('alice', t);
    }
    expect(l.retryAfterMs('alice', 30_000)).toBe(30_000);
    expect(l.retryAfterMs('bob', 30_000)).toBe(0);
    expect(l.retryAfterMs('alice', 60_000)).toBe(0);
  });

  it('forgets a key on reset, and keeps at most maxKeys keys', () => {
    const l = createAttemptLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    l.fail('a', 0);
    expect(l.retryAfterMs('a', 1)).toBeGreaterThan(0);
    l.reset('a');
    expect(l.retryAfterMs('a', 1)).toBe(0);
    l.fail('x', 0);
    l.fail('y', 0);
    l.fail('z', 0);
    expect(l.retryAfterMs('x', 1)).toBe(0);
    expect(l.retryAfterMs('z', 1)).toBeGreaterThan(0);
  });
});
