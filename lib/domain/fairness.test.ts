import { describe, expect, it } from 'vitest';
import { fairness, indices, measureLoads } from './fairness.ts';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 10);

describe('fairness indices', () => {
  it('is perfect for equal loads', () => {
    expect(indices([5, 5, 5, 5])).toEqual({ jain: 1, cv: 0, maxMean: 1, gini: 0 });
  });

  it('matches hand-computed values for 15 and 5 (issue #181)', () => {
    const f = indices([15, 5]);
    close(f.jain, (20 * 20) / (2 * (225 + 25))); // 0.8
    close(f.cv, 5 / 10); // σ = 5, μ = 10
    close(f.maxMean, 1.5);
    close(f.gini, 10 * 2 / (2 * 2 * 20)); // Σ|xi−xj| over ordered pairs = 20
  });

  it('reaches the worst values when one server carries everything', () => {
    const f = indices([12, 0, 0, 0]);
    close(f.jain, 1 / 4);
    close(f.maxMean, 4);
    close(f.gini, 3 / 4); // (n−1)/n
    close(f.cv, Math.sqrt(3));
  });

  it('treats no load at all as fair rather than dividing by zero', () => {
    expect(indices([0, 0])).toEqual({ jain: 1, cv: 0, maxMean: 1, gini: 0 });
    expect(indices([])).toEqual({ jain: 1, cv: 0, maxMean: 1, gini: 0 });
  });
});

describe('fairness over servers', () => {
  it('leaves down servers out of the indices and the fair share, and lists them apart', () => {
    const f = fairness([
      { address: 'a', load: 10, up: true },
      { address: 'b', load: 10, up: true },
      { address: 'c', load: 0, up: false },
    ]);
    expect(f.n).toBe(2);
    expect(f.jain).toBe(1);
    expect(f.excluded).toEqual(['c']);
    expect(f.servers.map((s) => s.fairShare)).toEqual([0.5, 0.5]);
  });

  it('judges weighted servers by load per weight, with fair shares that follow the weights', () => {
    const f = fairness([
      { address: 'big', load: 30, weight: 3, up: true },
      { address: 'small', load: 10, weight: 1, up: true },
    ]);
    close(f.jain, 1);
    expect(f.servers.map((s) => [s.address, s.share, s.fairShare, s.distance])).toEqual([
      ['big', 0.75, 0.75, 0],
      ['small', 0.25, 0.25, 0],
    ]);
    const skewed = fairness([
      { address: 'big', load: 10, weight: 3, up: true },
      { address: 'small', load: 30, weight: 1, up: true },
    ]);
    close(skewed.servers[1]!.distance, 0.75 - 0.25);
    expect(skewed.maxMean).toBeGreaterThan(1.5);
  });
});

describe('load measures', () => {
  const servers = [
    { appsOwned: 15, workersConnected: 40, runningInstances: 0, capacity: 480 },
    { appsOwned: 5, workersConnected: 10, runningInstances: 0, capacity: 120 },
  ];
  it('picks the named quantity', () => {
    expect(measureLoads(servers, 'apps')).toEqual([15, 5]);
    expect(measureLoads(servers, 'workers')).toEqual([40, 10]);
    expect(measureLoads(servers, 'running')).toEqual([0, 0]);
    expect(measureLoads(servers, 'capacity')).toEqual([480, 120]);
  });
  it('mixes shares by weight, ignoring quantities that are zero everywhere', () => {
    const [a, b] = measureLoads(servers, 'mix', { apps: 1, workers: 1, running: 5 });
    close(a!, 100 * (0.75 + 0.8) / 2);
    close(b!, 100 * (0.25 + 0.2) / 2);
  });
});
