import { describe, expect, it } from 'vitest';
import { ROLLOUT_ID, rolloutIdOf } from './rollout-id.ts';

describe('rolloutIdOf', () => {
  it('writes five bytes as ten hex digits, leading zeros kept', () => {
    expect(rolloutIdOf(new Uint8Array([0, 1, 0xab, 0x10, 0xff]))).toBe('ro-0001ab10ff');
    expect(rolloutIdOf(new Uint8Array([1, 2, 3, 4, 5, 6]))).toBe('ro-0102030405');
    expect(ROLLOUT_ID.test(rolloutIdOf(new Uint8Array(5)))).toBe(true);
  });

  it('refuses fewer than five bytes, and the pattern refuses what it does not make', () => {
    expect(() => rolloutIdOf(new Uint8Array(4))).toThrow(RangeError);
    for (const id of ['ro-preview', 'ro-0001AB10FF', 'ro-0001ab10f', 'x-0001ab10ff']) expect(ROLLOUT_ID.test(id), id).toBe(false);
  });
});
