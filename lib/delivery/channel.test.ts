// The back-off a failing delivery channel retries with.
import { describe, expect, it } from 'vitest';
import { backoff } from './channel.ts';

describe('backoff', () => {
  it('doubles from the base up to the cap, and starts again after a success', () => {
    const b = backoff(1000, 8000);
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(b.failures).toBe(5);
    b.reset();
    expect(b.next()).toBe(1000);
  });
});
