import { describe, expect, it } from 'vitest';
import { candidateTargets, cohortApps, groupFairness, measuredCluster, planRebalance, workerInCohort, type PlanCluster } from './rollout-plan.ts';
import { bucketOf } from './cohort.ts';
import { appLoads, PLAN_MEASURES } from './app-load.ts';

const servers = [
  { address: 'a:7700', weight: 1, up: true },
  { address: 'b:7700', weight: 1, up: true },
];
const apps = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  name: `app-${String(i + 1).padStart(2, '0')}`,
  // the issue-181 shape: 15 on the first server, 5 on the second
  server: i < 15 ? 'a:7700' : 'b:7700',
  load: 1,
  workers: [{ address: `10.0.0.${i + 1}:27777`, tag: i % 2 ? 'blue' : null, version: '4.3.9' }],
}));
const cluster: PlanCluster = { servers, apps };
const rollout = (percent: number, extra: object = {}) => ({ id: 'ro-1', percent, spec: { candidate: { kind: 'bounded-load' as const }, key: 'app' as const, ...extra } });

describe('cohortApps', () => {
  it('takes the apps whose bucket is at or under the percent, and only adds as it grows', () => {
    const at = (p: number) => cohortApps(rollout(p), apps).map((a) => a.name);
    expect(at(0)).toEqual([]);
    expect(at(100)).toHaveLength(20);
    expect(at(50)).toEqual(apps.filter((a) => bucketOf('ro-1', a.name) <= 50).map((a) => a.name));
    for (const name of at(30)) expect(at(60)).toContain(name);
  });

  it('needs every worker of an app eligible when the selector narrows workers', () => {
    const members = cohortApps(rollout(100, { selector: { tags: { include: ['blue'] } } }), apps);
    expect(members.map((a) => a.id)).toEqual(apps.filter((_, i) => i % 2).map((a) => a.id));
  });

  it('with key worker, an app is in only when all its workers are', () => {
    const two = [{ ...apps[0]!, workers: [{ address: '10.9.0.1:1' }, { address: '10.9.0.2:1' }] }];
    const r = rollout(50, { key: 'worker' });
    const all = two[0]!.workers.every((w) => bucketOf('ro-1', w.address) <= 50);
    expect(cohortApps(r, two)).toHaveLength(all ? 1 : 0);
    expect(workerInCohort(r, 'app-01', { address: '10.9.0.1:1' })).toBe(bucketOf('ro-1', '10.9.0.1:1') <= 50);
  });
});

describe('candidateTargets', () => {
  it('moves cohort apps so the cluster evens out, leaving control apps where they are', () => {
    const cohort = new Set(apps.map((a) => a.id));
    const targets = candidateTargets({ kind: 'bounded-load', params: { epsilon: 0.1 } }, cluster, cohort);
    expect(targets.size).toBe(20);
    const load = { 'a:7700': 0, 'b:7700': 0 } as Record<string, number>;
    for (const t of targets.values()) load[t]!++;
    expect(Math.max(load['a:7700']!, load['b:7700']!)).toBeLessThanOrEqual(11);
  });

  it('never targets a down or stale server', () => {
    const down: PlanCluster = { servers: [servers[0]!, { ...servers[1]!, stale: true }], apps };
    const targets = candidateTargets({ kind: 'round-robin' }, down, new Set([16, 17, 18]));
    expect([...targets.values()].every((t) => t === 'a:7700')).toBe(true);
  });
});

describe('groupFairness', () => {
  it('is max/mean and Jain over the group apps only', () => {
    expect(groupFairness(servers, apps)).toEqual({ maxMean: 1.5, jain: 0.8 });
    expect(groupFairness(servers, apps.slice(0, 10))).toEqual({ maxMean: 2, jain: 0.5 });
    expect(groupFairness(servers, [])).toEqual({ maxMean: null, jain: null });
  });
});

describe('planRebalance with a cordoned server', () => {
  const three: PlanCluster = {
    servers: [...servers, { address: 'c:7700', weight: 1, up: true }],
    apps: apps.map((a, i) => ({ ...a, server: i < 15 ? 'a:7700' : i < 18 ? 'b:7700' : 'c:7700' })),
  };
  const all = new Set(apps.map((a) => a.id));

  it('moves nothing to it, and leaves the apps it owns where they are', () => {
    const free = planRebalance({ kind: 'least-loaded' }, three, all);
    expect(free.moves.some((m) => m.to === 'c:7700'), 'without a cordon the plan uses c').toBe(true);
    const cordoned: PlanCluster = { ...three, servers: three.servers.map((s) => (s.address === 'c:7700' ? { ...s, cordoned: true } : s)) };
    const plan = planRebalance({ kind: 'least-loaded' }, cordoned, all);
    expect(plan.moves.length).toBeGreaterThan(0);
    expect(plan.moves.filter((m) => m.to === 'c:7700' || m.from === 'c:7700')).toEqual([]);
    // a and b even out between themselves: their 18 apps, 9 each
    expect([plan.load.after['a:7700'], plan.load.after['b:7700'], plan.load.after['c:7700']]).toEqual([9, 9, 2]);
  });

  it('a cordoned busy server keeps its apps (only a drain moves them), whatever the candidate', () => {
    const cordoned: PlanCluster = { ...three, servers: three.servers.map((s) => (s.address === 'a:7700' ? { ...s, cordoned: true } : s)) };
    for (const kind of ['least-loaded', 'bounded-load', 'round-robin', 'rendezvous'] as const) {
      const plan = planRebalance({ kind }, cordoned, all);
      expect(plan.moves.filter((m) => m.from === 'a:7700' || m.to === 'a:7700'), kind).toEqual([]);
      expect(plan.load.after['a:7700'], kind).toBe(15);
    }
  });
});

describe('planRebalance under each measure', () => {
  // three servers, the first holding most of everything, and apps that differ by measure: worker
  // counts, running instances and job runs per minute that do not follow each other
  const three = [...servers, { address: 'c:7700', weight: 1, up: true }];
  const mixed: PlanCluster = {
    servers: three,
    apps: Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      name: `app-${i + 1}`,
      server: i < 8 ? 'a:7700' : i < 11 ? 'b:7700' : 'c:7700',
      load: 1,
      workers: Array.from({ length: 1 + ((i * 5) % 7) }, (_, w) => ({ address: `10.0.${i}.${w}:27777`, tag: null, version: '5.1.1' })),
      running: (i * 3) % 11,
      triggersPerMinute: [0.5, 12, 1, 60, 2, 0, 6, 30, 1, 4, 0.2, 10][i]!,
    })),
  };
  const all = new Set(mixed.apps.map((a) => a.id));
  const maxMean = (load: Record<string, number>) => {
    const v = Object.values(load);
    return Math.max(...v) / (v.reduce((x, y) => x + y, 0) / v.length);
  };

  for (const measure of PLAN_MEASURES) {
    it(`${measure}: plans by that measure's loads, lowers its max/mean, and reports the loads its moves leave`, () => {
      const cluster = measuredCluster(mixed, measure);
      const loads = appLoads(mixed.apps.map((a) => ({ workers: a.workers.length, running: a.running ?? 0, triggersPerMinute: a.triggersPerMinute })), measure);
      const plan = planRebalance({ kind: 'least-loaded' }, cluster, all);
      const per = (place: (id: number) => string | null) => {
        const out: Record<string, number> = { 'a:7700': 0, 'b:7700': 0, 'c:7700': 0 };
        mixed.apps.forEach((a, i) => (out[place(a.id)!]! += loads[i]!));
        return out;
      };
      const before = per((id) => mixed.apps[id - 1]!.server);
      for (const [server, load] of Object.entries(before)) expect(plan.load.before[server], server).toBeCloseTo(load, 9);
      expect(plan.moves.length, 'the first server is the busiest under every measure').toBeGreaterThan(0);
      const to = new Map(plan.moves.map((m) => [m.appId, m.to]));
      const after = per((id) => to.get(id) ?? mixed.apps[id - 1]!.server);
      for (const [server, load] of Object.entries(after)) expect(plan.load.after[server], server).toBeCloseTo(load, 9);
      for (const m of plan.moves) expect(m.load, m.app).toBeCloseTo(loads[m.appId - 1]!, 9);
      expect(plan.maxMean.after).toBeCloseTo(maxMean(after), 9);
      expect(plan.maxMean.after).toBeLessThan(plan.maxMean.before);
    });
  }

  it('each measure gets a plan of its own: the moves differ between them', () => {
    const plans = new Set(PLAN_MEASURES.map((m) => JSON.stringify(planRebalance({ kind: 'least-loaded' }, measuredCluster(mixed, m), all).moves.map((x) => [x.appId, x.to]))));
    expect(plans.size).toBeGreaterThanOrEqual(4);
  });
});
