// The ZooKeeper channel against a real ZooKeeper 3.8 on loopback: it writes each app's list where
// Spring Cloud Zookeeper Config reads it, follows changes, reports a ZooKeeper that is gone as
// failing with the reason, and catches up when it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort } from '../../test/support/process.ts';
import { startZooKeeper, type RunningZooKeeper } from '../../test/zookeeper-support.ts';
import type { AppTarget } from './targets.ts';
import { createZooKeeperChannel, nodePaths, type ZooKeeperChannel } from './zookeeper.ts';

const A = '10.0.0.1:7700';
const B = '10.0.0.2:7700';
const target = (app: string, servers: string[], rollout: AppTarget['rollout'] = null): AppTarget => ({ app, version: '4.3.9', servers, rollout, shapedFor: 'ordered' });

describe('ZooKeeper channel', () => {
  let zk: RunningZooKeeper;
  let channel: ZooKeeperChannel | undefined;
  let targets: AppTarget[] = [];
  beforeAll(async () => {
    zk = await startZooKeeper();
  }, 90_000);
  afterAll(async () => {
    await channel?.stop();
    await zk?.close();
  });

  it('names the nodes Spring Cloud Zookeeper Config reads: the application and its profiles', () => {
    expect(nodePaths('/config/', 'order-api', ['prod', 'gray'])).toEqual([
      '/config/order-api/powerjob.worker.server-address',
      '/config/order-api,prod/powerjob.worker.server-address',
      '/config/order-api,gray/powerjob.worker.server-address',
    ]);
  });

  it('writes every app’s list, follows a change, and counts what a rollout reached', async () => {
    targets = [target('order-api', [A, B]), target('pay', [B, A], { id: 'ro-1', inCohort: true }), target('bad/name', [A])];
    channel = createZooKeeperChannel({ connect: zk.connect, root: '/config', profiles: ['prod'], intervalMs: 60_000, targets: async () => targets, retryBaseMs: 200, retryCapMs: 1000 });
    await channel.sync();
    expect(channel.status()).toMatchObject({ state: 'ok', reason: null, reached: { total: 4, byRollout: { 'ro-1': 2 } } });
    expect(await zk.read('/config/order-api/powerjob.worker.server-address')).toBe(`${A},${B}`);
    expect(await zk.read('/config/pay,prod/powerjob.worker.server-address')).toBe(`${B},${A}`);
    expect(await zk.read('/config/bad')).toBeNull(); // a name ZooKeeper cannot hold is not published
    const written = channel.writes();
    expect(written).toBe(4);
    await channel.sync();
    expect(channel.writes(), 'nothing rewritten when nothing changed').toBe(written);
    targets = [target('order-api', [B, A]), targets[1]!];
    channel.changed();
    await eventually(async () => ((await zk.read('/config/order-api,prod/powerjob.worker.server-address')) === `${B},${A}` ? true : null), 10_000, 'the changed list written');
  }, 30_000);

  it('a ZooKeeper that stops shows as failing with the reason, and the channel catches up when it is back', async () => {
    await zk.stop();
    targets = [target('order-api', [A]), targets[1]!];
    channel!.changed();
    const failing = await eventually(async () => (channel!.status().state === 'failing' ? channel!.status() : null), 20_000, 'the channel failing while ZooKeeper is down');
    expect(failing.reason).toMatch(/ZooKeeper|no answer|connect/i);
    expect(failing.retryInMs).toBeGreaterThan(0);
    await zk.start();
    await eventually(async () => (channel!.status().state === 'ok' ? true : null), 30_000, 'the channel ok again after ZooKeeper is back');
    expect(await zk.read('/config/order-api/powerjob.worker.server-address')).toBe(A);
  }, 90_000);

  it('a ZooKeeper that never answers only marks the channel failing', async () => {
    const nobody = await freePort();
    const lone = createZooKeeperChannel({ connect: `127.0.0.1:${nobody}`, root: '/config', profiles: [], intervalMs: 60_000, targets: async () => [target('x', [A])], timeoutMs: 1000, retryBaseMs: 100, retryCapMs: 400 });
    await lone.sync();
    expect(lone.status()).toMatchObject({ state: 'failing', reached: { total: 0 } });
    expect(lone.status().reason).toContain(`127.0.0.1:${nobody}`);
    await lone.stop();
  });
});
