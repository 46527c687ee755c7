import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from './election.ts';
import { seeded } from './random.ts';
import { minMovesJoin, minMovesLeave, reference, scenario, SCENARIO_NAMES, zipfCounts } from './scenario-gen.ts';

const snapshot = (loads: number[], weights: number[]): ClusterSnapshot => ({
  servers: weights.map((weight, i) => ({ address: `s${i}`, weight, up: true })),
  apps: loads.map((load, i) => ({ name: `a${i}`, load, workers: [{ address: `w${i}` }] })),
});

describe('zipfCounts', () => {
  it('sums exactly, gives each item its minimum, and follows k^−s between ranks', () => {
    const counts = zipfCounts(500, 1.1, 10_000, seeded(1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    const sorted = [...counts].sort((a, b) => b - a);
    expect((sorted[0]! - 1) / (sorted[1]! - 1)).toBeCloseTo(2 ** 1.1, 1);
    expect(() => zipfCounts(10, 1, 5, seeded(1))).toThrow();
  });
});

describe('scenarios', () => {
  it('are deterministic for a seed', () => {
    for (const name of SCENARIO_NAMES) expect(scenario(name, 3)).toEqual(scenario(name, 3));
    expect(scenario('zipf-8', 1).cluster.apps.map((a) => a.load)).not.toEqual(scenario('zipf-8', 2).cluster.apps.map((a) => a.load));
  });

  it('issue-181: 2 servers, 20 apps with 1–4 workers, 15 bound to the first server', () => {
    const { cluster } = scenario('issue-181');
    expect(cluster.servers).toHaveLength(2);
    expect(cluster.apps).toHaveLength(20);
    for (const a of cluster.apps) expect(a.workers.length >= 1 && a.workers.length <= 4).toBe(true);
    expect(Object.values(cluster.bindings!).filter((b) => b === cluster.servers[0]!.address)).toHaveLength(15);
  });

  it('the 8-server scenarios share 500 Zipf apps; weights, join and leave change only the servers', () => {
    const zipf = scenario('zipf-8');
    expect(zipf.cluster.servers).toHaveLength(8);
    expect(zipf.cluster.apps).toHaveLength(500);
    expect(zipf.cluster.apps.reduce((a, x) => a + x.load, 0)).toBe(10_000);
    expect(scenario('weighted-8').cluster.servers.map((s) => s.weight)).toEqual([1, 1, 2, 2, 4, 4, 8, 8]);
    const join = scenario('join-8-9');
    expect([join.before!.servers.length, join.cluster.servers.length]).toEqual([8, 9]);
    expect(join.change).toEqual({ kind: 'join', server: join.cluster.servers[8]!.address });
    const leave = scenario('leave-8-7');
    expect(leave.cluster.servers.filter((s) => s.up)).toHaveLength(7);
    expect(leave.cluster.apps).toEqual(zipf.cluster.apps);
  });

  it('large: 50 servers, 2,000 apps, 20,000 workers with unique addresses', () => {
    const { cluster } = scenario('large');
    expect(cluster.servers).toHaveLength(50);
    expect(cluster.apps).toHaveLength(2000);
    const workers = cluster.apps.flatMap((a) => a.workers.map((w) => w.address));
    expect(workers).toHaveLength(20_000);
    expect(new Set(workers).size).toBe(20_000);
    for (const a of cluster.apps) expect(a.load).toBe(a.workers.length);
  });
});

describe('reference points', () => {
  it('bound is the average when no app is larger than a fair share, and LPT reaches it', () => {
    const r = reference(snapshot([5, 3, 3, 2, 2, 1], [1, 1]));
    expect(r.bound).toBe(1);
    expect(r.lpt).toBe(1); // LPT: 5+2+1 | 3+3+2
    expect(r.lptLoad).toEqual({ s0: 8, s1: 8 });
  });

  it('bound is the largest app when it exceeds the average', () => {
    const r = reference(snapshot([10, 1, 1], [1, 1]));
    expect(r.bound).toBeCloseTo(10 / 6, 12);
    expect(r.lpt).toBeCloseTo(10 / 6, 12);
  });

  it('with weights, the largest app is measured against the largest weight', () => {
    const r = reference(snapshot([6, 2], [1, 3]));
    expect(r.bound).toBe(1); // 6/3 = 2 = total/W
    expect(r.lptLoad).toEqual({ s0: 2, s1: 6 });
    expect(r.lpt).toBeCloseTo(1, 12);
  });

  it('minimum moves: a joining server’s part of the apps, and a leaving server’s apps', () => {
    const nine = snapshot(new Array<number>(500).fill(1), new Array<number>(9).fill(1));
    expect(minMovesJoin(nine, 's8')).toEqual({ byCount: 56, byLoad: 56 });
    expect(minMovesJoin(snapshot([10, 1, 1, 1, 1], [1, 1, 1]), 's2')).toEqual({ byCount: 2, byLoad: 1 });
    expect(minMovesLeave({ a: 's1', b: 's0', c: 's1', d: null }, 's1')).toBe(2);
  });
});
