// The collector against the emulated PowerJob cluster over real HTTP, through the real ingest
// pipeline into a real store: what Fulcrum stores must match what the emulator knows. Emulated time
// is a manual clock that stands still while the collector asks (workers discover in process): a
// stall of the machine cannot age heartbeats or re-elect apps between the answer and the check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../emulator/clock.ts';
import { startEmulator, type Emulator } from '../emulator/cluster.ts';
import { loadScenario } from '../emulator/scenario.ts';
import { createDecodePool, type DecodePool } from '../dataplane/decode-pool.ts';
import { createIngestPipeline } from '../dataplane/pipeline.ts';
import { storeTargets } from '../store/test-support.ts';
import type { Store } from '../store/index.ts';
import { createCollector, type Collector } from './collector.ts';

describe('collector against the emulator', () => {
  let emulator: Emulator;
  let env: Awaited<ReturnType<ReturnType<typeof storeTargets>[number]['create']>>;
  let store: Store;
  let pool: DecodePool;
  let collector: Collector;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = manualClock(Date.now());
    emulator = await startEmulator({ scenario: { ...loadScenario('failover'), serverVersion: '5.1.1', events: [] }, clock, discovery: 'direct' });
    env = await storeTargets()[0]!.create();
    store = env.store;
    pool = createDecodePool({ threads: 0, encoding: store.heartbeatEncoding });
    const pipeline = createIngestPipeline(pool, () => store);
    collector = createCollector({
      sources: () => emulator.servers.map((address) => ({ address, origin: 'env' as const })),
      credentials: { username: 'ADMIN', password: 'powerjob' },
      intervalMs: 10_000,
      timeoutMs: 2000,
      now: () => clock.now(),
      ingest: async (batch) => void (await pipeline.ingest(batch, new Date(clock.now()))),
    });
    await clock.run(20_000); // every worker has discovered (they start within the first 10 s)
    expect(emulator.state().workersWithoutServer, 'workers without a server after 20 s of cluster time').toBe(0);
  });
  afterAll(async () => {
    await emulator?.close();
    await pool?.close();
    await env?.dispose();
  });

  it('stores the bindings, worker counts, names, running instances and metrics the emulator has', async () => {
    const round = await collector.round();
    expect(round).toMatchObject({ servers: 3, up: 3 });
    // worker counts follow the folded state (the fold job runs every 5 s)
    await store.foldHeartbeats(new Date(clock.now()));
    const truth = emulator.state();
    const now = new Date(emulator.clock.now());
    const apps = await store.listApps(now);
    expect(apps).toHaveLength(Object.keys(truth.bindings).length);
    for (const app of apps) expect(app.serverAddress, app.appName ?? '').toBe(truth.bindings[app.appName!]);
    expect(apps.every((a) => a.runningInstances !== null)).toBe(true);
    const servers = await store.listServers(now);
    for (const s of servers) {
      expect(s.workersConnected, s.address).toBe(truth.servers[s.address]!.workers);
      expect(s.appsOwned, s.address).toBe(truth.servers[s.address]!.appsOwned);
    }
    const workers = await store.listWorkers(now, { limit: 1000 });
    expect(workers).toHaveLength(truth.workers);
    const sample = emulator.workerObjects[0]!;
    const stored = workers.find((w) => w.address === sample.address)!;
    expect(stored.score).toBe(sample.metrics().score);
    expect(stored.serverAddress).toBe(truth.bindings[sample.app.appName]);
    expect(collector.status().every((s) => s.state === 'ok' && s.loggedIn)).toBe(true);
  });

  it('shows a stopped server as down, and follows its apps to the servers that took them over', async () => {
    const first = emulator.servers[0]!;
    await emulator.stopServer(0);
    await clock.run(30_000); // the workers re-discover (every 10 s) and the other servers take the apps over
    await collector.round();
    const now = new Date(emulator.clock.now());
    const down = (await store.listServers(now)).find((s) => s.address === first)!;
    expect(down.reportedStatus).toBe('down');
    expect(down.statusReason).toMatch(/unreachable: ECONNREFUSED/);
    const truth = emulator.state();
    const apps = await store.listApps(now);
    for (const app of apps) expect(app.serverAddress, app.appName ?? '').toBe(truth.bindings[app.appName!]);
    expect(apps.some((a) => a.serverAddress === first)).toBe(false);
    const history = await store.listBindingChanges({ limit: 500 });
    expect(history.some((h) => h.fromServer === first)).toBe(true);
  });
});

describe('collector against a PowerJob 4.3 cluster', () => {
  it('reads app names from the open 4.3 API, with or without credentials configured', async () => {
    const clock = manualClock(Date.now());
    const emulator = await startEmulator({ scenario: 'issue-181', clock, discovery: 'direct' });
    try {
      await clock.run(20_000); // every app elected
      for (const credentials of [undefined, { username: 'ADMIN', password: 'powerjob' }]) {
        const batches: { servers?: { apps?: { appName?: string }[] }[] }[] = [];
        const collector = createCollector({
          sources: () => emulator.servers.map((address) => ({ address, origin: 'env' as const })),
          credentials,
          intervalMs: 10_000,
          timeoutMs: 2000,
          ingest: async (batch) => void batches.push(batch),
        });
        await collector.round();
        const names = batches[0]!.servers!.flatMap((s) => (s.apps ?? []).map((a) => a.appName));
        expect(names).toHaveLength(20);
        expect(names.every((n) => /^app-\d\d$/.test(n ?? ''))).toBe(true);
      }
    } finally {
      await emulator.close();
    }
  });
});
