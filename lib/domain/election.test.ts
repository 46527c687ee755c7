import { describe, expect, it } from 'vitest';
import { elect, place, placeAll, type ClusterSnapshot } from './election.ts';
import { minMovesJoin, minMovesLeave, reference, scenario } from './scenario-gen.ts';
import { getStrategy } from './strategies/index.ts';

const up = (address: string) => ({ address, up: true });
const down = (address: string) => ({ address, up: false });

describe('elect (first come, first served)', () => {
  it('keeps an app whose owner is alive, whatever order the worker tries', () => {
    expect(elect([up('a'), up('b')], { x: 'b' }, [{ app: 'x', order: ['a', 'b'] }])).toEqual({ x: 'b' });
  });

  it('gives an unbound app to the first live server its first discovering worker tries; later workers follow', () => {
    const out = elect([down('a'), up('b'), up('c')], {}, [
      { app: 'x', order: ['a', 'c', 'b'] },
      { app: 'x', order: ['b', 'c'] },
      { app: 'y', order: ['b', 'a'] },
    ]);
    expect(out).toEqual({ x: 'c', y: 'b' });
  });

  it('moves an app off a dead owner to the first live server of the discovering worker', () => {
    expect(elect([down('a'), up('b'), up('c')], { x: 'a' }, [{ app: 'x', order: ['a', 'c', 'b'] }])).toEqual({ x: 'c' });
  });

  it('is sticky: when the old owner comes back, the app stays where it went (issue #191)', () => {
    const during = elect([down('a'), up('b')], { x: 'a' }, [{ app: 'x', order: ['a', 'b'] }]);
    expect(elect([up('a'), up('b')], during, [{ app: 'x', order: ['a', 'b'] }])).toEqual({ x: 'b' });
  });

  it('leaves a dead binding nobody asked about as recorded, and null when no listed server is alive', () => {
    expect(elect([down('a'), up('b')], { x: 'a', y: 'a' }, [{ app: 'y', order: ['a'] }, { app: 'z', order: ['a'] }])).toEqual({ x: 'a', y: 'a', z: null });
  });
});

function cluster(servers: number, apps: number, workers = 3): ClusterSnapshot {
  return {
    servers: Array.from({ length: servers }, (_, i) => ({ address: `s${i}:7700`, weight: 1, up: true })),
    apps: Array.from({ length: apps }, (_, i) => ({
      name: `app-${i}`,
      load: 1,
      workers: Array.from({ length: workers }, (_, w) => ({ address: `10.0.${i}.${w}:27777` })),
    })),
  };
}
const count = (bindings: Record<string, string | null>, server: string) => Object.values(bindings).filter((b) => b === server).length;

describe('placeAll', () => {
  it('reproduces issue #181 with the configured order: every app on the first server', () => {
    const { fresh } = placeAll(getStrategy('ordered'), cluster(2, 20), 181);
    expect(count(fresh.bindings, 's0:7700')).toBe(20);
    expect(fresh.load).toEqual({ 's0:7700': 20, 's1:7700': 0 });
    expect(fresh.fairness.maxMean).toBe(2);
  });

  it('spreads app counts under round-robin exactly', () => {
    const { fresh } = placeAll(getStrategy('round-robin'), cluster(4, 20), 1);
    expect(Object.values(fresh.load)).toEqual([5, 5, 5, 5]);
    expect(fresh.fairness.jain).toBe(1);
  });

  it('sticky: only the apps of a server that went down move, with their worker counts', () => {
    const base = cluster(3, 30, 2);
    const bindings = Object.fromEntries(base.apps.map((a, i) => [a.name, `s${i % 3}:7700`]));
    const snapshot = { ...base, bindings, servers: base.servers.map((s) => (s.address === 's1:7700' ? { ...s, up: false } : s)) };
    const { sticky, fresh } = placeAll(getStrategy('ordered'), snapshot, 7);
    expect(sticky.moved).toHaveLength(10);
    for (const m of sticky.moved) {
      expect(m.from).toBe('s1:7700');
      expect(m.to).toBe('s0:7700'); // the configured order's first live server
      expect(m.workers).toBe(2);
    }
    expect(sticky.load).toEqual({ 's0:7700': 20, 's1:7700': 0, 's2:7700': 10 });
    // fresh re-election under the configured order piles everything on s0
    expect(fresh.load['s0:7700']).toBe(30);
    expect(fresh.moved).toHaveLength(20);
    expect(fresh.fairness.excluded).toEqual(['s1:7700']);
  });

  it('rendezvous after a join: sticky moves nothing, fresh moves only apps to the new server', () => {
    const before = cluster(4, 200, 1);
    const rv = getStrategy('rendezvous');
    const bindings = place(rv, before, 3, 'fresh').bindings as Record<string, string>;
    const after = { ...cluster(5, 200, 1), bindings };
    const { sticky, fresh } = placeAll(rv, after, 3);
    expect(sticky.moved).toEqual([]);
    expect(sticky.load['s4:7700']).toBe(0);
    expect(fresh.moved.length).toBeGreaterThan(20);
    for (const m of fresh.moved) expect(m.to).toBe('s4:7700');
  });

  it('bounded-load on the Zipf leave: keeps the bound and moves within 10 % of the leaver\'s apps, for several seeds', () => {
    const bl = getStrategy('bounded-load');
    for (const seed of [1, 2, 4]) {
      const sc = scenario('leave-8-7', seed);
      const before = place(bl, sc.before!, seed, 'fresh').bindings;
      const bindings = Object.fromEntries(Object.entries(before).filter((e): e is [string, string] => e[1] !== null));
      const after = place(bl, { ...sc.cluster, bindings }, seed, 'fresh');
      const own = minMovesLeave(bindings, sc.change!.server);
      expect(after.moved.length).toBeLessThanOrEqual(Math.floor(own * 1.1));
      expect(after.fairness.peakToFair).toBeCloseTo(reference(sc.cluster).bound, 3);
    }
  });

  it('bounded-load on the Zipf join: keeps the bound and moves within 10 % of the newcomer\'s share, for several seeds', () => {
    const bl = getStrategy('bounded-load');
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const sc = scenario('join-8-9', seed);
      const before = place(bl, sc.before!, seed, 'fresh').bindings;
      const bindings = Object.fromEntries(Object.entries(before).filter((e): e is [string, string] => e[1] !== null));
      const after = place(bl, { ...sc.cluster, bindings }, seed, 'fresh');
      expect(after.moved.length).toBeLessThanOrEqual(Math.floor(minMovesJoin(sc.cluster, sc.change!.server).byCount * 1.1));
      expect(after.fairness.peakToFair).toBeCloseTo(reference(sc.cluster).bound, 3);
      // apps taken out of the bindings to be re-elected (a rollout's cohort) are still known to be
      // where `at` says: the same answer
      const cohort = place(bl, { ...sc.cluster, bindings: {}, at: bindings }, seed, 'sticky');
      expect(cohort.bindings).toEqual(after.bindings);
    }
  });

  it('least-loaded plans a known round largest first: at the bound on servers of unequal weight, whatever the seed', () => {
    const ll = getStrategy('least-loaded');
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const sc = scenario('weighted-8', seed);
      const { fresh } = placeAll(ll, sc.cluster, seed);
      expect(fresh.fairness.peakToFair).toBeLessThanOrEqual(reference(sc.cluster).bound * 1.01);
      // the discovery order does not matter, only the apps and servers
      expect(place(ll, sc.cluster, seed + 100, 'fresh').bindings).toEqual(fresh.bindings);
    }
  });

  it('is deterministic for a seed', () => {
    const c = cluster(5, 50);
    expect(placeAll(getStrategy('shuffle'), c, 9)).toEqual(placeAll(getStrategy('shuffle'), c, 9));
    expect(placeAll(getStrategy('shuffle'), c, 9).fresh.bindings).not.toEqual(placeAll(getStrategy('shuffle'), c, 10).fresh.bindings);
  });

  it('leaves an app with no workers unbound in a fresh start', () => {
    const c: ClusterSnapshot = { ...cluster(2, 1), apps: [{ name: 'idle', load: 1, workers: [] }] };
    expect(placeAll(getStrategy('shuffle'), c, 1).fresh.bindings).toEqual({ idle: null });
  });
});
