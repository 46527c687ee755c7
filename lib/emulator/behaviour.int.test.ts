// The emulator reproduces what PowerJob users reported. The runs use a manual clock (minutes of
// cluster time in about a second) and the in-process path into the same election code as HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from './cluster.ts';
import { loadScenario, type Scenario } from './scenario.ts';

const T0 = Date.parse('2026-11-24T00:00:00Z');

function countBy(bindings: Record<string, string | null>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const server of Object.values(bindings)) if (server) counts[server] = (counts[server] ?? 0) + 1;
  return counts;
}

describe('emulated PowerJob behaviour', () => {
  let emulator: Emulator | undefined;
  const clock = { current: manualClock(T0) };
  const start = async (scenario: Scenario | string, more: Partial<EmulatorOptions> = {}) => {
    clock.current = manualClock(T0);
    emulator = await startEmulator({ scenario, clock: clock.current, discovery: 'direct', ...more });
    return emulator;
  };
  const run = (ms: number) => clock.current.run(ms);
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('issue-181: with ordered lists the first server takes about 15 of the 20 apps', async () => {
    const e = await start('issue-181');
    await run(30_000);
    const counts = countBy(e.state().bindings);
    const [first, second] = e.servers;
    expect(counts[first!]).toBeGreaterThanOrEqual(14);
    expect(counts[first!]).toBeLessThanOrEqual(17);
    expect((counts[first!] ?? 0) + (counts[second!] ?? 0)).toBe(20);
    // every worker reports to its app's owner
    expect(e.state().workersWithoutServer).toBe(0);
    for (const w of e.workerObjects) expect(e.webAddressOf(w.currentServer!)).toBe(e.state().bindings[w.app.appName]);
  });

  it('issue-181 with one shared order (#953): every app lands on the first server', async () => {
    const base = loadScenario('issue-181');
    const e = await start({ ...base, apps: { ...base.apps, rotatedListShare: 0 } });
    await run(30_000);
    expect(countBy(e.state().bindings)).toEqual({ [e.servers[0]!]: 20 });
  });

  it('shuffle (PowerJob 5.1+) spreads the app count, but not the load', async () => {
    const base = loadScenario('issue-181');
    const scenario: Scenario = {
      ...base,
      workerVersions: [{ version: '5.1.1', share: 1 }],
      servers: { count: 4, startStopped: [] },
      apps: { ...base.apps, count: 200, rotatedListShare: 0, jobRate: { dist: 'zipf', s: 1.2, min: 0.1, max: 600 } },
    };
    const e = await start(scenario);
    await run(30_000);
    const counts = Object.values(countBy(e.state().bindings));
    expect(counts).toHaveLength(4);
    for (const n of counts) expect(n).toBeGreaterThan(30); // about 50 each
    // the job load is uneven: the biggest app alone is a large share, wherever it landed
    const load: Record<string, number> = {};
    for (const w of e.workerObjects) {
      const owner = e.state().bindings[w.app.appName]!;
      load[owner] = (load[owner] ?? 0) + w.jobsPerMinute;
    }
    const loads = Object.values(load);
    expect(Math.max(...loads) / (loads.reduce((a, b) => a + b, 0) / loads.length)).toBeGreaterThan(1.3);
  });

  it('failover: apps that moved while the first server was down stay where they went', async () => {
    const e = await start('failover');
    await run(55_000);
    const first = e.servers[0]!;
    const before = countBy(e.state().bindings)[first] ?? 0;
    expect(before).toBeGreaterThan(0);
    // every app's first election is a takeover from no owner, and nothing else happened yet
    expect(e.takeovers().filter((t) => t.from === null)).toHaveLength(Object.keys(e.state().bindings).length);
    expect(e.takeovers().filter((t) => t.from !== null)).toEqual([]);
    const owned = Object.entries(e.state().bindings).filter(([, s]) => s === first).map(([app]) => app).sort();
    const stoppedAt = clock.current.now();
    await run(30_000); // stopped at 60 s
    expect(countBy(e.state().bindings)[first] ?? 0).toBe(0);
    expect(e.state().workersWithoutServer).toBe(0);
    // the log says which apps PowerJob took off the stopped server, and where each went
    const away = e.takeovers(stoppedAt);
    expect(away.map((t) => t.app).sort()).toEqual(owned);
    for (const t of away) expect(t).toMatchObject({ from: first, to: e.state().bindings[t.app] });
    await run(120_000); // back at 90 s
    expect(e.state().servers[first]).toMatchObject({ running: true, appsOwned: 0, heartbeatWorkers: 0 });
    expect(Object.values(e.state().bindings).every((b) => b !== null && b !== first)).toBe(true);
  });

  it('rolling-restart (issue #897): the first new server ends up holding most apps', async () => {
    const e = await start('rolling-restart');
    await run(50_000);
    expect(countBy(e.state().bindings)).toEqual({ [e.servers[0]!]: 30 }); // A owns everything before the restart
    await run(240_000);
    const counts = countBy(e.state().bindings);
    expect(counts[e.servers[3]!] ?? 0).toBeGreaterThanOrEqual(25);
    for (const old of e.servers.slice(0, 3)) expect(counts[old] ?? 0).toBe(0);
  });

  it('a partitioned owner loses its apps, keeps running, and holds its stale heartbeat state until cleanData', async () => {
    const base = loadScenario('issue-181');
    const e = await start({ ...base, apps: { ...base.apps, rotatedListShare: 0 } });
    await run(30_000);
    const [first, second] = e.servers as [string, string];
    await e.partition(0);
    // a cut-off server costs each worker 2 × 3.2 s of connect timeouts, then the election pings it for 1 s
    await run(20_000);
    expect(countBy(e.state().bindings)).toEqual({ [second]: 20 });
    expect(e.state().servers[first]).toMatchObject({ running: true, partitioned: true });
    // cleanData (every 15 s) dropped the apps it had lost while it still owned some, then returns
    // early on a server that owns nothing: the state of the last ones stays (and /server/hello lists them)
    const stale = e.serverObjects[0]!.holders.size;
    expect(stale).toBeGreaterThan(0);
    await run(60_000);
    expect(e.serverObjects[0]!.holders.size).toBe(stale);
    expect(e.state().servers[first]!.heartbeatWorkers).toBe(0); // all timed out
    await e.heal(0);
    await run(30_000);
    expect(countBy(e.state().bindings)).toEqual({ [second]: 20 });
  });

  it('every server down: workers know no server, skip heartbeats, and find one again later', async () => {
    const e = await start('issue-181');
    await run(20_000);
    await e.stopServer(0);
    await e.stopServer(1);
    await run(20_000);
    expect(e.state().workersWithoutServer).toBe(e.workerObjects.length);
    await run(60_000);
    expect(e.workerObjects.every((w) => w.runningInstances === 0)).toBe(true); // trackers destroyed after ~5 failures
    await e.startServer(1);
    await run(20_000);
    expect(e.state().workersWithoutServer).toBe(0);
    expect(countBy(e.state().bindings)).toEqual({ [e.servers[1]!]: 20 });
  });

  it('an owner recorded by its AKKA address is dead to the election, as in PowerJob: the app is taken over', async () => {
    const e = await start('issue-181');
    await run(30_000);
    const db = e.serverObjects[0]!.cluster.db;
    const app = [...db.apps.values()][0]!;
    const owner = app.currentServer!;
    const akka = `${owner.split(':')[0]}:10086`;
    // the owner's own server, recorded by its other protocol's address: no main-protocol ping reaches it
    expect(db.compareAndSetNow(app.id, owner, akka, clock.current.now()).outcome).toBe('moved');
    await run(60_000);
    const now = db.apps.get(app.id)!.currentServer;
    expect(now).not.toBe(akka);
    expect(now).toMatch(/:10010$/);
  });

  it('is deterministic under a seed', async () => {
    const once = async () => {
      const e = await start('failover', { seed: 7 });
      await run(100_000);
      // ports are free ports, different each run: compare by server index
      const index = (a: string | null) => (a === null ? null : e.servers.indexOf(a));
      const s = Object.fromEntries(Object.entries(e.state().bindings).map(([app, server]) => [app, index(server)]));
      await e.close();
      emulator = undefined;
      return s;
    };
    const [a, b] = [await once(), await once()];
    expect(a).toEqual(b);
  });
});
