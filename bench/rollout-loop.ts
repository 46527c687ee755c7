// The whole rollout loop in one process on emulated time, for the controller's integration tests
// and bench:moves: an emulated cluster on a manual clock, the real collector (in-process discovery,
// HTTP to the servers), the ingest pipeline into a real store (PGlite in a temporary directory),
// and the rollout controller as server.ts wires it for the demo (planMoves, the emulator's
// compare-and-set, and its job_info and instance_info when the scenario schedules jobs).
import { manualClock } from '../lib/emulator/clock.ts';
import { startEmulator, type Emulator } from '../lib/emulator/cluster.ts';
import type { Scenario } from '../lib/emulator/scenario.ts';
import { createDecodePool } from '../lib/dataplane/decode-pool.ts';
import { createIngestPipeline } from '../lib/dataplane/pipeline.ts';
import { storeTargets, type StoreTarget } from '../lib/store/test-support.ts';
import type { Store } from '../lib/store/index.ts';
import { createCollector } from '../lib/powerjob/collector.ts';
import { emulatorActuator } from '../lib/powerjob/actuator.ts';
import { planMoves } from '../lib/domain/moves.ts';
import { createRolloutController, firingAlertRuleIds } from '../lib/jobs/rollout-controller.ts';

export interface RolloutLoop {
  emulator: Emulator;
  store: Store;
  now(): Date;
  /** one collection round, the heartbeat fold and server sample (jobs of their own in server.ts), one controller tick, then `stepMs` of cluster time */
  step(): Promise<void>;
  /** servers the collector stops asking (their data stops arriving) */
  unseen: Set<string>;
  /** apps owned: max over servers / mean */
  maxMean(): number;
  close(): Promise<void>;
}

/** `store`: the store target (PGlite in a temporary directory unless given) */
export async function startRolloutLoop(scenario: Scenario, options: { stepMs?: number; start?: number; store?: StoreTarget } = {}): Promise<RolloutLoop> {
  const stepMs = options.stepMs ?? 5_000;
  const clock = manualClock(options.start ?? Date.parse('2026-11-24T10:00:00Z'));
  const emulator = await startEmulator({ scenario, clock, discovery: 'direct' });
  const env = await (options.store ?? storeTargets()[0]!).create({ staleAfterMs: 60_000 });
  const store = env.store;
  const pool = createDecodePool({ threads: 0, encoding: store.heartbeatEncoding });
  const pipeline = createIngestPipeline(pool, () => store);
  const now = () => new Date(clock.now());
  const unseen = new Set<string>();
  const collector = createCollector({
    sources: () => emulator.servers.filter((a) => !unseen.has(a)).map((address) => ({ address, origin: 'env' as const })),
    intervalMs: 10_000,
    timeoutMs: 2000,
    now: () => clock.now(),
    ingest: async (batch) => void (await pipeline.ingest(batch, now())),
  });
  const controller = createRolloutController({ store, actuator: emulatorActuator(emulator), planMoves, firingRuleIds: firingAlertRuleIds(store), accuratePercentage: scenario.accuratePercentage, powerjobTimeZone: 'UTC' });
  await clock.run(24_000); // every worker has discovered
  const without = emulator.state().workersWithoutServer;
  if (without > 0) throw new Error(`${without} workers without a server after 24 s of cluster time`);
  return {
    emulator,
    store,
    now,
    unseen,
    async step() {
      await collector.round();
      await store.foldHeartbeats(now());
      await store.sampleServers(now(), 10_000);
      await controller.tick(now());
      await clock.run(stepMs);
    },
    maxMean() {
      const owned = Object.values(emulator.state().servers).map((s) => s.appsOwned);
      return Math.max(...owned) / (owned.reduce((a, b) => a + b, 0) / owned.length);
    },
    async close() {
      await emulator.close();
      await pool.close();
      await env.dispose();
    },
  };
}
