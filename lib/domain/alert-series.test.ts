import { describe, expect, it } from 'vitest';
import { ruleBody, type RuleInput } from './alert-rules.ts';
import { backtest, evaluateRule, observeApps, observeSamples, type SamplesAt, type ServerSample } from './alert-series.ts';

const rule = (over: Partial<RuleInput> = {}) =>
  ruleBody.parse({ name: 'r', series: { metric: 'maxMean', measure: 'apps' }, comparator: '>', threshold: 1.5, forSeconds: 0, severity: 'warning', ...over });

const sample = (server: string, appsOwned: number, status: ServerSample['status'] = 'up', dataAgeS: number | null = 1): ServerSample => ({
  server,
  status,
  appsOwned,
  workersConnected: appsOwned * 2,
  runningInstances: 0,
  capacity: 0,
  dataAgeS,
});

describe('observing samples', () => {
  it('gives one cluster value for fairness metrics, leaving down servers out', () => {
    const obs = observeSamples(rule(), [sample('a:7700', 15), sample('b:7700', 5), sample('c:7700', 0, 'down')]);
    expect(obs).toEqual([{ key: 'cluster', labels: {}, observation: { value: 1.5 } }]);
  });
  it('no live server is no data', () => {
    expect(observeSamples(rule(), [sample('a:7700', 3, 'down')])[0]!.observation).toEqual({ noData: true });
    expect(observeSamples(rule(), null)[0]!.observation).toEqual({ noData: true });
  });
  it('gives one instance per matching server', () => {
    const rows = [sample('a:7700', 15), sample('b:7700', 5), sample('c:7701', 0, 'stale', null)];
    expect(observeSamples(rule({ series: { metric: 'serverDown' }, threshold: 1, comparator: '>=' }), rows).map((o) => [o.key, o.observation])).toEqual([
      ['server=a:7700', { value: 0 }],
      ['server=b:7700', { value: 0 }],
      ['server=c:7701', { value: 1 }],
    ]);
    expect(observeSamples(rule({ series: { metric: 'serverShare' }, threshold: 0.6, scope: { filter: '*:7700' } }), rows).map((o) => o.observation)).toEqual([{ value: 0.75 }, { value: 0.25 }]);
    expect(observeSamples(rule({ series: { metric: 'dataAge' }, threshold: 30, scope: { filter: 'c:*' } }), rows).map((o) => o.observation)).toEqual([{ noData: true }]);
  });
  it('app metrics: no live owner, split ownership', () => {
    const apps = [
      { appName: 'a1', serverAddress: 'a:7700', ownerUp: true, claimedBy: ['a:7700'] },
      { appName: 'a2', serverAddress: 'b:7700', ownerUp: false, claimedBy: [] },
      { appName: 'a3', serverAddress: null, ownerUp: false, claimedBy: ['a:7700', 'b:7700'] },
    ];
    expect(observeApps(rule({ series: { metric: 'unownedApp' }, comparator: '>=', threshold: 1 }), apps).map((o) => o.observation)).toEqual([{ value: 0 }, { value: 1 }, { value: 1 }]);
    expect(observeApps(rule({ series: { metric: 'splitOwner' }, threshold: 1, scope: { filter: 'a3' } }), apps)).toEqual([{ key: 'app=a3', labels: { app: 'a3' }, observation: { value: 2 } }]);
  });
  it('an instance that disappears is evaluated as no data', () => {
    const r = rule({ series: { metric: 'serverDown' }, comparator: '>=', threshold: 1 });
    const known = new Map([['server=x:7700', { state: 'firing' as const, since: 0, activeAt: 0, lastBreachAt: 0, value: 1, labels: { server: 'x:7700' } }]]);
    const out = evaluateRule(r, known, [], 10_000);
    expect(out[0]!.transition).toMatchObject({ from: 'firing', to: 'nodata' });
  });
});

describe('backtest', () => {
  const t0 = Date.UTC(2026, 0, 1);
  // 1.2 for 10 minutes, 1.8 for 3 minutes, 1.2, then a 20 s blip at 1.8, then 1.2: every 10 s
  const moments: SamplesAt[] = [];
  for (let i = 0; i < 180; i++) {
    const t = t0 + i * 10_000;
    const high = (i >= 60 && i < 78) || (i >= 120 && i < 122);
    moments.push({ t, samples: [sample('a:7700', high ? 9 : 6), sample('b:7700', high ? 1 : 4)] });
  }
  const range = { from: t0, to: t0 + 1_800_000, gapMs: 30_000 };

  it('counts how many times the rule would have fired', () => {
    expect(backtest(rule({ threshold: 1.5, forSeconds: 0 }), moments, range).fired).toBe(2);
    // a pending duration of 60 s filters the 20 s blip out
    const withFor = backtest(rule({ threshold: 1.5, forSeconds: 60 }), moments, range);
    expect(withFor.fired).toBe(1);
    expect(withFor.firings[0]!.at).toBe(t0 + 66 * 10_000);
    expect(backtest(rule({ threshold: 1.9 }), moments, range).fired).toBe(0);
  });
  it('a gap in the stored data is a no-data evaluation', () => {
    const gappy = moments.filter((m) => m.t < t0 + 700_000 || m.t > t0 + 1_000_000);
    const r = backtest(rule({ threshold: 1.5, forSeconds: 0, noData: 'nodata' }), gappy, range);
    // fires at 600 s; the gap (700-1000 s) makes it nodata; data back at 1010 s resolves it; the blip at 1200 s fires again
    expect(r.fired).toBe(2);
    expect(r.series[0]!.points.some((p) => p.value === null)).toBe(true);
  });
  it('downsamples the watched series keeping the peak of each bucket', () => {
    const r = backtest(rule({ threshold: 1.5 }), moments, { ...range, maxPoints: 10 });
    expect(r.series).toHaveLength(1);
    expect(r.series[0]!.points.length).toBeLessThanOrEqual(10);
    expect(Math.max(...r.series[0]!.points.map((p) => p.value ?? 0))).toBe(1.8);
    expect(r.evaluations).toBe(180);
  });
});

describe('backtest over a short history', () => {
  it('spreads the points over the data there is, not the whole range', () => {
    const t0 = Date.UTC(2026, 0, 1, 12);
    const moments: SamplesAt[] = Array.from({ length: 30 }, (_, i) => ({ t: t0 + i * 2_000, samples: [sample('a:7700', 15), sample('b:7700', 5)] }));
    const r = backtest(rule({ threshold: 1.4, forSeconds: 6 }), moments, { from: t0 - 86_400_000, to: t0 + 60_000, gapMs: 10_000, maxPoints: 360 });
    expect(r.series[0]!.points.length).toBe(30);
    expect(r.series[0]!.points[0]!.t).toBe(t0);
    expect(r.fired).toBe(1);
  });
});
