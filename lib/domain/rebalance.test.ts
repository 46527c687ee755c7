import { describe, expect, it } from 'vitest';
import { appLoads, triggersPerMinute } from './app-load.ts';
import { TIME_EXPRESSION } from './quiet-window.ts';
import { measureLoads } from './fairness.ts';
import { seeded } from './random.ts';
import { fewestToShed, minimumMovesToPeak } from './minimum-moves.ts';
import { kMoveGreedy, rebalance, type RebalanceApp, type RebalanceInput, type RebalanceServer } from './rebalance.ts';

const two: RebalanceServer[] = [
  { address: 'a:7700', weight: 1, up: true },
  { address: 'b:7700', weight: 1, up: true },
];
/** the issue-181 shape: 15 apps on the first server, 5 on the second */
const issue181: RebalanceApp[] = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `app-${i + 1}`, server: i < 15 ? 'a:7700' : 'b:7700', load: 1 }));
const all = (apps: readonly RebalanceApp[]) => new Set(apps.map((a) => a.id));

/** a target that alternates servers by app id, as a round-robin candidate would */
const alternate = (apps: readonly RebalanceApp[], servers: readonly RebalanceServer[]) => new Map(apps.map((a, i) => [a.id, servers[i % servers.length]!.address]));

const peak = (servers: readonly RebalanceServer[], load: Record<string, number>) => {
  const liveServers = servers.filter((s) => s.up && !s.stale);
  const total = liveServers.reduce((s, x) => s + (load[x.address] ?? 0), 0);
  return Math.max(...liveServers.map((s) => (load[s.address] ?? 0) / s.weight)) / (total / liveServers.reduce((s, x) => s + x.weight, 0));
};

describe('rebalance toward the candidate', () => {
  it('evens issue-181 with 5 moves, all from the busy server, where the candidate alone makes 9 (2 of them onto the busy one)', () => {
    const target = alternate(issue181, two);
    const plan = rebalance({ servers: two, apps: issue181, movable: all(issue181), target });
    expect(plan.candidateMoves).toBe(9);
    expect(plan.moves).toHaveLength(5);
    expect(plan.minimumMoves).toBe(5);
    expect(plan.moves.every((m) => m.from === 'a:7700' && m.to === 'b:7700')).toBe(true);
    expect(plan.load.after).toEqual({ 'a:7700': 10, 'b:7700': 10 });
    expect(plan.maxMean).toEqual({ before: 1.5, target: 1, after: 1 });
    // the apps the candidate names for b go first
    expect(plan.moves.every((m) => target.get(m.appId) === 'b:7700')).toBe(true);
  });

  it('makes exactly Σ max(0, xᵢ − capᵢ) moves for equal-weight apps, cap = the candidate’s peak, on random clusters', () => {
    const random = seeded(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + random.int(5);
      const servers = Array.from({ length: n }, (_, i) => ({ address: `s${i}:7700`, weight: 1, up: true }));
      const apps = Array.from({ length: 5 + random.int(40) }, (_, i) => ({ id: i + 1, name: `app-${i + 1}`, server: servers[random.int(n)]!.address, load: 1 }));
      const target = new Map(apps.map((a) => [a.id, servers[random.int(n)]!.address]));
      const plan = rebalance({ servers, apps, movable: all(apps), target });
      const cap = Math.max(...servers.map((s) => plan.load.target[s.address]!));
      const expected = servers.reduce((sum, s) => sum + Math.max(0, plan.load.before[s.address]! - cap), 0);
      expect(plan.moves).toHaveLength(expected);
      expect(plan.minimumMoves).toBe(expected);
      expect(plan.maxMean.after).toBeLessThanOrEqual(Math.max(plan.maxMean.target, plan.maxMean.before) + 1e-9);
      if (plan.maxMean.target <= plan.maxMean.before) expect(plan.maxMean.after).toBeLessThanOrEqual(plan.maxMean.target + 1e-9);
      expect(new Set(plan.moves.map((m) => m.appId)).size).toBe(plan.moves.length);
    }
  });

  it('keeps everything where it is when the cluster already has the target loads', () => {
    const apps = issue181.map((a, i) => ({ ...a, server: i % 2 ? 'b:7700' : 'a:7700' }));
    // the candidate swaps every app, but the loads it gives are the same: nothing to gain
    const target = new Map(apps.map((a) => [a.id, a.server === 'a:7700' ? 'b:7700' : 'a:7700']));
    const plan = rebalance({ servers: two, apps, movable: all(apps), target });
    expect(plan.candidateMoves).toBe(20);
    expect(plan.moves).toEqual([]);
    expect(plan.minimumMoves).toBe(0);
  });

  it('moves only the movable apps (the cohort), and the others count where they are', () => {
    const movable = new Set([1, 2, 3]);
    const plan = rebalance({ servers: two, apps: issue181, movable, target: alternate(issue181, two) });
    expect(plan.moves.map((m) => m.appId).sort()).toEqual([1, 2, 3].filter((id) => alternate(issue181, two).get(id) === 'b:7700'));
    // target: the 3 movable at their candidate servers (1, 3 on a; 2 on b), the others where they are
    expect(plan.load.target).toEqual({ 'a:7700': 14, 'b:7700': 6 });
    expect(plan.moves).toHaveLength(1);
  });

  it('moves the apps of a down server first, and never onto a down or stale server', () => {
    const servers = [...two, { address: 'c:7700', weight: 1, up: false }, { address: 'd:7700', weight: 1, up: true, stale: true }];
    const apps = [...issue181.slice(0, 10), ...Array.from({ length: 4 }, (_, i) => ({ id: 100 + i, name: `on-c-${i}`, server: 'c:7700', load: 1 }))];
    const target = new Map(apps.map((a, i) => [a.id, i % 2 ? 'b:7700' : 'a:7700']));
    const plan = rebalance({ servers, apps, movable: all(apps), target });
    expect(plan.moves.filter((m) => m.from === 'c:7700')).toHaveLength(4);
    expect(plan.moves.every((m) => m.to === 'a:7700' || m.to === 'b:7700')).toBe(true);
    expect(plan.load.after['c:7700']).toBe(0);
    expect(plan.load.after['a:7700']).toBe(7);
  });

  it('places an unbound app where the candidate puts it', () => {
    const apps = [...issue181.slice(0, 2), { id: 50, name: 'new', server: null, load: 1 }];
    const plan = rebalance({ servers: two, apps, movable: new Set([50]), target: new Map([[50, 'b:7700']]) });
    expect(plan.moves).toEqual([{ appId: 50, app: 'new', from: null, to: 'b:7700', load: 1 }]);
  });

  it('balances by load, not by app count: the heavy app moves alone', () => {
    // a: one app of 8 workers and four of 1; b: four of 1. Target (candidate): 8 on b, the small ones on a
    const apps: RebalanceApp[] = [{ id: 1, name: 'big', server: 'a:7700', load: 8 }, ...Array.from({ length: 8 }, (_, i) => ({ id: i + 2, name: `small-${i}`, server: i < 4 ? 'a:7700' : 'b:7700', load: 1 }))];
    const target = new Map(apps.map((a) => [a.id, a.id === 1 ? 'b:7700' : 'a:7700']));
    const plan = rebalance({ servers: two, apps, movable: all(apps), target });
    // loads 12/4 → target 8/8: shedding 4 from a takes 4 small apps; moving the big one overshoots
    expect(plan.load.target).toEqual({ 'a:7700': 8, 'b:7700': 8 });
    expect(plan.load.after).toEqual({ 'a:7700': 8, 'b:7700': 8 });
    expect(plan.moves).toHaveLength(4);
    // a lower bound: the big app alone covers the excess of 4 (it would overshoot)
    expect(plan.minimumMoves).toBe(1);
  });

  it('reports the minimum as a lower bound with unequal apps', () => {
    expect(fewestToShed([5, 1, 1, 1], 6)).toBe(2);
    expect(fewestToShed([1, 1], 0)).toBe(0);
    expect(fewestToShed([1, 1], 5)).toBe(2);
    const servers = [...two, { address: 'c:7700', weight: 1, up: true }];
    const apps: RebalanceApp[] = [3, 3, 2, 2, 1, 1].map((load, i) => ({ id: i + 1, name: `x${i}`, server: 'a:7700', load }));
    // everything on a; the best max is 4 (3+1, 3+1, 2+2): a must shed 8, at least its 3+3+2 = three apps
    // (exact here: the two 3s go to b and c, a keeps 2+1+1)
    expect(minimumMovesToPeak({ servers, apps, movable: all(apps) }, 1)).toBe(3);
    expect(minimumMovesToPeak({ servers, apps, movable: all(apps) }, 3)).toBe(0);
  });
});

describe('appLoads: each measure', () => {
  const figures = [
    { workers: 4, running: 10, capacity: 7.5, triggersPerMinute: 2 },
    { workers: 1, running: 0, triggersPerMinute: 60 },
    { workers: 5, running: 30 },
  ];
  it('gives one app one unit, its workers, its running instances, its capacity, its job runs per minute', () => {
    expect(appLoads(figures, 'apps')).toEqual([1, 1, 1]);
    expect(appLoads(figures, 'workers')).toEqual([4, 1, 5]);
    expect(appLoads(figures, 'running')).toEqual([10, 0, 30]);
    // without scores, the worker count stands in
    expect(appLoads(figures, 'capacity')).toEqual([7.5, 1, 5]);
    // job_info not read: no trigger load
    expect(appLoads(figures, 'triggers')).toEqual([2, 60, 0]);
  });
  it('reads the trigger rate from job_info: CRON fire times over the next hour, fixed rates per interval', () => {
    const job = (type: number, expression: string) => ({ jobId: 1, jobName: null, type, expression, nextTriggerTime: null });
    const now = Date.UTC(2026, 11, 2, 0, 0, 0);
    expect(triggersPerMinute([job(TIME_EXPRESSION.cron, '0 */5 * * * ?')], now)).toBeCloseTo(12 / 60, 9);
    expect(triggersPerMinute([job(TIME_EXPRESSION.fixedRate, '10000'), job(TIME_EXPRESSION.fixedDelay, '60000')], now)).toBe(7);
    expect(triggersPerMinute([job(TIME_EXPRESSION.api, ''), job(TIME_EXPRESSION.cron, 'not a cron')], now)).toBe(0);
  });
  it('splits the mix so that a server adds up to the Overview’s mix of the same apps', () => {
    const mix = { apps: 2, workers: 1, running: 1 };
    const per = appLoads(figures, 'mix', mix);
    // server 1 owns apps 0 and 1, server 2 owns app 2
    const servers = [
      { appsOwned: 2, workersConnected: 5, runningInstances: 10, capacity: 0 },
      { appsOwned: 1, workersConnected: 5, runningInstances: 30, capacity: 0 },
    ];
    const [s1, s2] = measureLoads(servers, 'mix', mix);
    expect(per[0]! + per[1]!).toBeCloseTo(s1!, 9);
    expect(per[2]!).toBeCloseTo(s2!, 9);
  });
  it('plans by the measure: by workers the 8-worker app counts as 8', () => {
    const apps = [
      { id: 1, name: 'big', server: 'a:7700', workers: 8 },
      { id: 2, name: 's1', server: 'a:7700', workers: 1 },
      { id: 3, name: 's2', server: 'b:7700', workers: 1 },
    ];
    const plan = (measure: 'apps' | 'workers') => {
      const loads = appLoads(apps.map((a) => ({ workers: a.workers, running: 0 })), measure);
      const withLoad = apps.map((a, i) => ({ ...a, load: loads[i]! }));
      return rebalance({ servers: two, apps: withLoad, movable: all(withLoad), target: new Map([[1, 'a:7700'], [2, 'b:7700'], [3, 'b:7700']]) });
    };
    // by app count 2/1 is as even as the candidate's 1/2: nothing moves; by workers 9/1 against its 8/2: the small app moves
    expect(plan('apps').moves).toEqual([]);
    expect(plan('workers').moves.map((m) => m.app)).toEqual(['s1']);
    expect(plan('workers').maxMean.before).toBeCloseTo(1.8, 9);
    expect(plan('workers').maxMean.after).toBeCloseTo(1.6, 9);
  });
});

/** The best max load per weight reachable with at most k moves, by trying every set of moves. */
function optimum(input: RebalanceInput, k: number): number {
  const apps = input.apps.filter((a) => input.movable.has(a.id));
  const servers = input.servers.filter((s) => s.up && !s.stale).map((s) => s.address);
  const weight = new Map(input.servers.map((s) => [s.address, s.weight]));
  const base = new Map(input.servers.map((s) => [s.address, 0]));
  for (const a of input.apps) if (a.server) base.set(a.server, base.get(a.server)! + a.load);
  let best = Infinity;
  const walk = (from: number, left: number, load: Map<string, number>) => {
    best = Math.min(best, Math.max(...servers.map((s) => load.get(s)! / weight.get(s)!)));
    if (left === 0) return;
    for (let i = from; i < apps.length; i++) {
      const a = apps[i]!;
      for (const t of servers) {
        if (t === a.server) continue;
        const next = new Map(load);
        next.set(a.server!, next.get(a.server!)! - a.load);
        next.set(t, next.get(t)! + a.load);
        walk(i + 1, left - 1, next);
      }
    }
  };
  walk(0, k, base);
  return best;
}

describe('the move budget', () => {
  it('never makes more than k moves, and is at least as good as the target moves cut at k', () => {
    for (const k of [0, 1, 2, 3, 4]) {
      const plan = rebalance({ servers: two, apps: issue181, movable: all(issue181), target: alternate(issue181, two), budget: k });
      expect(plan.moves.length).toBeLessThanOrEqual(k);
      expect(plan.load.after['a:7700']).toBe(15 - k);
    }
  });

  it('stays within 2 × the best max reachable with k moves (the stated bound), checked exhaustively', () => {
    const random = seeded(11);
    let worst = 1;
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + random.int(2);
      const servers = Array.from({ length: n }, (_, i) => ({ address: `s${i}:7700`, weight: 1, up: true }));
      const apps = Array.from({ length: 4 + random.int(4) }, (_, i) => ({ id: i + 1, name: `app-${i + 1}`, server: servers[random.int(n)]!.address, load: 1 + random.int(9) }));
      const input = { servers, apps, movable: all(apps), target: new Map<number, string>() };
      const k = 1 + random.int(2);
      const greedy = kMoveGreedy(input, k);
      expect(greedy.moves.length).toBeLessThanOrEqual(k);
      const reached = Math.max(...servers.map((s) => greedy.load.get(s.address)!));
      const best = optimum(input, k);
      expect(reached).toBeLessThanOrEqual(2 * best + 1e-9);
      worst = Math.max(worst, reached / best);
    }
    // 1.5 is the worst seen here (and over 20,000 wider random instances); the factor 2 is what is proven
    expect(worst).toBeGreaterThan(1);
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is never worse than the k-move greedy when the budget cuts the plan short, on random clusters', () => {
    const random = seeded(5);
    let checked = 0;
    for (let trial = 0; trial < 200; trial++) {
      const servers = Array.from({ length: 2 + random.int(4) }, (_, i) => ({ address: `s${i}:7700`, weight: 1, up: true }));
      const apps = Array.from({ length: 4 + random.int(30) }, (_, i) => ({ id: i + 1, name: `app-${i + 1}`, server: servers[random.int(random.int(2) ? 1 : servers.length)]!.address, load: 1 + random.int(20) }));
      const input = { servers, apps, movable: all(apps), target: alternate(apps, servers) };
      const k = 1 + random.int(5);
      const plan = rebalance({ ...input, budget: k });
      expect(plan.moves.length).toBeLessThanOrEqual(k);
      // the budget binds only when reaching the candidate's balance takes more than k moves
      if (plan.maxMean.target >= plan.maxMean.before || rebalance(input).moves.length <= k) continue;
      const greedy = kMoveGreedy(input, k);
      const load = Object.fromEntries(servers.map((s) => [s.address, greedy.load.get(s.address)!]));
      expect(plan.maxMean.after).toBeLessThanOrEqual(peak(servers, load) + 1e-9);
      checked++;
    }
    expect(checked, 'instances where the budget binds').toBeGreaterThan(20);
  });
});
