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

describe('fairness with weights and a down server, by hand', () => {
  // live: a 10 (w 1), b 20 (w 2), c 60 (w 1); d is down with weight 4 and must not count at all
  const f = fairness([
    { address: 'a', load: 10, up: true },
    { address: 'b', load: 20, weight: 2, up: true },
    { address: 'c', load: 60, weight: 1, up: true },
    { address: 'd', load: 99, weight: 4, up: false },
  ]);
  // load per weight: 10, 10, 60; Σ = 80, Σx² = 3800, μ = 80/3
  it('computes the indices over load per weight of the live servers', () => {
    expect(f.n).toBe(3);
    expect(f.total).toBe(90);
    expect(f.excluded).toEqual(['d']);
    close(f.jain, 6400 / (3 * 3800));
    close(f.cv, Math.sqrt(5000 / 9) / (80 / 3)); // population σ² = (2·(50/3)² + (100/3)²)/3
    close(f.maxMean, 60 / (80 / 3));
    close(f.gini, 200 / (2 * 3 * 80)); // ordered pairs: |10−60| four times
  });

  it('gives each live server its share, its fair share by weight and the distance between them', () => {
    expect(f.servers.map((s) => s.address)).toEqual(['a', 'b', 'c']);
    const expected = [
      [1 / 9, 1 / 4],
      [2 / 9, 2 / 4],
      [6 / 9, 1 / 4],
    ];
    f.servers.forEach((s, i) => {
      close(s.share, expected[i]![0]!);
      close(s.fairShare, expected[i]![1]!);
      close(s.distance, expected[i]![0]! - expected[i]![1]!);
    });
    close(f.peakToFair, (6 / 9) / (1 / 4));
  });

  it('peak-to-fair equals max/mean with equal weights, and is 1 with no load', () => {
    const g = fairness([
      { address: 'a', load: 3, up: true },
      { address: 'b', load: 1, up: true },
    ]);
    close(g.peakToFair, g.maxMean);
    expect(fairness([{ address: 'a', load: 0, up: true }]).peakToFair).toBe(1);
    expect(fairness([]).peakToFair).toBe(1);
  });

  it('computes Gini for an uneven spread of three', () => {
    // |1−2| + |1−6| + |2−6| = 10 per unordered pair set, 20 ordered; 2·n·Σx = 2·3·9
    close(indices([1, 2, 6]).gini, 20 / 54);
    close(indices([1, 2, 6]).jain, 81 / (3 * 41));
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
