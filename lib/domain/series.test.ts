import { describe, expect, it } from 'vitest';
import { chartDomain, fairnessSeries, resolutionFor, type BucketRow } from './series.ts';

const row = (at: number, server: string, apps: number, up = true): BucketRow => ({
  at,
  server,
  samples: 6,
  upSamples: up ? 6 : 0,
  appsOwned: apps,
  workersConnected: apps * 2,
  runningInstances: 0,
  capacity: apps * 24,
});

describe('fairness series', () => {
  it('averages a server\'s rows within a wider bucket instead of counting it twice', () => {
    const rows = [row(0, 'a', 10), row(30_000, 'a', 20), row(0, 'b', 15), row(30_000, 'b', 15)];
    const { points } = fairnessSeries(rows, 'apps', 0, 60_000, 60_000);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ n: 2, jain: 1, maxMean: 1 });
  });

  it('picks a resolution that fits the range', () => {
    expect(resolutionFor('15m', 10_000)).toMatchObject({ resolution: 'raw', bucketMs: 10_000 });
    expect(resolutionFor('24h', 10_000)).toMatchObject({ resolution: '1m', bucketMs: 300_000 });
    expect(resolutionFor('7d', 10_000)).toMatchObject({ resolution: '1h', bucketMs: 3_600_000 });
  });

  it('gives one point per bucket, leaves gaps empty, and marks servers going down and up', () => {
    const m = 60_000;
    const rows = [
      row(0, 'a', 15), row(0, 'b', 5),
      row(m, 'a', 15), row(m, 'b', 5, false),
      // nothing at 2m: a gap
      row(3 * m, 'a', 10), row(3 * m, 'b', 10),
    ];
    const { points, markers } = fairnessSeries(rows, 'apps', 0, 4 * m, m);
    expect(points.map((p) => p.t)).toEqual([0, m, 2 * m, 3 * m]);
    expect(points[0]!.maxMean).toBeCloseTo(1.5);
    // b is down in the second bucket: left out, so one server is trivially fair
    expect(points[1]).toMatchObject({ n: 1, jain: 1 });
    expect(points[2]).toEqual({ t: 2 * m, n: 0 });
    expect(points[3]!.jain).toBe(1);
    expect(markers).toEqual([{ t: m, kind: 'server-down', label: 'b down' }]);
  });
});

describe('chartDomain', () => {
  it('leaves a margin around the data so a flat or falling line does not sit on an axis', () => {
    const [lo, hi] = chartDomain([2, 1.5, 1.5, null, 1.5], 1);
    expect(lo).toBeLessThan(1.5);
    expect(lo).toBeGreaterThanOrEqual(1);
    expect(hi).toBeGreaterThan(2);
    expect(chartDomain([1.5, 1.5], 1)).toEqual([1.42, 1.58]);
  });

  it('never goes below the figure\'s floor, and has a range without data', () => {
    expect(chartDomain([1, 1.2], 1)[0]).toBe(1);
    expect(chartDomain([0.01, 0.3])[0]).toBe(0);
    expect(chartDomain([null, null], 1)).toEqual([1, 2]);
    expect(chartDomain([])).toEqual([0, 1]);
  });
});
