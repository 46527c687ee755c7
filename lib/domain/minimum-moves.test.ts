import { describe, expect, it } from 'vitest';
import { fewestToShed, minimumMoves } from './minimum-moves.ts';
import { seeded } from './random.ts';
import type { RebalanceApp, RebalanceServer } from './rebalance.ts';

const servers = (n: number, weight = (_: number) => 1): RebalanceServer[] => Array.from({ length: n }, (_, i) => ({ address: `s${i}:7700`, weight: weight(i), up: true }));
const all = (apps: readonly RebalanceApp[]) => new Set(apps.map((a) => a.id));

/** the fewest moves that bring every live server to at most peak × its fair share, by trying every placement */
function exact(ss: readonly RebalanceServer[], apps: readonly RebalanceApp[], movable: ReadonlySet<number>, peak: number): number {
  const liveServers = ss.filter((s) => s.up && !s.stale);
  const total = apps.reduce((x, a) => x + a.load, 0);
  const weights = liveServers.reduce((x, s) => x + s.weight, 0);
  const cap = liveServers.map((s) => (peak * total * s.weight) / weights + 1e-9);
  const load = liveServers.map(() => 0);
  const index = new Map(liveServers.map((s, i) => [s.address, i]));
  const free: RebalanceApp[] = [];
  for (const a of apps) {
    const at = a.server === null ? undefined : index.get(a.server);
    if (movable.has(a.id)) free.push(a);
    else if (at !== undefined) load[at]! += a.load;
  }
  if (load.some((x, i) => x > cap[i]!)) return Number.POSITIVE_INFINITY;
  let best = Number.POSITIVE_INFINITY;
  const walk = (i: number, moves: number) => {
    if (moves >= best) return;
    if (i === free.length) {
      best = moves;
      return;
    }
    const a = free[i]!;
    const home = a.server === null ? undefined : index.get(a.server);
    for (let t = 0; t < liveServers.length; t++) {
      if (load[t]! + a.load > cap[t]!) continue;
      load[t]! += a.load;
      walk(i + 1, moves + (t === home ? 0 : 1));
      load[t]! -= a.load;
    }
  };
  walk(0, 0);
  return best;
}

describe('fewestToShed', () => {
  it('takes the largest loads first until they cover the amount', () => {
    expect(fewestToShed([1, 5, 1, 1], 6)).toBe(2);
    expect(fewestToShed([2, 2], 0)).toBe(0);
    expect(fewestToShed([1, 1], 5)).toBe(2);
  });
});

describe('minimumMoves: a lower bound of the moves to reach a max/mean', () => {
  it('sees that the largest app must sit alone: the shuffle skew the per-server bound called 1', () => {
    // s0: the big app (10) with four small ones; s1 and s2 hold 3 small each; total 20 over 3 servers.
    // At max 10 (the big app alone) s0 sheds its 4 small apps, or the big app moves and its new server
    // sheds all of its 3: at least 4 either way. Shedding largest first sees only the 1 move of the big app.
    const apps: RebalanceApp[] = [
      { id: 1, name: 'big', server: 's0:7700', load: 10 },
      ...[2, 3, 4, 5].map((id) => ({ id, name: `a${id}`, server: 's0:7700', load: 1 })),
      ...[6, 7, 8].map((id) => ({ id, name: `b${id}`, server: 's1:7700', load: 1 })),
      ...[9, 10, 11].map((id) => ({ id, name: `c${id}`, server: 's2:7700', load: 1 })),
    ];
    const ss = servers(3);
    const peak = 10 / (20 / 3);
    const got = minimumMoves({ servers: ss, apps, movable: all(apps) }, peak);
    expect(got.perServer).toBe(1);
    expect(got.big).toBe(1);
    expect(got.moves).toBe(4);
    expect(exact(ss, apps, all(apps), peak)).toBe(4);
  });

  it('counts the apps of a down server and the unbound ones, and leaves the apps that may not move', () => {
    const ss: RebalanceServer[] = [...servers(2), { address: 'down:7700', weight: 1, up: false }];
    const apps: RebalanceApp[] = [
      { id: 1, name: 'x', server: 'down:7700', load: 1 },
      { id: 2, name: 'y', server: null, load: 1 },
      { id: 3, name: 'z', server: 's0:7700', load: 1 },
      { id: 4, name: 'w', server: 's0:7700', load: 1 },
    ];
    expect(minimumMoves({ servers: ss, apps, movable: all(apps) }, 1).moves).toBe(2);
    // w may not move and z has to: s0 above the mean then sheds z
    expect(minimumMoves({ servers: ss, apps, movable: new Set([1, 2, 3]) }, 1).moves).toBe(2);
    expect(minimumMoves({ servers: ss, apps, movable: new Set([3]) }, 1).moves).toBe(0);
  });

  it('says Infinity when the big apps cannot all have a server of their own', () => {
    const apps: RebalanceApp[] = [6, 6, 6].map((load, i) => ({ id: i + 1, name: `a${i}`, server: 's0:7700', load }));
    // two servers, cap 9 each: three apps of 6 need three servers
    expect(minimumMoves({ servers: servers(2), apps, movable: all(apps) }, 1).moves).toBe(Number.POSITIVE_INFINITY);
  });

  it('never exceeds the exact minimum, and beats the per-server bound, on random weighted clusters', () => {
    const random = seeded(17);
    let tighter = 0;
    let equal = 0;
    let checked = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = 2 + random.int(3);
      const ss = servers(n, () => 1 + random.int(random.int(3) === 0 ? 3 : 1));
      const skewed = random.int(2) === 0;
      const apps: RebalanceApp[] = Array.from({ length: 3 + random.int(6) }, (_, i) => ({ id: i + 1, name: `app-${i + 1}`, server: ss[skewed ? random.int(2) : random.int(n)]!.address, load: 1 + random.int(random.int(2) ? 3 : 12) }));
      const movable = random.int(4) === 0 ? new Set(apps.filter(() => random.int(3) > 0).map((a) => a.id)) : all(apps);
      const total = apps.reduce((x, a) => x + a.load, 0);
      const weights = ss.reduce((x, s) => x + s.weight, 0);
      // a max/mean between the largest app's share and where the cluster is
      const floor = Math.max(...apps.map((a) => a.load)) / (total / weights) / Math.max(...ss.map((s) => s.weight));
      const peak = Math.max(1, floor) * (1 + random.int(4) / 10);
      const want = exact(ss, apps, movable, peak);
      const got = minimumMoves({ servers: ss, apps, movable }, peak);
      if (!Number.isFinite(want)) continue;
      checked++;
      expect(got.moves, JSON.stringify({ ss, apps, movable: [...movable], peak })).toBeLessThanOrEqual(want);
      if (got.moves > got.perServer) tighter++;
      if (got.moves === want) equal++;
    }
    expect(checked, 'instances with a reachable max/mean').toBeGreaterThan(200);
    expect(tighter, 'instances where the big apps raise the bound').toBeGreaterThan(10);
    expect(equal / checked, 'share of instances where the bound is the exact minimum').toBeGreaterThan(0.8);
  });
});
