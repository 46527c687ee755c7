import { describe, expect, it } from 'vitest';
import { convergenceWindowMs, POWERJOB_TIMINGS } from './convergence.ts';
import { effectivePercentage, estimateFollowRate, followAdvice, intervals, notFollowed, quantiles, type FollowEstimate, type FollowStep, type FollowTrace } from './follow-rate.ts';
import { seeded } from './random.ts';

const D = 10_000;

/**
 * Moves as a PowerJob cluster makes them, simulated worker by worker (not with the estimator's
 * formulas): each worker's discovery rounds fall every 10 s from a random phase and follow with
 * probability p; the new owner lists it at its next heartbeat (10 s, random phase), Fulcrum at its
 * next collection (every `collectMs`, random phase) and the controller looks every `tickMs`. A
 * trace step is written at each look that saw more workers, and a last one when the move gives up.
 */
function simulate(seed: number, moves: number, workers: number, p: number, opts: { collectMs?: number; tickMs?: number; giveUpMs?: number } = {}): FollowTrace[] {
  const r = seeded(seed);
  const collectMs = opts.collectMs ?? 10_000;
  const tickMs = opts.tickMs ?? 5_000;
  const giveUpMs = opts.giveUpMs ?? 600_000;
  const traces: FollowTrace[] = [];
  for (let m = 0; m < moves; m++) {
    const listedAt: number[] = [];
    for (let w = 0; w < workers; w++) {
      let t = r.next() * D;
      while (r.next() >= p && t < giveUpMs * 2) t += D;
      const hbPhase = r.next() * 10_000;
      listedAt.push(Math.ceil((t - hbPhase) / 10_000) * 10_000 + hbPhase);
    }
    const collectPhase = r.next() * collectMs;
    const seenAt = (look: number) => {
      const lastCollect = Math.floor((look - collectPhase) / collectMs) * collectMs + collectPhase;
      return listedAt.filter((x) => x <= lastCollect).length;
    };
    const steps: FollowStep[] = [];
    let prev = 0;
    let seen = 0;
    let lastChange = 0;
    for (let look = r.next() * tickMs; ; look += tickMs) {
      const now = seenAt(look);
      if (now > seen) {
        steps.push({ fromMs: prev, atMs: look, seen: now, total: workers });
        seen = now;
        lastChange = look;
      }
      if (seen === workers) break;
      if (look - lastChange > giveUpMs) {
        steps.push({ fromMs: prev, atMs: look, seen, total: workers });
        break;
      }
      prev = look;
    }
    traces.push({ steps });
  }
  return traces;
}

describe('notFollowed', () => {
  it('is 1 before the write, q^k at whole rounds, and linear in between (the phase is uniform)', () => {
    expect(notFollowed(0, 0.5, D)).toBe(1);
    expect(notFollowed(-5, 0.5, D)).toBe(1);
    expect(notFollowed(D, 0.5, D)).toBeCloseTo(0.5, 12);
    expect(notFollowed(3 * D, 0.5, D)).toBeCloseTo(0.125, 12);
    // half a round: half the workers have had their first round, half of those followed
    expect(notFollowed(D / 2, 0.5, D)).toBeCloseTo(0.75, 12);
    // at 100 % everyone has followed after one round
    expect(notFollowed(D, 0, D)).toBe(0);
    expect(notFollowed(D / 4, 0, D)).toBeCloseTo(0.75, 12);
  });
});

describe('intervals', () => {
  it('splits a trace into the quiet stretch before each change and the look that saw it', () => {
    const iv = intervals({ steps: [{ fromMs: 15_000, atMs: 20_000, seen: 3, total: 10 }, { fromMs: 20_000, atMs: 25_000, seen: 10, total: 10 }] });
    expect(iv).toEqual([
      { t1: 0, t2: 15_000, arrived: 0, missing: 10 },
      { t1: 15_000, t2: 20_000, arrived: 3, missing: 7 },
      { t1: 20_000, t2: 25_000, arrived: 7, missing: 0 },
    ]);
  });

  it('counts a last step with nobody new as workers still missing (a move that gave up)', () => {
    const iv = intervals({ steps: [{ fromMs: 0, atMs: 10_000, seen: 2, total: 4 }, { fromMs: 70_000, atMs: 75_000, seen: 2, total: 4 }] });
    expect(iv).toEqual([
      { t1: 0, t2: 10_000, arrived: 2, missing: 2 },
      { t1: 10_000, t2: 70_000, arrived: 0, missing: 2 },
      { t1: 70_000, t2: 75_000, arrived: 0, missing: 2 },
    ]);
  });

  it('never counts more arrivals than were missing, nor a worker that left as arrived', () => {
    const iv = intervals({ steps: [{ fromMs: 0, atMs: 10_000, seen: 5, total: 3 }, { fromMs: 10_000, atMs: 20_000, seen: 2, total: 3 }] });
    expect(iv[0]).toEqual({ t1: 0, t2: 10_000, arrived: 3, missing: 0 });
    expect(iv.slice(1).every((i) => i.arrived === 0)).toBe(true);
  });
});

describe('estimateFollowRate', () => {
  it('says nothing on too little evidence', () => {
    expect(estimateFollowRate([])).toBeNull();
    expect(estimateFollowRate(simulate(1, 2, 10, 0.5))).toBeNull();
    expect(estimateFollowRate(simulate(2, 5, 1, 0.5))).toBeNull();
  });

  it.each([
    [50, 10, 40],
    [50, 3, 80],
    [20, 10, 40],
    [80, 5, 60],
  ])('finds PowerJob at %i %% from simulated moves (%i workers each, %i moves)', (percent, workers, moves) => {
    const e = estimateFollowRate(simulate(percent * 7 + workers, moves, workers, percent / 100))!;
    expect(e).not.toBeNull();
    expect(e.moves).toBe(moves);
    expect(e.lower).toBeLessThanOrEqual(percent);
    expect(e.upper).toBeGreaterThanOrEqual(percent);
    expect(Math.abs(e.percentage - percent)).toBeLessThan(10);
    expect(e.upper - e.lower).toBeLessThan(30);
  });

  it('finds 100 % when every worker follows at its first round', () => {
    const e = estimateFollowRate(simulate(11, 20, 10, 1))!;
    expect(e.percentage).toBeGreaterThanOrEqual(90);
    expect(e.upper).toBe(100);
  });

  it('tells 50 % from 100 %: their intervals do not overlap', () => {
    const half = estimateFollowRate(simulate(5, 20, 10, 0.5))!;
    const full = estimateFollowRate(simulate(6, 20, 10, 1))!;
    expect(half.upper).toBeLessThan(full.lower);
  });

  it('holds with a slow collection (every 30 s) and the controller looking every 10 s', () => {
    const e = estimateFollowRate(simulate(9, 40, 10, 0.5, { collectMs: 30_000, tickMs: 10_000 }), { ...POWERJOB_TIMINGS, collectMs: 30_000 })!;
    expect(e.lower).toBeLessThanOrEqual(50);
    expect(e.upper).toBeGreaterThanOrEqual(50);
  });

  it('uses the moves that gave up: their missing workers lower the estimate', () => {
    const traces = simulate(12, 20, 10, 0.5);
    const gaveUp: FollowTrace[] = Array.from({ length: 20 }, () => ({ steps: [{ fromMs: 0, atMs: 10_000, seen: 1, total: 10 }, { fromMs: 200_000, atMs: 205_000, seen: 1, total: 10 }] }));
    expect(estimateFollowRate([...traces, ...gaveUp])!.percentage).toBeLessThan(estimateFollowRate(traces)!.percentage - 10);
  });
});

describe('effectivePercentage', () => {
  const m: FollowEstimate = { percentage: 48, lower: 41, upper: 55, moves: 9, arrivals: 80 };
  it('is the configured or assumed value until something is measured', () => {
    expect(effectivePercentage(null, 50, null)).toBe(50);
    expect(effectivePercentage(100, 50, null)).toBe(100);
  });
  it('is the measured lower bound when nothing is configured, and never longer-windowed than configured', () => {
    expect(effectivePercentage(null, 50, m)).toBe(41);
    expect(effectivePercentage(100, 50, m)).toBe(41);
    expect(effectivePercentage(30, 50, m)).toBe(30);
  });
});

describe('followAdvice', () => {
  it('recommends 100 % with the two convergence times when workers follow clearly slower', () => {
    const a = followAdvice({ percentage: 50, lower: 42, upper: 58, moves: 9, arrivals: 80 }, null)!;
    expect(a.kind).toBe('set-100');
    expect(a.measuredMs).toBe(convergenceWindowMs(10, 50));
    expect(a.at100Ms).toBe(convergenceWindowMs(10, 100));
    expect(a.measuredMs).toBeGreaterThan(a.at100Ms);
  });
  it('says the servers do not run at 100 % when configured so but measured slower', () => {
    expect(followAdvice({ percentage: 50, lower: 42, upper: 58, moves: 9, arrivals: 80 }, 100)!.kind).toBe('mismatch');
  });
  it('says nothing when the measurement is in line with 100 %, or there is none', () => {
    expect(followAdvice({ percentage: 97, lower: 88, upper: 100, moves: 9, arrivals: 80 }, null)).toBeNull();
    expect(followAdvice(null, null)).toBeNull();
  });
});

describe('quantiles', () => {
  it('takes the nearest rank', () => {
    expect(quantiles([30, 10, 20, 40], [0.5, 0.95, 1])).toEqual([20, 40, 40]);
    expect(quantiles([], [0.5])).toEqual([NaN]);
  });
});
