import { describe, expect, it } from 'vitest';
import { addressInRange, bucketOf, cohortSelector, compareVersions, inCohort, isMember, matchesSelector, overlapping, selectsApp } from './cohort.ts';
import { murmur3_x86_32 } from './random.ts';

describe('bucketOf', () => {
  it('is murmur3_x86_32("<rolloutId>:<key>", 0) mod 100 + 1 on known vectors', () => {
    // 'rollout-1:app-17' hashes to 2890548871 (vector checked in random.test.ts) → 71 + 1
    expect(murmur3_x86_32('rollout-1:app-17', 0)).toBe(2890548871);
    expect(bucketOf('rollout-1', 'app-17')).toBe(72);
    // Unleash's cross-SDK test values: normalizedValue('123', 'gr1') = 73, ('999', 'groupX') = 25
    expect(bucketOf('gr1', '123')).toBe(73);
    expect(bucketOf('groupX', '999')).toBe(25);
  });

  it('spreads keys evenly over 1..100', () => {
    const counts = new Array<number>(101).fill(0);
    for (let i = 0; i < 20_000; i++) counts[bucketOf('r', `app-${i}`)]!++;
    expect(counts[0]).toBe(0);
    for (let b = 1; b <= 100; b++) expect(counts[b]).toBeGreaterThan(120); // mean 200
  });

  it('raising the percent only adds members', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `app-${i}`);
    let previous = new Set<string>();
    for (const percent of [0, 1, 10, 25, 50, 99, 100]) {
      const members = new Set(keys.filter((k) => inCohort('ro-7', k, percent)));
      for (const k of previous) expect(members.has(k)).toBe(true);
      previous = members;
    }
    expect(previous.size).toBe(2000);
    expect(keys.filter((k) => inCohort('ro-7', k, 0))).toHaveLength(0);
  });

  it('different rollouts bucket the same key independently', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `app-${i}`);
    const same = keys.filter((k) => bucketOf('a', k) === bucketOf('b', k)).length;
    expect(same).toBeLessThan(40);
  });
});

describe('selectors', () => {
  it('parse strictly', () => {
    expect(cohortSelector.safeParse({ apps: { include: ['order-*'] }, addresses: { include: ['10.0.0.0/8'] } }).success).toBe(true);
    expect(cohortSelector.safeParse({ addresses: { include: ['10.0.0.300/8'] } }).success).toBe(false);
    expect(cohortSelector.safeParse({ colour: 'blue' }).success).toBe(false);
  });

  it('match app names by glob, include and exclude', () => {
    const s = { apps: { include: ['order-*', 'pay?'], exclude: ['order-legacy'] } };
    expect(matchesSelector(s, { app: 'order-api' })).toBe(true);
    expect(matchesSelector(s, { app: 'pay1' })).toBe(true);
    expect(matchesSelector(s, { app: 'pay12' })).toBe(false);
    expect(matchesSelector(s, { app: 'order-legacy' })).toBe(false);
    expect(matchesSelector(s, { app: 'report' })).toBe(false);
    expect(matchesSelector(undefined, { app: 'anything' })).toBe(true);
  });

  it('take a whole app only when every worker matches, and not an app with no worker under a worker condition', () => {
    const blue = { apps: { include: ['order-*'] }, tags: { include: ['blue'] } };
    const app = (name: string, ...tags: (string | null)[]) => ({ name, workers: tags.map((tag, i) => ({ address: `10.0.0.${i + 1}`, tag })) });
    expect(selectsApp(blue, app('order-api', 'blue', 'blue'))).toBe(true);
    expect(selectsApp(blue, app('order-api', 'blue', null))).toBe(false);
    expect(selectsApp(blue, app('pay', 'blue'))).toBe(false);
    expect(selectsApp(blue, app('order-api'))).toBe(false);
    // names only: an app with no worker known is taken by its name
    expect(selectsApp({ apps: { include: ['order-*'] } }, app('order-api'))).toBe(true);
    expect(selectsApp(undefined, app('anything'))).toBe(true);
  });

  it('match workers by tag, address range and client version', () => {
    const s = { tags: { include: ['blue'] }, addresses: { include: ['10.1.0.0/16'], exclude: ['10.1.0.5-10.1.0.9'] }, versions: { min: '4.3.0', below: '5.0' } };
    const w = (address: string, tag: string | null, version: string | null) => ({ app: 'a', worker: { address, tag, version } });
    expect(matchesSelector(s, w('10.1.2.3:27777', 'blue', '4.3.9'))).toBe(true);
    expect(matchesSelector(s, w('10.1.2.3:27777', 'green', '4.3.9'))).toBe(false);
    expect(matchesSelector(s, w('10.2.2.3:27777', 'blue', '4.3.9'))).toBe(false);
    expect(matchesSelector(s, w('10.1.0.7:27777', 'blue', '4.3.9'))).toBe(false);
    expect(matchesSelector(s, w('10.1.2.3:27777', 'blue', '5.1.1'))).toBe(false);
    expect(matchesSelector(s, w('10.1.2.3:27777', 'blue', '4.2.10'))).toBe(false);
    expect(matchesSelector(s, w('10.1.2.3:27777', 'blue', null))).toBe(false);
  });

  it('compare versions numerically and ranges inclusively', () => {
    expect(compareVersions('4.3.10', '4.3.9')).toBe(1);
    expect(compareVersions('5.1', '5.1.0')).toBe(0);
    expect(compareVersions('4.0.0-beta', '4.0.1')).toBe(-1);
    expect(addressInRange('10.0.0.5:27777', '10.0.0.5-10.0.0.9')).toBe(true);
    expect(addressInRange('10.0.0.10:27777', '10.0.0.5-10.0.0.9')).toBe(false);
    expect(addressInRange('192.168.1.1', '192.168.0.0/23')).toBe(true);
  });

  it('isMember needs both the selector and the bucket', () => {
    const s = { apps: { include: ['app-*'] } };
    expect(isMember('r', s, 'app', 100, { app: 'job-1' })).toBe(false);
    expect(isMember('r', s, 'app', 100, { app: 'app-1' })).toBe(true);
    expect(isMember('r', s, 'app', 0, { app: 'app-1' })).toBe(false);
  });

  it('overlap names the workers both admit', () => {
    const workers = [
      { app: 'order-api', address: '10.0.0.1:1' },
      { app: 'pay', address: '10.0.0.2:1', tag: 'blue' },
    ];
    expect(overlapping({ apps: { include: ['order-*'] } }, { apps: { include: ['pay'] } }, workers)).toEqual({ workers: [], everything: false });
    expect(overlapping({ apps: { include: ['*'] } }, { tags: { include: ['blue'] } }, workers).workers).toEqual(['pay/10.0.0.2:1']);
    expect(overlapping(undefined, {}, []).everything).toBe(true);
  });
});
