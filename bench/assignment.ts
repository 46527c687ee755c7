// npm run bench:assignment: GET /v1/assignment of a real Fulcrum process for the `large` scenario's
// 20,000 workers with a rollout at 50%, beside a bare node:http server (its own process) answering
// the same-sized JSON, measured in the same run: maximum throughput, then latency at half of it.
import http from 'node:http';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { confirmServers, startServer, tempDir } from '../test/support/process.ts';
import { verdict } from './support.ts';
import { openStore } from '../lib/store/index.ts';
import { advance, newRollout, rolloutSpec } from '../lib/domain/rollout.ts';
import { scenario } from '../lib/domain/scenario-gen.ts';
import { scratchDatabase } from '../lib/store/test-support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TOKEN = 'bench-ingest-token-0123456789';
/** BENCH_STORE=postgres: the process keeps its state in a new database on TEST_DATABASE_URL's server (127.0.0.1:5432 by default) instead of the embedded PGlite */
const STORE = process.env.BENCH_STORE ?? 'pglite';
if (STORE !== 'pglite' && STORE !== 'postgres') throw new Error(`BENCH_STORE must be pglite or postgres, not ${STORE}`);

const large = scenario('large');
const workers = large.cluster.apps.flatMap((a) => a.workers.map((w) => ({ app: a.name, address: w.address })));
const paths = workers.map((w) => `/v1/assignment?app=${encodeURIComponent(w.app)}&worker=${encodeURIComponent(w.address)}&version=5.1.1`);

function get(agent: http.Agent, base: string, path: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { agent }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      })
      .on('error', reject);
  });
}

/** As many requests as CONCURRENCY keep-alive connections can make in SECONDS. */
async function maxRate(base: string): Promise<{ rps: number; errors: number; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const end = performance.now() + SECONDS * 1000;
  let n = 0;
  let errors = 0;
  let bytes = 0;
  let i = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const r = await get(agent, base, paths[i++ % paths.length]!);
        if (r.status === 200) n++;
        else errors++;
        bytes = r.bytes;
      }
    }),
  );
  agent.destroy();
  return { rps: n / SECONDS, errors, bytes };
}

/** Requests started at a fixed rate (open loop), latency of each. */
async function latencyAt(base: string, rps: number): Promise<{ p50: number; p99: number; max: number; sent: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rps * SECONDS);
  const latencies: number[] = [];
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    inFlight.push(get(agent, base, paths[k % paths.length]!).then(() => void latencies.push(performance.now() - t0)));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1]!, sent: latencies.length };
}

/** The bare baseline: node:http in its own process, answering a fixed JSON body of the same size. */
async function startBare(body: string): Promise<{ base: string; stop(): void }> {
  const code = `const http=require('node:http');const body=${JSON.stringify(body)};const s=http.createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json','content-length':Buffer.byteLength(body),'cache-control':'no-cache'});r.end(body)});s.keepAliveTimeout=65000;s.listen(0,'127.0.0.1',()=>process.stdout.write(String(s.address().port)+'\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function main() {
  process.stdout.write(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
  process.stdout.write(`scenario large: ${large.cluster.servers.length} servers, ${large.cluster.apps.length} apps, ${workers.length} workers; rollout at 50%; ${CONCURRENCY} connections, ${SECONDS} s per run; store ${STORE}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

  // a rollout at 50% in the store before the process starts
  const dataDir = tempDir('fulcrum-bench-assign-');
  const database = STORE === 'postgres' ? await scratchDatabase('fulcrum_bench') : null;
  try {
    await run(dataDir, database?.url);
  } finally {
    await database?.drop();
  }
}

async function run(dataDir: string, databaseUrl: string | undefined) {
  const store = await openStore({ dataDir, databaseUrl, staleAfterMs: 30_000 });
  const spec = rolloutSpec.parse({ name: 'half', candidate: { kind: 'bounded-load' }, steps: [{ percent: 50, pause: { manual: true } }] });
  const created = await store.createRollout(newRollout('ro-bench', spec), 'bench', new Date());
  const started = advance(created, { type: 'start' }, new Date());
  if (!started.ok) throw new Error(started.reason);
  await store.saveRolloutTransition(started.rollout, created.revision, started.transition!, 'bench', new Date());
  await store.close();

  const server = await startServer({ direct: true, dataDir, nodeArgs: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/rollouts-prof'] : [], env: { FULCRUM_INGEST_TOKEN: TOKEN, FULCRUM_ROLLOUT_INTERVAL: '1h', FULCRUM_STALE_AFTER: '1h', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) } });
  try {
    // the large scenario's servers, reported through the ingest API and confirmed (as an operator
    // would: only confirmed servers are delivered), so the snapshot holds them
    const batch = JSON.stringify({ batchId: 'servers', servers: large.cluster.servers.map((s) => ({ address: s.address, status: 'up', observedAt: new Date().toISOString() })) });
    const res = await fetch(`${server.dataPlaneUrl}/v1/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: batch });
    if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
    await confirmServers(server, large.cluster.servers.map((s) => s.address));
    await new Promise((r) => setTimeout(r, 2500)); // the snapshot reloads every 2 s

    const agent = new http.Agent({ keepAlive: true });
    const sample = await get(agent, server.dataPlaneUrl, paths[0]!);
    const one = await (await fetch(`${server.dataPlaneUrl}${paths[0]}`)).json();
    agent.destroy();
    if (sample.status !== 200 || one.servers.length !== large.cluster.servers.length) throw new Error(`unexpected answer: ${JSON.stringify(one).slice(0, 300)}`);
    let inCohort = 0;
    for (const p of paths.slice(0, 400)) if ((await (await fetch(`${server.dataPlaneUrl}${p}`)).json()).rollout?.inCohort) inCohort++;
    process.stdout.write(`answer: ${sample.bytes} bytes of JSON (${one.servers.length} servers); ${Math.round((inCohort / 400) * 100)}% of the first 400 workers in the cohort\n`);

    const bare = await startBare(JSON.stringify(one));
    try {
      // warm both, then measure each
      await maxRate(bare.base);
      await maxRate(server.dataPlaneUrl);
      const fBare = await maxRate(bare.base);
      const fAssign = await maxRate(server.dataPlaneUrl);
      const half = fAssign.rps / 2;
      const lAssign = await latencyAt(server.dataPlaneUrl, half);
      const lBare = await latencyAt(bare.base, half);
      const fmt = (x: number) => x.toFixed(x < 10 ? 2 : 0);
      process.stdout.write(`\n${'server'.padEnd(28)} ${'req/s'.padStart(8)} ${'errors'.padStart(7)}   at ${fmt(half)} req/s: ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)}\n`);
      process.stdout.write(`${'bare node:http (baseline)'.padEnd(28)} ${fmt(fBare.rps).padStart(8)} ${String(fBare.errors).padStart(7)}   ${''.padStart(12 + fmt(half).length)} ${fmt(lBare.p50).padStart(7)} ${fmt(lBare.p99).padStart(7)} ${fmt(lBare.max).padStart(7)}\n`);
      process.stdout.write(`${'GET /v1/assignment'.padEnd(28)} ${fmt(fAssign.rps).padStart(8)} ${String(fAssign.errors).padStart(7)}   ${''.padStart(12 + fmt(half).length)} ${fmt(lAssign.p50).padStart(7)} ${fmt(lAssign.p99).padStart(7)} ${fmt(lAssign.max).padStart(7)}\n\n`);
      const ratio = fAssign.rps / fBare.rps;
      verdict(ratio >= 0.8, `throughput at least 0.8 of the bare server: ${ratio.toFixed(2)}`);
      verdict(lAssign.p99 < 5, `p99 under 5 ms at half the maximum rate: ${lAssign.p99.toFixed(2)} ms`);
    } finally {
      bare.stop();
    }
  } finally {
    await server.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});

