// Scenario files: the shipped ones parse, shorthands expand, rolling restarts unroll into steps.
import { describe, expect, it } from 'vitest';
import { seeded } from '../domain/random.ts';
import { draw, loadScenario, scenarioNames, scenarioSchema, shufflesServerList, unrollEvents } from './scenario.ts';

describe('scenarios', () => {
  it('ships issue-181, rolling-restart, failover and large, all valid', () => {
    expect(scenarioNames()).toEqual(expect.arrayContaining(['failover', 'issue-181', 'large', 'rolling-restart']));
    for (const name of scenarioNames()) expect(loadScenario(name).name).toBe(name);
    expect(loadScenario('large')).toMatchObject({ servers: { count: 50 }, apps: { count: 2000 } });
  });

  it('expands clientVersion into workerVersions', () => {
    expect(loadScenario('issue-181').workerVersions).toEqual([{ version: '4.3.9', share: 1 }]);
    const s = scenarioSchema.parse({ name: 'x', servers: { count: 1 }, apps: { count: 1, workers: 1 } });
    expect(s.workerVersions).toEqual([{ version: '5.1.1', share: 1 }]);
  });

  it('names every bad field', () => {
    const r = scenarioSchema.safeParse({ name: 'x', servers: { count: 0 }, apps: { count: 1, workers: { dist: 'zipf' } }, events: [{ at: 'soon', action: 'stop', server: 0 }] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['servers.count', 'events.0.at']));
  });

  it('shuffles the list from client 5.1.0 on (commit fea19740)', () => {
    expect(['4.3.9', '5.0.1', '5.0.1-beta'].map(shufflesServerList)).toEqual([false, false, false]);
    expect(['5.1.0', '5.1.1', '6.0.0'].map(shufflesServerList)).toEqual([true, true, true]);
  });

  it('unrolls a rolling replacement into start-new, stop-old steps', () => {
    expect(unrollEvents(loadScenario('rolling-restart').events)).toEqual([
      { atMs: 60_000, action: 'start', server: 3 },
      { atMs: 70_000, action: 'stop', server: 0 },
      { atMs: 130_000, action: 'start', server: 4 },
      { atMs: 140_000, action: 'stop', server: 1 },
      { atMs: 200_000, action: 'start', server: 5 },
      { atMs: 210_000, action: 'stop', server: 2 },
    ]);
    const inPlace = scenarioSchema.parse({ name: 'x', servers: { count: 2 }, apps: { count: 1, workers: 1 }, events: [{ at: '1m', action: 'rolling-restart', servers: [1, 0], every: '30s', downFor: '5s' }] });
    expect(unrollEvents(inPlace.events).map((e) => `${e.atMs / 1000}s ${e.action} ${e.server}`)).toEqual(['60s stop 1', '65s start 1', '90s stop 0', '95s start 0']);
  });

  it('draws Zipf values by rank, scaled to a whole total when asked', () => {
    const r = seeded(1);
    expect(draw({ dist: 'zipf', s: 1, min: 1, max: 60 }, 4, r)).toEqual([60, 30, 20, 15]);
    const workers = draw({ dist: 'zipf', s: 0.6, min: 1, max: 400, total: 20_000 }, 2000, r);
    expect(workers.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(Math.min(...workers)).toBeGreaterThanOrEqual(1);
    expect(draw(3, 2, r)).toEqual([3, 3]);
  });
});
