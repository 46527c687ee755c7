import { describe, expect, it } from 'vitest';
import { addressBook, fairShares, planMoves, type MoveInput } from './moves.ts';

const A = '10.0.0.1:7700';
const B = '10.0.0.2:7700';
const C = '10.0.0.3:7700';

/** n apps of load 1 each on `server`, every one wanted on `target` */
function cluster(overrides: Partial<MoveInput> & { onA?: number; onB?: number } = {}): MoveInput {
  const onA = overrides.onA ?? 6;
  const onB = overrides.onB ?? 0;
  const bindings = [
    ...Array.from({ length: onA }, (_, i) => ({ appId: i + 1, appName: `app-${i + 1}`, server: A })),
    ...Array.from({ length: onB }, (_, i) => ({ appId: 100 + i, appName: `b-${i}`, server: B })),
  ];
  return {
    bindings,
    targets: new Map(bindings.filter((b) => b.server === A).map((b) => [b.appId, B])),
    servers: [
      { address: A, up: true, stale: false, weight: 1 },
      { address: B, up: true, stale: false, weight: 1 },
    ],
    loads: new Map([
      [A, onA],
      [B, onB],
    ]),
    appLoads: new Map(bindings.map((b) => [b.appId, 1])),
    perMinute: 5,
    movesInLastMinute: 0,
    epsilon: 0.1,
    ...overrides,
  };
}

describe('planMoves', () => {
  it('moves apps towards their target until the target reaches its fair share', () => {
    // 6 apps on A, 0 on B: fair share 3 each, cap 3.3 -> B takes 3, then the rest would overload it
    const plan = planMoves(cluster());
    expect(plan.moves).toEqual([
      { appId: 1, from: A, to: B },
      { appId: 2, from: A, to: B },
      { appId: 3, from: A, to: B },
    ]);
    expect(plan.skipped.map((s) => s.appId)).toEqual([4, 5, 6]);
    for (const s of plan.skipped) expect(s.reason).toMatch(/^protect: 10\.0\.0\.2:7700 would carry 4, above 1\.1× its fair share 3$/);
  });

  it('never makes more than perMinute moves in a minute, counting those already made', () => {
    const input = cluster({ onA: 20, perMinute: 5, epsilon: 1 });
    expect(planMoves(input).moves).toHaveLength(5);
    const later = planMoves({ ...input, movesInLastMinute: 3 });
    expect(later.moves).toHaveLength(2);
    expect(later.skipped.filter((s) => s.reason.startsWith('rate-limit:'))).toHaveLength(18);
    expect(planMoves({ ...input, movesInLastMinute: 7 }).moves).toHaveLength(0);
    expect(planMoves({ ...input, perMinute: 0 }).moves).toHaveLength(0);
  });

  it('never moves onto a down, stale or unknown server', () => {
    const base = cluster({ onA: 3, epsilon: 5 });
    const down = planMoves({ ...base, servers: [base.servers[0]!, { ...base.servers[1]!, up: false }] });
    expect(down.moves).toEqual([]);
    expect(down.skipped.every((s) => s.reason === `target-down: ${B} is down`)).toBe(true);
    const stale = planMoves({ ...base, servers: [base.servers[0]!, { ...base.servers[1]!, stale: true }] });
    expect(stale.moves).toEqual([]);
    expect(stale.skipped.every((s) => s.reason.startsWith('target-stale:'))).toBe(true);
    const unknown = planMoves({ ...base, targets: new Map([[1, C]]) });
    expect(unknown.moves).toEqual([]);
    expect(unknown.skipped).toEqual([{ appId: 1, reason: `target-unknown: ${C} is not a known server` }]);
  });

  it('an invalid target is reported before the rate limit, so the reason says what would block it later', () => {
    const base = cluster({ onA: 2, epsilon: 5, movesInLastMinute: 5 });
    const plan = planMoves({ ...base, servers: [base.servers[0]!, { ...base.servers[1]!, up: false }] });
    expect(plan.skipped.every((s) => s.reason.startsWith('target-down:'))).toBe(true);
  });

  it('weights the fair share: a server of weight 2 takes twice the load before the protect threshold', () => {
    // total 9; A weight 1 -> 3, B weight 2 -> 6; cap on B with epsilon 0 is 6
    const base = cluster({ onA: 9, epsilon: 0, perMinute: 100 });
    const plan = planMoves({ ...base, servers: [base.servers[0]!, { ...base.servers[1]!, weight: 2 }] });
    expect(plan.moves).toHaveLength(6);
  });

  it('counts each app by its own load, heaviest first from the most loaded source', () => {
    const input: MoveInput = {
      bindings: [
        { appId: 1, appName: 'light', server: A },
        { appId: 2, appName: 'heavy', server: A },
        { appId: 3, appName: 'other', server: C },
      ],
      targets: new Map([
        [1, B],
        [2, B],
        [3, B],
      ]),
      servers: [A, B, C].map((address) => ({ address, up: true, stale: false, weight: 1 })),
      loads: new Map([
        [A, 11],
        [B, 0],
        [C, 1],
      ]),
      appLoads: new Map([
        [1, 1],
        [2, 4],
        [3, 1],
      ]),
      perMinute: 1,
      movesInLastMinute: 0,
      epsilon: 0.25,
    };
    // fair share 4 each, cap 5: the heavy app of the most loaded server A goes first
    const plan = planMoves(input);
    expect(plan.moves).toEqual([{ appId: 2, from: A, to: B }]);
    expect(plan.skipped).toEqual([
      { appId: 1, reason: 'rate-limit: 1 moves per minute reached' },
      { appId: 3, reason: 'rate-limit: 1 moves per minute reached' },
    ]);
    // with budget for all: heavy (B=4), light (B=5), then other would make B 6 > 5
    const all = planMoves({ ...input, perMinute: 10 });
    expect(all.moves.map((m) => m.appId)).toEqual([2, 1]);
    expect(all.skipped).toEqual([{ appId: 3, reason: `protect: ${B} would carry 6, above 1.25× its fair share 4` }]);
  });

  it('leaves apps already where the strategy wants them, and apps without a target, alone', () => {
    const base = cluster({ onA: 2, onB: 2 });
    const plan = planMoves({ ...base, targets: new Map([[100, B]]) });
    expect(plan).toEqual({ moves: [], skipped: [] });
  });

  it('places an app that was never elected (from null) first', () => {
    const base = cluster({ onA: 2, epsilon: 1 });
    const plan = planMoves({
      ...base,
      bindings: [...base.bindings, { appId: 50, appName: 'new', server: null }],
      targets: new Map([...base.targets, [50, B]]),
      perMinute: 1,
    });
    expect(plan.moves).toEqual([{ appId: 50, from: null, to: B }]);
  });

  it('load left on a down server counts in the fair share of the eligible ones', () => {
    const shares = fairShares(
      [
        { address: A, up: false, stale: false, weight: 1 },
        { address: B, up: true, stale: false, weight: 1 },
        { address: C, up: true, stale: true, weight: 1 },
      ],
      new Map([
        [A, 4],
        [B, 2],
        [C, 0],
      ]),
    );
    expect(shares).toEqual(new Map([[B, 6]]));
  });
});

describe('addressBook', () => {
  it('maps web addresses to the main-protocol addresses app_info holds, and back', () => {
    const book = addressBook({ '10.0.0.1:10010': A, '10.0.0.2:10010': B });
    expect(book.mainProtocolAddress(B)).toBe('10.0.0.2:10010');
    expect(book.webAddress('10.0.0.1:10010')).toBe(A);
    expect(book.mainProtocolAddress(C)).toBeNull();
    expect(book.webAddress('10.0.0.9:10010')).toBeNull();
  });
});
