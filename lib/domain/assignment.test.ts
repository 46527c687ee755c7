import { describe, expect, it } from 'vitest';
import { minCostAssignment } from './assignment.ts';
import { seeded } from './random.ts';

/** every injective assignment of rows to columns, the cheapest */
function bruteForce(cost: number[][]): number | null {
  const m = cost[0]?.length ?? 0;
  let best: number | null = null;
  const walk = (i: number, used: Set<number>, sum: number) => {
    if (i === cost.length) {
      if (best === null || sum < best) best = sum;
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used.has(j) || !Number.isFinite(cost[i]![j]!)) continue;
      used.add(j);
      walk(i + 1, used, sum + cost[i]![j]!);
      used.delete(j);
    }
  };
  walk(0, new Set(), 0);
  return best;
}

describe('minCostAssignment', () => {
  it('finds the cheapest assignment where a greedy pick would not', () => {
    // row 0 takes column 0 greedily (1), leaving row 1 with 10; the optimum is 2 + 2
    const got = minCostAssignment([
      [1, 2],
      [2, 10],
    ]);
    expect(got).toEqual({ total: 4, columns: [1, 0] });
  });

  it('takes no forbidden pair, and says when it must', () => {
    expect(minCostAssignment([[Infinity, 3, 1]])).toEqual({ total: 1, columns: [2] });
    expect(
      minCostAssignment([
        [1, Infinity],
        [2, Infinity],
      ]),
    ).toBeNull();
    expect(minCostAssignment([[1], [1]])).toBeNull();
    expect(minCostAssignment([])).toEqual({ total: 0, columns: [] });
  });

  it('equals exhaustive search on random rectangular matrices with negative and forbidden entries', () => {
    const random = seeded(3);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + random.int(4);
      const m = n + random.int(3);
      const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => (random.int(6) === 0 ? Infinity : random.int(21) - 10)));
      const got = minCostAssignment(cost);
      const want = bruteForce(cost);
      expect(got?.total ?? null, JSON.stringify(cost)).toBe(want);
      if (got) expect(new Set(got.columns).size).toBe(n);
    }
  });
});
