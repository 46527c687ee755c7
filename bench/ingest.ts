// npm run bench:ingest: worker heartbeats through the real data plane (HTTP, zod, store) into the
// embedded store, beside the store's own bulk-insert limit measured on the same rows in the same run.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openSqlClient } from '../lib/store/db.ts';
import { migrate } from '../lib/store/migrate.ts';
import { startServer, tempDir } from '../test/support/process.ts';
import { verdict } from './support.ts';
import { columnArrays, copyLine, HEARTBEAT_COLUMNS, heartbeatValueRows, INSERT_HEARTBEATS_UNNEST } from '../lib/store/ingest.ts';
import { ingestBatchSchema } from '../lib/domain/ingest-batch.ts';

const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TOKEN = 'bench-ingest-token-0123456789';
// 20,000 workers: the size of the `large` scenario (50 servers, 2,000 apps); each sends heartbeats again and again
const WORKERS = Number(process.env.BENCH_WORKERS ?? 20_000);

function heartbeat(n: number, t: number) {
  const i = n % WORKERS;
  return {
    workerAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:27777`,
    appId: i % 2000,
    appName: `app-${i % 2000}`,
    serverAddress: `10.0.0.${i % 50}:7700`,
    heartbeatTime: t + Math.floor(n / WORKERS) * 10_000,
    version: '5.1.1',
    protocol: 'HTTP',
    tag: i % 3 ? 'blue' : 'green',
    client: 'KingPenguin',
    isOverload: false,
    lightTaskTrackerNum: i % 7,
    heavyTaskTrackerNum: i % 2,
    systemMetrics: {
      cpuProcessors: 8, cpuLoad: 1.5 + (i % 10) / 10, jvmUsedMemory: 1.2, jvmMaxMemory: 4,
      jvmMemoryUsage: 0.3, diskUsed: 40, diskTotal: 100, diskUsage: 0.4, score: 12,
    },
  };
}

function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function storeLimit(rows: unknown[][][]): Promise<{ copy: number; unnest: number }> {
  const dir = tempDir('fulcrum-bench-limit-');
  const client = await openSqlClient({ dataDir: dir });
  await migrate(client);
  // The same heartbeat rows the data plane stores, in the same table, by the fastest plain means.
  const t0 = performance.now();
  for (const batch of rows) {
    await client.transaction(async (tx) => {
      await tx.copyText!('worker_heartbeats', HEARTBEAT_COLUMNS, batch.map((r) => copyLine(r)).join(''));
    });
  }
  const copy = (rows.length * BATCH) / ((performance.now() - t0) / 1000);
  await client.exec('truncate worker_heartbeats');
  const t1 = performance.now();
  for (const batch of rows) {
    await client.transaction(async (tx) => {
      await tx.query(INSERT_HEARTBEATS_UNNEST, columnArrays(batch));
    });
  }
  const unnest = (rows.length * BATCH) / ((performance.now() - t1) / 1000);
  await client.close();
  return { copy, unnest };
}

async function main() {
  const now = Date.now();
  process.stdout.write(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
  process.stdout.write(`workload: ${BATCHES} batches x ${BATCH} heartbeats from ${WORKERS} workers of 2,000 apps on 50 servers, ${CONCURRENCY} concurrent requests\n`);
  const bodies = Array.from({ length: BATCHES }, (_, b) =>
    JSON.stringify({ batchId: `bench-${now}-${b}`, source: 'bench', heartbeats: Array.from({ length: BATCH }, (_, k) => heartbeat(b * BATCH + k, now)) }),
  );

  const limit = await storeLimit(bodies.map((b) => heartbeatValueRows(ingestBatchSchema.parse(JSON.parse(b)), new Date(now))));

  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server side
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = await startServer({ direct: true, nodeArgs, env: { FULCRUM_INGEST_TOKEN: TOKEN } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL('/v1/ingest', server.dataPlaneUrl);
  // warm-up: JIT and the store's caches
  for (let i = 0; i < 5; i++) {
    await post(agent, url, JSON.stringify({ batchId: `warm-${now}-${i}`, heartbeats: [heartbeat(i, now)] }));
  }
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const status = await post(agent, url, bodies[next++]!);
        if (status !== 200) failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const code = await server.stop();
  const rate = (BATCHES * BATCH) / seconds;
  const best = Math.max(limit.copy, limit.unnest);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  process.stdout.write(`store limit, COPY into worker_heartbeats:     ${fmt(limit.copy)} rows/s\n`);
  process.stdout.write(`store limit, INSERT ... unnest:              ${fmt(limit.unnest)} rows/s\n`);
  process.stdout.write(`data plane POST /v1/ingest -> store:         ${fmt(rate)} heartbeats/s  (${seconds.toFixed(2)} s, ${failed} failed)\n`);
  process.stdout.write(`ratio to the store's limit:                  ${(rate / best).toFixed(2)}\n`);
  verdict(rate >= 50_000, `at least 50,000 heartbeats/s: ${fmt(rate)}/s`);
  verdict(rate / best >= 0.6, `at least 0.60 of the store's limit: ${(rate / best).toFixed(2)}`);
  process.stdout.write(`server exit code after SIGTERM: ${code}; data dir ${path.basename(server.dataDir)}\n`);
  if (failed > 0 || code !== 0) process.exitCode = 1;
}

await main();
