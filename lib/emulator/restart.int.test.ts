// Emulated workers read their server list as real ones do (powerjob.md §7): once, when the process
// starts; a list delivered later takes effect only after a restart, and only where an app has no
// live owner. Manual clock, in-process discovery.
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { startEmulator, type Emulator } from './cluster.ts';
import { scenarioSchema, type ScenarioInput } from './scenario.ts';

const T0 = Date.parse('2026-12-01T00:00:00Z');

const threeServers = (clientVersion: string): ScenarioInput => ({
  name: 'three-servers',
  seed: 19,
  serverVersion: '4.3.9',
  clientVersion,
  servers: { count: 3 },
  apps: { count: 9, workers: 2, jobRate: 6 },
});

function countBy(bindings: Record<string, string | null>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const server of Object.values(bindings)) if (server) counts[server] = (counts[server] ?? 0) + 1;
  return counts;
}

describe('emulated workers read their server list at start only', () => {
  let emulator: Emulator | undefined;
  let clock = manualClock(T0);
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  /** Starts the cluster with a delivery that answers `delivered()` (null: the configured list) and counts the asks. */
  async function start(clientVersion: string, delivered: () => string[] | null) {
    clock = manualClock(T0);
    const asks: string[] = [];
    emulator = await startEmulator({
      scenario: scenarioSchema.parse(threeServers(clientVersion)),
      clock,
      discovery: 'direct',
      serverListAtStart: (worker) => {
        asks.push(worker.address);
        return delivered();
      },
    });
    return { e: emulator, asks };
  }

  it('a list delivered after the start changes nothing, not even when the owner dies, until the workers restart', async () => {
    let list: string[] | null = null;
    const { e, asks } = await start('4.3.9', () => list);
    await clock.run(30_000);
    const [s0, s1, s2] = e.servers as [string, string, string];
    expect(countBy(e.state().bindings), 'ordered 4.3 lists put every app on the first server').toEqual({ [s0]: 9 });
    expect(asks).toHaveLength(18); // every worker once, at its start
    list = [s0, s2, s1];
    await clock.run(60_000);
    expect(asks, 'no worker asks for its list between starts').toHaveLength(18);
    await e.stopServer(s0);
    await clock.run(40_000);
    // the lists the workers hold are still the configured [s0, s1, s2]: the next server takes them all
    expect(countBy(e.state().bindings)).toEqual({ [s1]: 9 });
    expect(e.state().workersWithDeliveredList).toBe(0);
  });

  it('after a rolling restart the delivered list decides where the apps land when their owner dies', async () => {
    let list: string[] | null = null;
    const { e, asks } = await start('4.3.9', () => list);
    await clock.run(30_000);
    const [s0, s1, s2] = e.servers as [string, string, string];
    list = [s0, s2, s1];
    const { workers, endsInMs } = e.rollingRestartWorkers({ everyMs: 1000, downMs: 5000 });
    expect(workers).toBe(18);
    expect(e.state().rollingRestart).toEqual({ done: 1, total: 18 });
    await clock.run(endsInMs + 20_000);
    expect(e.state()).toMatchObject({ rollingRestart: { done: 18, total: 18 }, workersRestarting: 0, workersWithDeliveredList: 18, workersWithoutServer: 0 });
    expect(asks).toHaveLength(36);
    expect(e.workerObjects.every((w) => w.starts === 2 && w.serverList.join() === list!.join())).toBe(true);
    // the owner lives: a restart alone moves nothing (the first server asked answers the live owner)
    expect(countBy(e.state().bindings)).toEqual({ [s0]: 9 });
    await e.stopServer(s0);
    await clock.run(40_000);
    expect(countBy(e.state().bindings), 'the delivered order names s2 before s1').toEqual({ [s2]: 9 });
  });

  it('restarting the workers of one app gives only that app its new list', async () => {
    let list: string[] | null = null;
    const { e } = await start('4.3.9', () => list);
    await clock.run(30_000);
    const [s0, s1, s2] = e.servers as [string, string, string];
    list = [s0, s2, s1];
    expect(e.restartAppWorkers('app-03')).toBe(2);
    expect(e.state().workersRestarting).toBe(2);
    expect(() => e.restartAppWorkers('no-such-app')).toThrow(/no emulated app/);
    await clock.run(20_000);
    expect(e.state().workersRestarting).toBe(0);
    await e.stopServer(s0);
    await clock.run(40_000);
    const bindings = e.state().bindings;
    expect(bindings['app-03']).toBe(s2);
    expect(Object.entries(bindings).filter(([app]) => app !== 'app-03').every(([, server]) => server === s1)).toBe(true);
  });

  it('5.1 workers shuffle the delivered list once per process start, deterministically under the seed', async () => {
    const once = async () => {
      let list: string[] | null = null;
      const { e } = await start('5.1.1', () => list);
      await clock.run(20_000);
      list = [...e.servers];
      e.rollingRestartWorkers({ everyMs: 500, downMs: 2000 });
      await clock.run(30_000);
      const held = e.workerObjects.map((w) => w.serverList.map((a) => e.servers.indexOf(a)).join(''));
      const ports = e.workerObjects.map((w) => [...w.serverList].sort().join());
      await e.close();
      emulator = undefined;
      return { held, ports, servers: list.join() };
    };
    const a = await once();
    // every process holds the delivered servers, in orders that differ between workers
    for (const p of a.ports) expect(p.split(',')).toHaveLength(3);
    expect(new Set(a.held).size).toBeGreaterThan(1);
    const b = await once();
    expect(b.held).toEqual(a.held);
  });
});
