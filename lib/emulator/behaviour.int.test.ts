// The emulator reproduces what PowerJob users reported: the runs use a manual clock (minutes of
// cluster time in well under a second) and the same election code the HTTP endpoints use.
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from './clock.ts';
import { startEmulator, type Emulator } from './cluster.ts';
import { loadScenario } from './scenario.ts';

const T0 = Date.parse('2026-11-24T00:00:00Z');

async function run(clock: ManualClock, ms: number, step = 250) {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await new Promise((r) => setImmediate(r));
  }
}

function countBy(bindings: Record<string, string | null>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const server of Object.values(bindings)) if (server) counts[server] = (counts[server] ?? 0) + 1;
  return counts;
}

describe('emulated PowerJob behaviour', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('issue-181: with ordered lists, the first server takes about 15 of the 20 apps', async () => {
    const clock = manualClock(T0);
    emulator = await startEmulator({ scenario: 'issue-181', clock, discovery: 'direct' });
    await run(clock, 30_000);
    const counts = countBy(emulator.state().bindings);
    const [first, second] = emulator.servers;
    expect(counts[first!]).toBe(15);
    expect((counts[first!] ?? 0) + (counts[second!] ?? 0)).toBe(20);
  });

  it('shuffle (PowerJob 5.1+) spreads the app count, but not the load', async () => {
    const scenario = { ...loadScenario('issue-181'), workerVersions: [{ version: '5.1.1', share: 1 }], servers: { count: 4, startStopped: [] }, apps: { ...loadScenario('issue-181').apps, count: 200, jobRate: { dist: 'zipf' as const, s: 1.2, min: 0.1, max: 600 } } };
    const clock = manualClock(T0);
    emulator = await startEmulator({ scenario, clock, discovery: 'direct' });
    await run(clock, 30_000);
    const counts = countBy(emulator.state().bindings);
    const values = Object.values(counts);
    expect(values).toHaveLength(4);
    // counts within a reasonable band around 50 each
    for (const n of values) expect(n).toBeGreaterThan(30);
    // but the job load is uneven: the biggest app alone is a large share, wherever it landed
    const load: Record<string, number> = {};
    for (const w of emulator.workerObjects) {
      const owner = emulator.state().bindings[w.app.appName]!;
      load[owner] = (load[owner] ?? 0) + w.jobsPerMinute;
    }
    const loads = Object.values(load);
    expect(Math.max(...loads) / (loads.reduce((a, b) => a + b, 0) / loads.length)).toBeGreaterThan(1.3);
  });

  it('failover: apps that moved while the first server was down stay where they went', async () => {
    const clock = manualClock(T0);
    emulator = await startEmulator({ scenario: 'failover', clock, discovery: 'direct' });
    await run(clock, 55_000);
    const first = emulator.servers[0]!;
    const before = countBy(emulator.state().bindings)[first] ?? 0;
    expect(before).toBeGreaterThan(0);
    await run(clock, 35_000); // stopped at 60 s
    expect(countBy(emulator.state().bindings)[first] ?? 0).toBe(0);
    await run(clock, 120_000); // back at 90 s
    expect(emulator.state().servers[first]!.running).toBe(true);
    expect(countBy(emulator.state().bindings)[first] ?? 0).toBe(0);
  });

  it('rolling-restart (issue #897): the first new server ends up holding most apps', async () => {
    const clock = manualClock(T0);
    emulator = await startEmulator({ scenario: 'rolling-restart', clock, discovery: 'direct' });
    await run(clock, 280_000);
    const counts = countBy(emulator.state().bindings);
    const e = emulator.servers[3]!;
    expect(counts[e] ?? 0).toBeGreaterThanOrEqual(25);
    for (const old of emulator.servers.slice(0, 3)) expect(counts[old] ?? 0).toBe(0);
  });

  it('is deterministic under a seed', async () => {
    const once = async () => {
      const clock = manualClock(T0);
      const e = await startEmulator({ scenario: 'failover', clock, discovery: 'direct', seed: 7 });
      await run(clock, 100_000);
      // ports are free ports, different each run: compare by server index
      const index = (a: string | null) => (a === null ? null : e.servers.indexOf(a));
      const s = Object.fromEntries(Object.entries(e.state().bindings).map(([app, server]) => [app, index(server)]));
      await e.close();
      return s;
    };
    expect(await once()).toEqual(await once());
  });
});
