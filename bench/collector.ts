// npm run bench:collector: the `large` emulated cluster (50 servers, 2,000 apps, 20,000 workers) in
// its own process, and the collector polling it through the real ingest pipeline into the embedded
// store. Prints each round's duration beside the 10 s interval it must fit in.
import { spawn } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import { createDecodePool } from '../lib/dataplane/decode-pool.ts';
import { createIngestPipeline } from '../lib/dataplane/pipeline.ts';
import { createCollector } from '../lib/powerjob/collector.ts';
import { openStore } from '../lib/store/index.ts';
import { ROOT, tempDir } from '../test/support/process.ts';
import { verdict } from './support.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const INTERVAL_MS = 10_000;

const emulator = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts', '--scenario', 'large', '--base-port', '0', '--report-every', '10'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let emulatorLog = '';
emulator.stderr.on('data', (d) => (emulatorLog += d));
const first = await new Promise<string>((resolve, reject) => {
  readline.createInterface({ input: emulator.stdout }).once('line', resolve);
  emulator.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${emulatorLog}`)));
});
const { servers, workers } = JSON.parse(first) as { servers: string[]; workers: number };
process.stdout.write(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
process.stdout.write(`emulator: ${servers.length} servers, ${workers} workers; waiting 12 s for every worker to discover\n`);
await new Promise((r) => setTimeout(r, 12_000));

const store = await openStore({ dataDir: tempDir('fulcrum-bench-collector-'), staleAfterMs: 30_000 });
const pool = createDecodePool({ threads: 1, encoding: store.heartbeatEncoding });
const pipeline = createIngestPipeline(pool, () => store);
const collector = createCollector({
  sources: () => servers.map((address) => ({ address, origin: 'env' as const })),
  intervalMs: INTERVAL_MS,
  timeoutMs: 2000,
  ingest: async (batch) => void (await pipeline.ingest(batch, new Date())),
});

const durations: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const started = performance.now();
  const r = await collector.round();
  const ms = performance.now() - started;
  durations.push(ms);
  process.stdout.write(`round ${i + 1}: ${Math.round(ms)} ms for ${r.servers} servers (${r.up} up), ${r.workers} workers  (interval ${INTERVAL_MS} ms)\n`);
  await store.foldHeartbeats(new Date());
  await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - ms)));
}
const summary = await store.clusterSummary(new Date());
process.stdout.write(`stored: ${summary.servers} servers, ${summary.apps} apps, ${summary.workersLive} live workers\n`);
process.stdout.write(`slowest round: ${Math.round(Math.max(...durations))} ms of the ${INTERVAL_MS} ms interval; RSS of this process ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB\n`);
verdict(Math.max(...durations) < INTERVAL_MS, `every round within the ${INTERVAL_MS.toLocaleString('en-US')} ms collection interval: slowest ${Math.round(Math.max(...durations)).toLocaleString('en-US')} ms`);
process.stdout.write(`emulator: ${emulatorLog.trim().split('\n').at(-1)}\n`);
emulator.kill('SIGTERM');
await pool.close();
await store.close();
