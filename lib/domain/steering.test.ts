import { describe, expect, it } from 'vitest';
import {
  applySteering,
  correctionPlan,
  DEFAULT_CONFIRM_SECONDS,
  dueCorrections,
  isSteerRow,
  isSteeringId,
  steeringBody,
  steeringDecision,
  steeringId,
  STEERING_OFF,
  type SteeringApp,
  type SteeringInput,
  type SteeringServer,
} from './steering.ts';

const NOW = Date.parse('2026-12-04T02:00:00Z');
const server = (address: string, health: SteeringServer['health'] = 'up', extra: Partial<SteeringServer> = {}): SteeringServer => ({ address, weight: 1, health, transport: address.replace(':7700', ':10010'), ...extra });
const apps = (server: string, n: number, first: number): SteeringApp[] => Array.from({ length: n }, (_, i) => ({ id: first + i, name: `app-${first + i}`, server }));

/** A: dead since 5 s with 6 apps; B owns 4, C owns 0, D owns 1. */
function input(over: Partial<SteeringInput> = {}): SteeringInput {
  return {
    servers: [server('a:7700', 'down'), server('b:7700'), server('c:7700'), server('d:7700')],
    silentSince: new Map([['a:7700', NOW - 5_000]]),
    apps: [...apps('a:7700', 6, 1), ...apps('b:7700', 4, 11), ...apps('d:7700', 1, 21)],
    gate: { allowed: true },
    confirmMs: DEFAULT_CONFIRM_SECONDS * 1000,
    now: NOW,
    attempted: new Set(),
    busy: new Set(),
    ...over,
  };
}

const targets = (d: ReturnType<typeof steeringDecision>) => d.moves.map((m) => `${m.app}→${m.to}`);
const perServer = (d: ReturnType<typeof steeringDecision>) => {
  const out: Record<string, number> = {};
  for (const m of d.moves) out[m.to] = (out[m.to] ?? 0) + 1;
  return out;
};

describe('steeringDecision', () => {
  it('re-homes every orphaned app of a confirmed dead server by the plan, comparing and setting from the dead owner', () => {
    const d = steeringDecision(input());
    expect(d.orphaned).toEqual([{ server: 'a:7700', since: NOW - 5_000, confirmed: true, apps: 6 }]);
    expect(d.skipped).toEqual([]);
    expect(d.moves).toHaveLength(6);
    // 11 apps over B, C, D: the least loaded first, so C takes 4 and D 2, B (4 already) none
    expect(perServer(d)).toEqual({ 'c:7700': 4, 'd:7700': 2 });
    expect(d.plan).toEqual({ load: { 'b:7700': 4, 'c:7700': 4, 'd:7700': 3 }, maxMean: 4 / (11 / 3) });
    for (const m of d.moves) expect(m).toMatchObject({ from: 'a:7700', expected: 'a:10010', target: m.to.replace(':7700', ':10010') });
  });

  it('treats a stale server as silent too', () => {
    const d = steeringDecision(input({ servers: [server('a:7700', 'stale'), server('b:7700'), server('c:7700'), server('d:7700')] }));
    expect(d.moves).toHaveLength(6);
  });

  it('waits out the confirmation: a server silent for less is only reported, its apps skipped as confirming', () => {
    const d = steeringDecision(input({ silentSince: new Map([['a:7700', NOW - 2_999]]) }));
    expect(d.moves).toEqual([]);
    expect(d.orphaned).toEqual([{ server: 'a:7700', since: NOW - 2_999, confirmed: false, apps: 6 }]);
    expect(new Set(d.skipped.map((s) => s.reason))).toEqual(new Set(['confirming']));
    expect(d.skipped[0]!.detail).toBe('a:7700 silent for 3 s of the 3 s to confirm');
    // exactly the confirmation: steered
    expect(steeringDecision(input({ silentSince: new Map([['a:7700', NOW - 3_000]]) })).moves).toHaveLength(6);
    // a confirmation of 0 steers at the first sight
    expect(steeringDecision(input({ silentSince: new Map([['a:7700', NOW]]), confirmMs: 0 })).moves).toHaveLength(6);
  });

  it('steers nothing from a server that answers (down in the store but no silence recorded, or up again)', () => {
    expect(steeringDecision(input({ silentSince: new Map() })).moves).toEqual([]);
    const back = steeringDecision(input({ servers: [server('a:7700', 'up'), server('b:7700'), server('c:7700'), server('d:7700')] }));
    expect(back.moves).toEqual([]);
    expect(back.orphaned).toEqual([]);
  });

  it('never steers onto a stale, down, cordoned or address-less server', () => {
    const d = steeringDecision(
      input({
        servers: [server('a:7700', 'down'), server('b:7700'), server('c:7700', 'stale'), server('d:7700', 'up', { cordoned: true }), server('e:7700', 'up', { transport: null }), server('f:7700', 'down')],
      }),
    );
    expect(perServer(d)).toEqual({ 'b:7700': 6 });
  });

  it('skips every app with no target when no server is left to take them', () => {
    const d = steeringDecision(input({ servers: [server('a:7700', 'down'), server('b:7700', 'stale'), server('c:7700', 'up', { cordoned: true }), server('d:7700', 'down')] }));
    expect(d.moves).toEqual([]);
    expect(d.skipped.filter((s) => s.from === 'a:7700').map((s) => s.reason)).toEqual(new Array(6).fill('no-target'));
  });

  it('obeys the gate: a freeze or a closed window skips every app with the gate\'s words', () => {
    const d = steeringDecision(input({ gate: { allowed: false, detail: 'moves wait: frozen by alice at x: upgrade' } }));
    expect(d.moves).toEqual([]);
    expect(d.skipped.map((s) => [s.reason, s.detail])).toEqual(new Array(6).fill(['gate', 'moves wait: frozen by alice at x: upgrade']));
    expect(d.orphaned[0]!.confirmed).toBe(true);
  });

  it('tries each app once per outage and leaves apps with an open move alone; the plan places the rest around them', () => {
    const d = steeringDecision(input({ attempted: new Set([1, 2]), busy: new Set([3]) }));
    expect(d.skipped.map((s) => [s.appId, s.reason])).toEqual([
      [1, 'attempted'],
      [2, 'attempted'],
      [3, 'busy'],
    ]);
    expect(d.moves.map((m) => m.appId).sort()).toEqual([4, 5, 6]);
    // the skipped apps stay out of the plan: C (0) takes two, D (1) one
    expect(perServer(d)).toEqual({ 'c:7700': 2, 'd:7700': 1 });
  });

  it('cannot compare-and-set an app whose dead owner never reported its transport address', () => {
    const d = steeringDecision(input({ servers: [server('a:7700', 'down', { transport: null }), server('b:7700'), server('c:7700'), server('d:7700')] }));
    expect(d.moves).toEqual([]);
    expect(d.skipped.map((s) => s.reason)).toEqual(new Array(6).fill('no-address'));
  });

  it('steers the apps of two dead servers in one plan, by weight', () => {
    const d = steeringDecision(
      input({
        servers: [server('a:7700', 'down'), server('b:7700', 'up', { weight: 2 }), server('c:7700'), server('x:7700', 'down')],
        silentSince: new Map([
          ['a:7700', NOW - 10_000],
          ['x:7700', NOW - 4_000],
        ]),
        apps: [...apps('a:7700', 4, 1), ...apps('x:7700', 2, 31)],
      }),
    );
    expect(d.orphaned.map((o) => o.server)).toEqual(['a:7700', 'x:7700']);
    expect(perServer(d)).toEqual({ 'b:7700': 4, 'c:7700': 2 });
    expect(d.plan.maxMean).toBeCloseTo(1);
    expect(targets(d)).toHaveLength(6);
  });

  it('counts the apps a silent server owned when last heard as orphans, even where an election put them already, and plans them as if steering came first', () => {
    // apps 1-3 were re-elected onto B by PowerJob before Fulcrum saw A fall silent; 4-6 are still bound to A
    const d = steeringDecision(
      input({
        apps: [...apps('b:7700', 3, 1), ...apps('a:7700', 3, 4), ...apps('b:7700', 4, 11), ...apps('d:7700', 1, 21)],
        owned: new Map([['a:7700', new Set([1, 2, 3, 4, 5, 6])]]),
      }),
    );
    expect(d.orphaned).toEqual([{ server: 'a:7700', since: NOW - 5_000, confirmed: true, apps: 6 }]);
    // all six are compared-and-set from A (those elected already will fail and be corrected later), placed as in the first test
    expect(d.moves.map((m) => [m.appId, m.from, m.expected])).toEqual([1, 2, 3, 4, 5, 6].map((id) => [id, 'a:7700', 'a:10010']));
    expect(perServer(d)).toEqual({ 'c:7700': 4, 'd:7700': 2 });
    expect(d.plan.load).toEqual({ 'b:7700': 4, 'c:7700': 4, 'd:7700': 3 });
    // without the memory only the three still bound to A are orphans
    expect(steeringDecision(input({ apps: [...apps('b:7700', 3, 1), ...apps('a:7700', 3, 4), ...apps('b:7700', 4, 11), ...apps('d:7700', 1, 21)] })).moves.map((m) => m.appId)).toEqual([4, 5, 6]);
  });

  it('leaves a server that is silent but owns nothing out of the orphaned list', () => {
    const d = steeringDecision(input({ silentSince: new Map([['a:7700', NOW - 5_000], ['c:7700', NOW - 5_000]]), servers: [server('a:7700', 'down'), server('b:7700'), server('c:7700', 'down'), server('d:7700')] }));
    expect(d.orphaned.map((o) => o.server)).toEqual(['a:7700']);
    expect(perServer(d)).toEqual({ 'd:7700': 4, 'b:7700': 2 });
  });
});

describe('dueCorrections and correctionPlan', () => {
  const row = (appId: number, status: string, agoMs: number, from = 'a:7700', id = steeringId('a:7700')) => ({ rolloutId: id, appId, fromServer: from, status, requestedAt: new Date(NOW - agoMs) });

  it('names the apps whose compare-and-set lost to an election at least the settle time ago, once', () => {
    const rows = [row(1, 'conflict', 30_000), row(2, 'conflict', 29_999), row(3, 'moved', 40_000), row(4, 'conflict', 60_000), row(4, 'moved', 10_000, 'b:7700'), row(5, 'missing', 60_000)];
    expect([...dueCorrections(rows, NOW)].sort()).toEqual([1]);
    expect([...dueCorrections(rows, NOW + 1)].sort()).toEqual([1, 2]);
  });

  it('moves only the elected apps, where the plan wants them, and none the plan leaves in place', () => {
    const servers = [server('a:7700', 'down'), server('b:7700'), server('c:7700')];
    // PowerJob put the dead server's 4 apps on B (which had 3): the correction sends 3 or 4 of them to C
    const placed = [...apps('b:7700', 3, 10), ...apps('b:7700', 4, 1), ...apps('c:7700', 1, 20)];
    const moves = correctionPlan(servers, placed, new Set([1, 2, 3, 4]));
    expect(moves.every((m) => m.from === 'b:7700' && m.to === 'c:7700' && m.appId <= 4)).toBe(true);
    expect(moves).toHaveLength(3);
    // already balanced: nothing
    expect(correctionPlan(servers, [...apps('b:7700', 2, 1), ...apps('c:7700', 2, 3)], new Set([1, 2]))).toEqual([]);
    // an app still on the dead server is not the correction's
    expect(correctionPlan(servers, apps('a:7700', 2, 1), new Set([1, 2]))).toEqual([]);
  });
});

describe('the setting and the ids', () => {
  it('is off by default with the documented confirmation; a PUT keeps the confirmation when it names none', () => {
    expect(STEERING_OFF).toMatchObject({ enabled: false, confirmSeconds: 3 });
    const now = new Date(NOW);
    const on = applySteering(STEERING_OFF, steeringBody.parse({ enabled: true, confirmSeconds: 5, reason: 'failover drill' }), 'alice', now);
    expect(on).toEqual({ enabled: true, confirmSeconds: 5, by: 'alice', at: now.toISOString(), reason: 'failover drill' });
    expect(applySteering(on, steeringBody.parse({ enabled: false }), 'bob', now)).toMatchObject({ enabled: false, confirmSeconds: 5, by: 'bob', reason: null });
    expect(steeringBody.safeParse({ enabled: true, confirmSeconds: 61 }).success).toBe(false);
    expect(steeringBody.safeParse({ enabled: true, confirmSeconds: 1.5 }).success).toBe(false);
    expect(steeringBody.safeParse({ enabled: 'yes' }).success).toBe(false);
    expect(steeringBody.safeParse({ enabled: true, extra: 1 }).success).toBe(false);
  });

  it('tells a steering compare-and-set from its correction and from rollouts and drains', () => {
    expect(isSteeringId(steeringId('a:7700'))).toBe(true);
    expect(isSteeringId('dr-1') || isSteeringId('ro-1')).toBe(false);
    expect(isSteerRow({ rolloutId: steeringId('a:7700'), fromServer: 'a:7700' })).toBe(true);
    expect(isSteerRow({ rolloutId: steeringId('a:7700'), fromServer: 'b:7700' })).toBe(false);
  });
});
