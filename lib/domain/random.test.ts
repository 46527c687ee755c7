import { describe, expect, it } from 'vitest';
import { deriveSeed, hashName, murmur3_x86_32, pairHash01, seeded } from './random.ts';

describe('murmur3_x86_32', () => {
  // checked against an independent Python implementation of Appleby's reference C code and the
  // imurmurhash npm package (ASCII keys)
  it.each([
    ['', 0, 0],
    ['', 1, 1364076727],
    ['hello', 0, 613153351],
    ['hello', 42, 3806057185],
    ['abc', 0, 3017643002],
    ['abcd', 0xffffffff, 729662808],
    ['The quick brown fox jumps over the lazy dog', 0, 776992547], // 0x2e4ff723
    ['rollout-1:app-17', 0, 2890548871],
  ])('murmur3_x86_32(%j, %i) = %i', (key, seed, expected) => {
    expect(murmur3_x86_32(key, seed)).toBe(expected);
  });

  it('hashes the UTF-8 bytes (multi-byte and astral characters)', () => {
    expect(murmur3_x86_32('héllo wörld €😀', 0)).toBe(2611321729);
  });

  it('is unsigned 32-bit', () => {
    for (let i = 0; i < 200; i++) {
      const h = murmur3_x86_32(`k${i}`);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });

  it('hashName is the same function, remembered', () => {
    expect(hashName('hello')).toBe(613153351);
    expect(hashName('hello')).toBe(613153351);
  });
});

describe('seeded', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = seeded(1);
    const b = seeded(1);
    const c = seeded(2);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws integers in [0, n) with roughly equal frequency', () => {
    const r = seeded(3);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[r.int(10)]! += 1;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it('shuffles a copy (Fisher–Yates), leaving the input alone', () => {
    const r = seeded(4);
    const input = [1, 2, 3, 4, 5, 6];
    const out = r.shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...out].sort()).toEqual(input);
    expect(seeded(4).shuffle(input)).toEqual(out);
    expect(r.shuffle([])).toEqual([]);
  });

  it('derives independent sub-seeds by label', () => {
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
  });
});

describe('pairHash01', () => {
  it('stays strictly inside (0, 1) and spreads evenly', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const u = pairHash01(hashName(`server-${i % 50}`), hashName(`app-${Math.floor(i / 50)}`));
      expect(u > 0 && u < 1).toBe(true);
      buckets[Math.floor(u * 10)]! += 1;
    }
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(120);
    expect(pairHash01(0, 0)).toBeGreaterThan(0);
    expect(pairHash01(0xffffffff, 0xffffffff)).toBeLessThan(1);
  });
});
