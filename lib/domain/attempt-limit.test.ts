import { describe, expect, it } from 'vitest';
import { attemptKeys, attemptRefusedForMs } from './attempt-limit.ts';

const limits = { perAccount: 3, perAddress: 10, windowMs: 60_000 };

describe('attempt limit', () => {
  it('keys an attempt by the case-folded account name and by the address', () => {
    expect(attemptKeys('Admin', '10.0.0.1')).toEqual(['account:admin', 'address:10.0.0.1']);
  });

  it('lets attempts up to the limit go ahead and refuses the next until its window ends', () => {
    const [account, address] = attemptKeys('alice', '10.0.0.1');
    const at = (attempts: number, key = account) => [{ key, attempts, windowStartMs: 1_000 }];
    expect(attemptRefusedForMs(at(3), limits, 20_000)).toBe(0);
    expect(attemptRefusedForMs(at(4), limits, 20_000)).toBe(41_000);
    expect(attemptRefusedForMs(at(10, address), limits, 20_000)).toBe(0);
    expect(attemptRefusedForMs(at(11, address), limits, 20_000)).toBe(41_000);
    // the longer of two refusals, and never 0 for a refused attempt at the window's edge
    expect(attemptRefusedForMs([{ key: account, attempts: 4, windowStartMs: 0 }, { key: address, attempts: 11, windowStartMs: 5_000 }], limits, 30_000)).toBe(35_000);
    expect(attemptRefusedForMs(at(4), limits, 61_000)).toBe(1);
  });
});
