// Worker discovery as PowerJobServerDiscoveryService does it (powerjob.md §1), against fake servers.
import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import type { WorkerHeartbeat } from './server.ts';
import { EmulatedWorker, type WorkerContext } from './worker.ts';

const APP = { id: 7, appName: 'app-07', currentServer: null, gmtModified: 0 };
const LIST = ['10.0.0.1:7700', '10.0.0.2:7700', '10.0.0.3:7700'];

function fakeCluster(owner: string | null, down: string[] = []) {
  const clock = manualClock(0);
  const calls: string[] = [];
  const told: [string, WorkerHeartbeat][] = [];
  const ctx: WorkerContext = {
    clock,
    assert: async (web) => {
      if (down.includes(web)) throw new Error('ECONNREFUSED');
      return APP.id;
    },
    acquire: async (web, _appId, _protocol, current) => {
      calls.push(`${web} current=${current}`);
      if (down.includes(web)) throw new Error('ECONNREFUSED');
      return owner ?? `${web.split(':')[0]}:10010`;
    },
    tell: (to, hb) => void told.push([to, hb]),
  };
  return { clock, ctx, calls, told };
}

const worker = (jobsPerMinute = 6) => new EmulatedWorker('10.9.0.1:27777', APP, '4.3.9', [...LIST], jobsPerMinute, null, 30);

describe('EmulatedWorker.discover', () => {
  it('asks the configured list in order and takes the first success', async () => {
    const { ctx, calls, clock } = fakeCluster(null, ['10.0.0.1:7700']);
    const w = worker();
    const pending = w.discover(ctx);
    await clock.run(1000);
    expect(await pending).toBe('10.0.0.2:10010');
    // three attempts on the refusing server, 100 ms apart, then the next one
    expect(calls).toEqual(['10.0.0.1:7700 current=null', '10.0.0.1:7700 current=null', '10.0.0.1:7700 current=null', '10.0.0.2:7700 current=null']);
  });

  it('asks its current server first, found by IP in the configured list', async () => {
    const { ctx, calls } = fakeCluster('10.0.0.3:10010');
    const w = worker();
    w.appId = APP.id;
    w.currentServer = '10.0.0.3:10010';
    await w.discover(ctx);
    expect(calls).toEqual(['10.0.0.3:7700 current=10.0.0.3:10010']);
  });

  it('falls back to the list when the current server is gone, naming it as currentServer', async () => {
    const { ctx, calls, clock } = fakeCluster('10.0.0.2:10010', ['10.0.0.3:7700']);
    const w = worker();
    w.appId = APP.id;
    w.currentServer = '10.0.0.3:10010';
    const pending = w.discover(ctx);
    await clock.run(1000);
    expect(await pending).toBe('10.0.0.2:10010');
    expect(calls.at(-1)).toBe('10.0.0.1:7700 current=10.0.0.3:10010');
  });

  it('with every server failing: no current server, no heartbeat, trackers dropped on about the 5th failure', async () => {
    const { ctx, told, clock } = fakeCluster(null, LIST);
    const w = worker(60);
    w.appId = APP.id;
    w.currentServer = '10.0.0.1:10010';
    w.runningInstances = 30;
    for (let i = 1; i <= 5; i++) {
      const pending = w.discover(ctx);
      await clock.run(1000);
      expect(await pending).toBeNull();
      expect(w.runningInstances).toBe(i < 5 ? 30 : 0);
    }
    w.heartbeat(ctx);
    expect(told).toEqual([]);
  });

  it('starts counting failures again after the trackers are dropped, as PowerJob 4.3.9 does', async () => {
    const { ctx, clock } = fakeCluster(null, LIST);
    const w = worker(60);
    w.appId = APP.id;
    const kills: number[] = [];
    for (let i = 1; i <= 10; i++) {
      w.runningInstances = 30;
      const pending = w.discover(ctx);
      await clock.run(1000);
      await pending;
      if (w.runningInstances === 0) kills.push(i);
    }
    // the 5th and the 10th failure, not every failure from the 5th on
    expect(kills).toEqual([5, 10]);
  });

  it('sends heartbeats whose metrics follow its job rate, with PowerJob\'s score formula', async () => {
    const { ctx, told } = fakeCluster(null);
    const light = worker(2);
    const heavy = worker(120);
    for (const w of [light, heavy]) {
      await w.discover(ctx);
      w.heartbeat(ctx);
    }
    const [[to, hb1], [, hb2]] = told as [[string, WorkerHeartbeat], [string, WorkerHeartbeat]];
    expect(to).toBe('10.0.0.1:10010');
    expect(hb1).toMatchObject({ appId: 7, client: 'KingPenguin', protocol: 'HTTP', lightTaskTrackerNum: 1 });
    expect(hb2.lightTaskTrackerNum).toBe(60);
    expect(hb2.systemMetrics.cpuLoad).toBeGreaterThan(hb1.systemMetrics.cpuLoad);
    for (const m of [hb1.systemMetrics, hb2.systemMetrics]) {
      expect(m.score).toBe(Math.trunc((m.jvmMaxMemory - m.jvmUsedMemory) * 2 + (m.cpuProcessors - m.cpuLoad)));
    }
    expect(heavy.metrics()).toEqual(hb2.systemMetrics); // cached
  });

  it('a discovery still in flight when the process stops is dropped: the next process starts with nothing', async () => {
    const { ctx, clock } = fakeCluster(null, ['10.0.0.1:7700']);
    const w = worker();
    const pending = w.discover(ctx);
    w.stop();
    await clock.run(1000);
    expect(await pending).toBeNull();
    expect([w.currentServer, w.appId, w.running]).toEqual([null, null, false]);
  });

  it('walks the list its process read at start, whatever is delivered later', async () => {
    const { ctx, calls } = fakeCluster(null);
    const w = worker();
    w.start(['10.0.0.3:7700', '10.0.0.1:7700'], 'delivered');
    await w.discover(ctx);
    expect(calls).toEqual(['10.0.0.3:7700 current=null']);
    expect([w.listSource, w.starts]).toEqual(['delivered', 1]);
  });
});
