import { describe, expect, it } from 'vitest';
import { seeded } from '../random.ts';
import { planBoundedLoad } from './bounded-load.ts';
import { byKey, rendezvousRank } from './shared.ts';
import { getStrategy, newRound, STRATEGIES, STRATEGY_KINDS, resolveStrategy, strategySpec, type StrategyInput, type StrategyServer } from './index.ts';

const servers = (n: number, extra: (i: number) => Partial<StrategyServer> = () => ({})): StrategyServer[] =>
  Array.from({ length: n }, (_, i) => ({ address: `s${i}:7700`, weight: 1, up: true, ...extra(i) }));
const input = (app: string, list: readonly StrategyServer[], extra: Partial<StrategyInput> = {}): StrategyInput => ({
  app: { name: app },
  worker: { address: '10.0.0.1:27777' },
  servers: list,
  ...extra,
});
const ctx = (seed = 1, totalLoad?: number) => ({ random: seeded(seed), state: newRound({ totalLoad }) });
const first = (order: readonly string[]) => order[0]!;

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
}
// critical values at p = 0.001 (a fixed seed makes the test deterministic; the bound keeps it honest)
const CHI2_999 = { 7: 24.32, 4: 18.47 } as const;

describe('the catalogue', () => {
  it('has every kind of design.md, each with a description and parameters whose defaults parse from {}', () => {
    expect(STRATEGIES.map((s) => s.kind)).toEqual([...STRATEGY_KINDS]);
    for (const s of STRATEGIES) {
      expect(s.description.length).toBeGreaterThan(80);
      expect(s.params.safeParse({}).success).toBe(true);
    }
  });

  it('every strategy returns every server exactly once, deterministically for a seed', () => {
    const rnd = seeded(7);
    for (const s of STRATEGIES) {
      const params = s.params.parse({});
      for (let trial = 0; trial < 30; trial++) {
        const list = servers(1 + rnd.int(9), (i) => ({ up: rnd.next() > 0.25, weight: 1 + rnd.int(4), zone: `z${i % 3}` }));
        const inp = input(`app-${trial}`, list, { worker: { address: 'w', zone: 'z1' }, load: { 's0:7700': 5 }, latencyMs: { 's1:7700': 3 } });
        const a = s.order(inp, params, ctx(trial));
        const b = s.order(inp, params, ctx(trial));
        expect([...a].sort()).toEqual(list.map((x) => x.address).sort());
        expect(a).toEqual(b);
      }
    }
  });

  it('strategies that know liveness put live servers first', () => {
    const list = servers(6, (i) => ({ up: i % 2 === 1 }));
    for (const kind of ['round-robin', 'weighted-round-robin', 'rendezvous', 'bounded-load', 'least-loaded', 'zone-aware'] as const) {
      const s = getStrategy(kind);
      for (let a = 0; a < 20; a++) {
        const order = s.order(input(`app-${a}`, list), s.params.parse({}), ctx(a));
        expect(order.slice(0, 3).every((x) => ['s1:7700', 's3:7700', 's5:7700'].includes(x))).toBe(true);
      }
    }
  });
});

describe('strategy spec', () => {
  it('accepts a kind with or without params and fills in defaults', () => {
    expect(strategySpec.parse({ kind: 'rendezvous' })).toEqual({ kind: 'rendezvous' });
    expect(resolveStrategy(strategySpec.parse({ kind: 'bounded-load' })).params).toEqual({ epsilon: 0.25, rebalance: 'consistent' });
    expect(resolveStrategy(strategySpec.parse({ kind: 'least-loaded', params: { choices: 3 } })).params).toEqual({ choices: 3 });
  });

  it('reports bad parameters with a path into params', () => {
    const bad = strategySpec.safeParse({ kind: 'bounded-load', params: { epsilon: -1 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path)).toEqual([['params', 'epsilon']]);
    const unknownKey = strategySpec.safeParse({ kind: 'round-robin', params: { speed: 3 } });
    expect(unknownKey.error!.issues[0]!.path).toEqual(['params']);
    expect(unknownKey.error!.issues[0]!.message).toMatch(/speed/);
    const unknownKind = strategySpec.safeParse({ kind: 'magic' });
    expect(unknownKind.error!.issues[0]!.path).toEqual(['kind']);
  });
});

describe('ordered', () => {
  it('returns the configured order, down servers included, as PowerJob before 5.1 walks it', () => {
    const list = servers(4, (i) => ({ up: i !== 0 }));
    expect(getStrategy('ordered').order(input('a', list), {}, ctx())).toEqual(['s0:7700', 's1:7700', 's2:7700', 's3:7700']);
  });
});

describe('shuffle', () => {
  it('is uniform over first positions (chi-square, 8 servers, 8,000 workers)', () => {
    const list = servers(8);
    const c = ctx(42);
    const counts = new Array<number>(8).fill(0);
    for (let w = 0; w < 8000; w++) counts[Number(first(getStrategy('shuffle').order(input('a', list), {}, c)).slice(1, 2))]! += 1;
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[7]);
  });

  it('is uniform over every position, and leaves the configured list alone', () => {
    const list = servers(5);
    const c = ctx(3);
    const at = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (let w = 0; w < 5000; w++) getStrategy('shuffle').order(input('a', list), {}, c).forEach((a, pos) => (at[pos]![Number(a.slice(1, 2))]! += 1));
    for (const row of at) expect(chiSquare(row)).toBeLessThan(CHI2_999[4]);
    expect(list.map((s) => s.address)).toEqual(['s0:7700', 's1:7700', 's2:7700', 's3:7700', 's4:7700']);
  });
});

describe('dns-round-robin', () => {
  it('starts each request at a random server and keeps the rotation', () => {
    const list = servers(5);
    const c = ctx(9);
    const counts = new Array<number>(5).fill(0);
    for (let r = 0; r < 5000; r++) {
      const order = getStrategy('dns-round-robin').order(input('a', list), {}, c);
      const start = Number(first(order).slice(1, 2));
      counts[start]! += 1;
      expect(order).toEqual(list.map((_, i) => `s${(start + i) % 5}:7700`));
    }
    expect(chiSquare(counts)).toBeLessThan(CHI2_999[4]);
  });
});

describe('round-robin', () => {
  it('cycles new apps over the live servers, and answers every worker of an app alike', () => {
    const list = servers(4, (i) => ({ up: i !== 2 }));
    const c = ctx();
    const rr = getStrategy('round-robin');
    const firsts = Array.from({ length: 6 }, (_, a) => first(rr.order(input(`app-${a}`, list), {}, c)));
    expect(firsts).toEqual(['s0:7700', 's1:7700', 's3:7700', 's0:7700', 's1:7700', 's3:7700']);
    expect(rr.order(input('app-1', list), {}, c)).toEqual(['s1:7700', 's3:7700', 's0:7700', 's2:7700']);
  });
});

describe('weighted-round-robin', () => {
  it('gives the nginx smooth sequence for weights 5, 1, 1', () => {
    const list = [
      { address: 'a', weight: 5, up: true },
      { address: 'b', weight: 1, up: true },
      { address: 'c', weight: 1, up: true },
    ];
    const c = ctx();
    const seq = Array.from({ length: 14 }, (_, i) => first(getStrategy('weighted-round-robin').order(input(`app-${i}`, list), {}, c)));
    expect(seq.join(' ')).toBe('a a b a c a a a a b a c a a');
  });

  it('never starts at a server of weight 0 or a down one', () => {
    const list = [
      { address: 'a', weight: 2, up: true },
      { address: 'b', weight: 0, up: true },
      { address: 'c', weight: 3, up: false },
      { address: 'd', weight: 1, up: true },
    ];
    const c = ctx();
    const seq = Array.from({ length: 9 }, (_, i) => first(getStrategy('weighted-round-robin').order(input(`app-${i}`, list), {}, c)));
    expect(seq.filter((x) => x === 'a')).toHaveLength(6);
    expect(seq.filter((x) => x === 'd')).toHaveLength(3);
  });
});

describe('rendezvous', () => {
  const rv = getStrategy('rendezvous');
  const owner = (app: string, list: StrategyServer[]) => first(rv.order(input(app, list), {}, ctx()));
  const apps = Array.from({ length: 2000 }, (_, i) => `app-${i}`);

  it('gives every worker of an app the same order without shared state', () => {
    const list = servers(7);
    for (const a of apps.slice(0, 50)) expect(rv.order(input(a, list), {}, ctx(1))).toEqual(rv.order(input(a, list), {}, ctx(2)));
  });

  it('moves only the leaving server’s apps when a server leaves (down or removed)', () => {
    const before = servers(8);
    const down = before.map((s) => (s.address === 's3:7700' ? { ...s, up: false } : s));
    const removed = before.filter((s) => s.address !== 's3:7700');
    let movedOff = 0;
    for (const a of apps) {
      const was = owner(a, before);
      for (const after of [down, removed]) {
        if (was === 's3:7700') expect(owner(a, after)).not.toBe('s3:7700');
        else expect(owner(a, after)).toBe(was);
      }
      if (was === 's3:7700') movedOff++;
    }
    expect(movedOff).toBeGreaterThan(200); // ≈ 2000 / 8
  });

  it('moves only the apps that now rank a joining server first, all of them to it', () => {
    const before = servers(8);
    const after = servers(9);
    let moved = 0;
    for (const a of apps) {
      const [was, now] = [owner(a, before), owner(a, after)];
      if (was !== now) {
        expect(now).toBe('s8:7700');
        moved++;
      }
    }
    expect(moved).toBeGreaterThan(2000 / 9 - 45);
    expect(moved).toBeLessThan(2000 / 9 + 45);
  });

  it('biases the share by weight', () => {
    const list = [
      { address: 'small', weight: 1, up: true },
      { address: 'big', weight: 3, up: true },
    ];
    const big = apps.filter((a) => owner(a, list) === 'big').length / apps.length;
    expect(big).toBeGreaterThan(0.72); // expected 0.75, σ ≈ 0.0097
    expect(big).toBeLessThan(0.78);
  });
});

describe('bounded-load', () => {
  const bl = getStrategy('bounded-load');
  const place = (list: StrategyServer[], loads: number[], totalKnown: boolean, epsilon = 0.25) => {
    const total = loads.reduce((a, b) => a + b, 0);
    const c = ctx(1, totalKnown ? total : undefined);
    const got = new Map<string, number>();
    loads.forEach((load, i) => {
      const to = first(bl.order({ ...input(`app-${i}`, list), app: { name: `app-${i}`, load } }, { epsilon }, c));
      got.set(to, (got.get(to) ?? 0) + load);
    });
    return { got, total };
  };

  it('never exceeds ceil((1 + ε) × average) apps per server, with the total known or online', () => {
    const list = servers(8);
    for (const known of [true, false]) {
      const { got } = place(list, new Array<number>(1000).fill(1), known);
      for (const n of got.values()) expect(n).toBeLessThanOrEqual(Math.ceil(1.25 * 125));
    }
  });

  it('keeps weighted caps in load units when the apps fit', () => {
    const list = servers(4, (i) => ({ weight: [1, 1, 2, 4][i]! }));
    const rnd = seeded(5);
    const loads = Array.from({ length: 600 }, () => 1 + rnd.int(5));
    for (const epsilon of [0.1, 0.25]) {
      const { got, total } = place(list, loads, true, epsilon);
      list.forEach((s) => expect(got.get(s.address) ?? 0).toBeLessThanOrEqual(Math.ceil(((1 + epsilon) * total * s.weight) / 8)));
    }
  });

  it('follows the rendezvous order while there is room', () => {
    const list = servers(5);
    const rv = getStrategy('rendezvous');
    expect(bl.order(input('x', list), { epsilon: 0.25 }, ctx())).toEqual(rv.order(input('x', list), {}, ctx()));
  });

  it('gives an app larger than every cap to the least loaded server', () => {
    const list = servers(3);
    const order = bl.order({ ...input('huge', list), app: { name: 'huge', load: 50 }, load: { 's0:7700': 10, 's1:7700': 1, 's2:7700': 5 } }, { epsilon: 0.25 }, ctx());
    expect(first(order)).toBe('s1:7700');
  });
});

describe('bounded-load planning a whole round (every app known)', () => {
  const bl = getStrategy('bounded-load');
  const apps = (n: number, load: (i: number) => number) => new Map(Array.from({ length: n }, (_, i) => [`app-${i}`, load(i)] as const));
  const loads = (plan: ReadonlyMap<string, string>, known: ReadonlyMap<string, number>) => {
    const got = new Map<string, number>();
    for (const [name, to] of plan) got.set(to, (got.get(to) ?? 0) + known.get(name)!);
    return got;
  };
  const moved = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) => [...a].filter(([name, to]) => b.get(name) !== to).map(([name]) => name);

  it('answers the same whatever order the workers ask in', () => {
    const list = servers(6);
    const rnd = seeded(3);
    const known = apps(300, () => 1 + rnd.int(40));
    const answer = (seed: number) => {
      const c = { random: seeded(seed), state: newRound({ apps: known }) };
      const names = seeded(seed).shuffle([...known.keys()]);
      return new Map(names.map((name) => [name, first(bl.order({ ...input(name, list), app: { name, load: known.get(name)! } }, { epsilon: 0.25 }, c))]));
    };
    const a = answer(1);
    const b = answer(2);
    expect(moved(a, b)).toEqual([]);
    expect(a).toEqual(planBoundedLoad(list, known, undefined, 0.25));
  });

  it('never exceeds a cap when the apps fit, weighted, for mixed sizes', () => {
    const list = servers(5, (i) => ({ weight: [1, 1, 2, 4, 8][i]! }));
    const rnd = seeded(9);
    for (const epsilon of [0.1, 0.25, 0.5]) {
      const known = apps(800, () => 1 + rnd.int(rnd.next() < 0.05 ? 60 : 6));
      const total = [...known.values()].reduce((a, b) => a + b, 0);
      const got = loads(planBoundedLoad(list, known, undefined, epsilon), known);
      list.forEach((s) => expect(got.get(s.address) ?? 0).toBeLessThanOrEqual(Math.ceil(((1 + epsilon) * total * s.weight) / 16)));
    }
  });

  it('counts the measured load of apps that stay against the caps', () => {
    const list = servers(4);
    const known = apps(100, () => 1);
    const measured = { 's0:7700': 60, 's1:7700': 0, 's2:7700': 0, 's3:7700': 0 };
    const got = loads(planBoundedLoad(list, known, measured, 0.25), known);
    // total 160, cap ceil(1.25 × 40) = 50: s0 is already over it and takes nothing
    expect(got.get('s0:7700') ?? 0).toBe(0);
    for (const a of ['s1:7700', 's2:7700', 's3:7700']) expect(got.get(a)!).toBeLessThanOrEqual(50);
  });

  it('gives each app larger than every cap a server of its own, with none of the rest beside it', () => {
    const list = servers(10);
    // total 710, cap ceil(1.25 × 71) = 89: the seven apps of 100 fit nowhere
    const known = apps(17, (i) => (i < 7 ? 100 : 1));
    const plan = planBoundedLoad(list, known, undefined, 0.25);
    const homes = Array.from({ length: 7 }, (_, i) => plan.get(`app-${i}`)!);
    expect(new Set(homes).size).toBe(7);
    for (const home of homes) expect([...plan].filter(([, to]) => to === home)).toHaveLength(1);
  });

  it('moves little more than a leaving server\'s apps, and (with room to spare) only those', () => {
    const rnd = seeded(4);
    const known = apps(1000, () => 1 + rnd.int(8));
    const eight = servers(8);
    const seven = eight.map((s, i) => (i === 7 ? { ...s, up: false } : s));
    for (const [epsilon, slack] of [[0.1, 1.08], [3, 1]] as const) {
      const before = planBoundedLoad(eight, known, undefined, epsilon);
      const after = planBoundedLoad(seven, known, undefined, epsilon);
      const own = [...before].filter(([, to]) => to === 's7:7700').length;
      const m = moved(before, after);
      expect(m.length).toBeGreaterThanOrEqual(own);
      expect(m.length).toBeLessThanOrEqual(Math.floor(own * slack));
    }
  });

  it('moves little more than the joining server\'s share of the apps', () => {
    const rnd = seeded(6);
    const known = apps(1000, () => 1 + rnd.int(8));
    const eight = servers(8);
    const nine = servers(9);
    const before = planBoundedLoad(eight, known, undefined, 0.1);
    const after = planBoundedLoad(nine, known, undefined, 0.1);
    const m = moved(before, after);
    const taken = [...after].filter(([, to]) => to === 's8:7700').length;
    expect(taken).toBeGreaterThan(1000 / 9 - 3 * Math.sqrt((1000 * 8) / 81)); // binomial, 3σ
    expect(m.length).toBeLessThanOrEqual(Math.ceil(taken * 1.1));
  });

  describe('knowing where the apps are now', () => {
    // 1000 light apps and one larger than every cap: the apps whose first choice is the big app's
    // server have no natural home
    const rnd = seeded(11);
    const known = apps(1001, (i) => (i === 0 ? 3000 : 1 + rnd.int(8)));
    const eight = servers(8);
    const nine = servers(9);
    const at = (plan: ReadonlyMap<string, string>) => new Map(plan);

    it('on a join, moves the apps whose first choice is the new server and leaves the homeless ones where they are', () => {
      const before = planBoundedLoad(eight, known, undefined, 0.25);
      const memoryless = moved(before, planBoundedLoad(nine, known, undefined, 0.25));
      const after = planBoundedLoad(nine, known, undefined, 0.25, at(before));
      const m = moved(before, after);
      const share = Math.round(1001 / 9);
      expect(m.length).toBeLessThanOrEqual(Math.ceil(share * 1.1));
      // without knowing where they are, the homeless apps spread over the newcomer too
      expect(memoryless.length).toBeGreaterThan(m.length);
      // every move goes to the new server, and every app that ranks it first (room allowing) goes there
      for (const name of m) expect(after.get(name)).toBe('s8:7700');
      const ranksItFirst = [...known.keys()].filter((name) => rendezvousRank(nine, name)[0]!.address === 's8:7700');
      expect(ranksItFirst.filter((name) => after.get(name) === 's8:7700').length).toBeGreaterThanOrEqual(ranksItFirst.length - 1);
    });

    it('on a leave, moves only the leaving server\'s apps', () => {
      const before = planBoundedLoad(eight, known, undefined, 0.25);
      const seven = eight.map((s, i) => (i === 3 ? { ...s, up: false } : s));
      const after = planBoundedLoad(seven, known, undefined, 0.25, at(before));
      const own = [...before].filter(([, to]) => to === 's3:7700').map(([name]) => name);
      expect(new Set(moved(before, after))).toEqual(new Set(own));
    });

    it('when the oversized app\'s server leaves, sends it to the server with the fewest apps to hand on', () => {
      const before = planBoundedLoad(eight, known, undefined, 0.25);
      const gone = before.get('app-0')!;
      const without = eight.map((s) => (s.address === gone ? { ...s, up: false } : s));
      const after = planBoundedLoad(without, known, undefined, 0.25, at(before));
      const counts = eight.filter((s) => s.address !== gone).map((s) => [...before.values()].filter((to) => to === s.address).length);
      expect(moved(before, after)).toHaveLength(1 + Math.min(...counts));
      // it stays put when its server stays
      expect(planBoundedLoad(nine, known, undefined, 0.25, at(before)).get('app-0')).toBe(gone);
    });

    it('rebalance minimal: moves only the excess of servers over their cap, and nothing when every server is within it', () => {
      const list = servers(6);
      const unit = apps(600, () => 1);
      // PowerJob's ordered list: everything on s0; the cap is ceil(1.25 × 100) = 125
      const piled = new Map([...unit.keys()].map((name) => [name, 's0:7700']));
      const plan = planBoundedLoad(list, unit, undefined, 0.25, piled, 'minimal');
      expect(moved(piled, plan)).toHaveLength(600 - 125);
      const got = loads(plan, unit);
      list.forEach((s) => expect(got.get(s.address) ?? 0).toBeLessThanOrEqual(125));
      // the consistent rebalance sends every app to its rendezvous choice: about five in six move
      expect(moved(piled, planBoundedLoad(list, unit, undefined, 0.25, piled)).length).toBeGreaterThan(400);
      // a fixed point, and a join with every server within its (new) cap moves nothing
      expect(moved(plan, planBoundedLoad(list, unit, undefined, 0.25, at(plan), 'minimal'))).toEqual([]);
      expect(moved(plan, planBoundedLoad(servers(7), unit, undefined, 0.5, at(plan), 'minimal'))).toEqual([]);
      // a leave moves the leaver's apps and nothing else
      const five = list.map((s, i) => (i === 2 ? { ...s, up: false } : s));
      const after = planBoundedLoad(five, unit, undefined, 0.25, at(plan), 'minimal');
      expect(new Set(moved(plan, after))).toEqual(new Set([...plan].filter(([, to]) => to === 's2:7700').map(([name]) => name)));
    });

    it('is a fixed point: planned again with its own answer, it answers the same', () => {
      for (const list of [nine, servers(9, (i) => ({ weight: 1 + (i % 3) }))]) {
        const once = planBoundedLoad(list, known, undefined, 0.25, at(planBoundedLoad(eight, known, undefined, 0.25)));
        expect(moved(once, planBoundedLoad(list, known, undefined, 0.25, at(once)))).toEqual([]);
      }
    });

    it('still keeps every cap, wherever the apps are now', () => {
      const r = seeded(12);
      const list = servers(6, (i) => ({ weight: 1 + (i % 2) }));
      const mixed = apps(600, () => 1 + r.int(r.next() < 0.05 ? 60 : 6));
      const total = [...mixed.values()].reduce((a, b) => a + b, 0);
      // everything piled on s0, as PowerJob's ordered list leaves it
      const piled = new Map([...mixed.keys()].map((name) => [name, 's0:7700']));
      const got = loads(planBoundedLoad(list, mixed, undefined, 0.25, piled), mixed);
      list.forEach((s) => expect(got.get(s.address) ?? 0).toBeLessThanOrEqual(Math.ceil((1.25 * total * s.weight) / 9)));
    });
  });
});

describe('least-loaded', () => {
  const ll = getStrategy('least-loaded');
  const list = servers(8);
  const stale = Object.fromEntries(list.map((s, i) => [s.address, i === 0 ? 0 : 100]));

  it('spreads a burst of decisions made on the same stale figures (power of two choices)', () => {
    const random = seeded(11);
    const counts = new Map<string, number>();
    for (let d = 0; d < 4000; d++) {
      // independent deciders: each sees the same stale load and none sees the others' answers
      const to = first(ll.order(input(`app-${d}`, list, { load: stale }), { choices: 2 }, { random, state: newRound() }));
      counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    // the light server is picked when it is one of the two sampled: 1 − C(7,2)/C(8,2) = 1/4
    expect(counts.get('s0:7700')! / 4000).toBeGreaterThan(0.22);
    expect(counts.get('s0:7700')! / 4000).toBeLessThan(0.28);
    expect(counts.size).toBe(8);
    // plain greedy sends the whole burst to one server
    const greedy = new Set(Array.from({ length: 100 }, (_, d) => first(ll.order(input(`app-${d}`, list, { load: stale }), { choices: 8 }, { random, state: newRound() }))));
    expect([...greedy]).toEqual(['s0:7700']);
  });

  it('balances closely when the round keeps its own placements', () => {
    const c = ctx(5);
    const counts = new Map<string, number>();
    for (let a = 0; a < 800; a++) {
      const to = first(ll.order(input(`app-${a}`, list), { choices: 2 }, c));
      counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(104);
  });

  it('samples candidates in proportion to weight', () => {
    const weighted = [
      { address: 'small', weight: 1, up: true },
      { address: 'big', weight: 9, up: true },
    ];
    const random = seeded(2);
    let big = 0;
    for (let d = 0; d < 2000; d++) if (first(ll.order(input(`app-${d}`, weighted), { choices: 1 }, { random, state: newRound() })) === 'big') big++;
    expect(big / 2000).toBeGreaterThan(0.87);
    expect(big / 2000).toBeLessThan(0.93);
  });

  it('judges load per unit of weight', () => {
    const weighted = [
      { address: 'big', weight: 4, up: true },
      { address: 'small', weight: 1, up: true },
    ];
    const order = ll.order(input('a', weighted, { load: { big: 30, small: 10 } }), { choices: 2 }, ctx());
    expect(first(order)).toBe('big'); // 31/4 < 11/1
  });
});

describe('zone-aware', () => {
  const za = getStrategy('zone-aware');
  const params = za.params.parse({}) as { overload: number; latencySlackMs: number };
  const list = servers(8, (i) => ({ zone: i < 2 ? 'b' : 'a' }));

  it("prefers the worker's zone and spreads apps among its servers", () => {
    const firsts = new Set(Array.from({ length: 40 }, (_, a) => first(za.order({ ...input(`app-${a}`, list), worker: { address: 'w', zone: 'b' } }, params, ctx(a)))));
    expect(firsts).toEqual(new Set(['s0:7700', 's1:7700']));
  });

  it('spills over past the load cap, to servers with room', () => {
    const c = ctx(1, 100);
    const got = new Map<string, number>();
    for (let a = 0; a < 100; a++) {
      const to = first(za.order({ ...input(`app-${a}`, list), worker: { address: 'w', zone: 'b' } }, params, c));
      got.set(to, (got.get(to) ?? 0) + 1);
    }
    const cap = Math.ceil((1.25 * 100) / 8); // 16
    expect(got.get('s0:7700')).toBe(cap);
    expect(got.get('s1:7700')).toBe(cap);
    for (const n of got.values()) expect(n).toBeLessThanOrEqual(cap);
  });

  it('without zones, prefers the servers within the slack of the lowest latency', () => {
    const plain = servers(4);
    const latencyMs = { 's0:7700': 20, 's1:7700': 2, 's2:7700': 6, 's3:7700': 40 };
    const firsts = new Set(Array.from({ length: 40 }, (_, a) => first(za.order(input(`app-${a}`, plain, { latencyMs }), params, ctx()))));
    expect(firsts).toEqual(new Set(['s1:7700', 's2:7700']));
    // past the near ones, the closest far server comes before the farther
    const order = za.order(input('x', plain, { latencyMs }), params, ctx());
    expect(order.slice(2)).toEqual(['s0:7700', 's3:7700']);
  });
});

describe('byKey', () => {
  it('orders indices by ascending key, equal keys in index order, like a stable comparator sort', () => {
    const rnd = seeded(21);
    for (let trial = 0; trial < 200; trial++) {
      const keys = Array.from({ length: rnd.int(60) }, () => [0, -0, Infinity, -Infinity, rnd.int(5), rnd.int(5) / 3, -rnd.int(1000)][rnd.int(7)]!);
      const expected = keys.map((_, i) => i).sort((a, b) => (keys[a] === keys[b] ? a - b : keys[a]! < keys[b]! ? -1 : 1));
      expect(byKey(keys)).toEqual(expected);
    }
    expect(byKey([])).toEqual([]);
    expect(byKey(new Float64Array([2, 1, 2, 1]))).toEqual([1, 3, 0, 2]);
  });
});
