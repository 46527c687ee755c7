// npm run soak: the `large` scenario's traffic against one real Fulcrum process for SOAK_SECONDS
// (default 600, at most 600): 20,000 workers' heartbeats every 10 s and their servers' snapshots
// every 10 s through POST /v1/ingest, every worker asking GET /v1/assignment every 10 s (with its
// ETag, as a deploy script would) while a rollout runs at 50 %, and long polls kept open. The
// server's RSS is sampled every 5 s; after the warm-up it must grow by less than 10 %, and no
// request may fail. Loopback only; prints the figures and exits 1 when a target is not met.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import { ADMIN_AUTHORIZATION, confirmServers, startServer } from '../test/support/process.ts';
import { verdict } from './support.ts';
import { scratchDatabase } from '../lib/store/test-support.ts';

const SECONDS = Math.min(600, Number(process.env.SOAK_SECONDS ?? 600));
const WARMUP_S = Math.min(120, Math.round(SECONDS / 5));
const WORKERS = 20_000;
const APPS = 2_000;
const SERVERS = 50;
const HEARTBEAT_EVERY_S = 10; // PowerJob workers report every 10 s by default (powerjob.md §6)
const SNAPSHOT_EVERY_S = 10; // the collector's round
const ASK_EVERY_S = 10; // each worker checks its assignment as often as it re-discovers (10 s, fixed)
// requests the generator keeps in flight at most; past it a due request is counted as behind, not queued
const MAX_IN_FLIGHT = 256;
const LONG_POLLS = 200;
const TOKEN = 'soak-ingest-token-0123456789';
/** BENCH_STORE=postgres: the server keeps its state in a new database on TEST_DATABASE_URL's server (127.0.0.1:5432 by default), dropped afterwards */
const STORE = process.env.BENCH_STORE ?? 'pglite';
if (STORE !== 'pglite' && STORE !== 'postgres') throw new Error(`BENCH_STORE must be pglite or postgres, not ${STORE}`);

const server = (i: number) => `10.0.${Math.floor(i / 250)}.${i % 250}:7700`;
const worker = (i: number) => `10.${1 + ((i >> 16) & 127)}.${(i >> 8) & 255}.${i & 255}:27777`;
const appOf = (w: number) => w % APPS;
const ownerOf = (app: number) => app % 7 === 0 ? 0 : app % SERVERS; // skewed: server 0 owns extra apps

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const pollAgent = new http.Agent({ keepAlive: true, maxSockets: LONG_POLLS + 8 });

function request(url: string, options: http.RequestOptions & { body?: string; useAgent?: http.Agent }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { ...options, agent: options.useAgent ?? agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Every operator-API request of the soak goes through here. */
async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await request(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: process.env.SOAK_AUTH ?? ADMIN_AUTHORIZATION },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${res.body}`);
  return JSON.parse(res.body || 'null');
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const counts = { ingestBatches: 0, heartbeats: 0, assignments: 0, notModified: 0, longPolls: 0, errors: 0, behind: 0 };
let stopping = false;
const errorSamples: string[] = [];
function fail(what: string) {
  if (stopping) return; // requests cut off by the soak's own shutdown are not the server's failures
  counts.errors++;
  if (errorSamples.length < 10) errorSamples.push(what);
}

async function main() {
  process.stdout.write(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  process.stdout.write(`soak: ${SECONDS} s (warm-up ${WARMUP_S} s), ${WORKERS} workers of ${APPS} apps on ${SERVERS} servers, store ${STORE}\n`);
  const database = STORE === 'postgres' ? await scratchDatabase('fulcrum_soak') : null;
  // SOAK_PROFILE=dir: the server writes a V8 CPU profile there when it exits (open it in Chrome's DevTools)
  const srv = await startServer({ ...(process.env.SOAK_PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.SOAK_PROFILE}`] } : {}), env: { FULCRUM_INGEST_TOKEN: TOKEN, ...(database ? { DATABASE_URL: database.url } : {}), ...(process.env.SOAK_SERVER_ENV ? JSON.parse(process.env.SOAK_SERVER_ENV) : {}) } });
  const pid = srv.child.pid!;
  const ingestUrl = `${srv.dataPlaneUrl}/v1/ingest`;
  let batchSeq = 0;
  const ingest = async (payload: object) => {
    const body = JSON.stringify({ batchId: `soak-${process.pid}-${batchSeq++}`, source: 'soak', ...payload });
    const r = await request(ingestUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) }, body }).catch((e: Error) => ({ status: 0, body: e.message, headers: {} }));
    if (r.status !== 200) fail(`ingest: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    else counts.ingestBatches++;
  };
  const snapshot = () => {
    const now = new Date().toISOString();
    return ingest({
      servers: Array.from({ length: SERVERS }, (_, s) => ({
        address: server(s), observedAt: now, status: 'up', serverId: s + 1, version: '5.1.1', transportAddress: server(s).replace(':7700', ':10010'),
        apps: Array.from({ length: APPS }, (_, a) => a).filter((a) => ownerOf(a) === s).map((a) => ({ appId: a + 1, appName: `app-${a}`, runningInstances: a % 5 })),
      })),
    });
  };
  const heartbeatBatch = (from: number, n: number) => {
    const t = Date.now();
    const heartbeats = [];
    for (let k = 0; k < n; k++) {
      const w = (from + k) % WORKERS;
      const a = appOf(w);
      heartbeats.push({ workerAddress: worker(w), appId: a + 1, appName: `app-${a}`, serverAddress: server(ownerOf(a)), heartbeatTime: t, version: '5.1.1', protocol: 'HTTP', tag: w % 3 ? 'blue' : 'green', systemMetrics: { cpuProcessors: 8, cpuLoad: 1.2, jvmUsedMemory: 1, jvmMaxMemory: 4, jvmMemoryUsage: 0.25, diskUsed: 40, diskTotal: 100, diskUsage: 0.4, score: 12 } });
    }
    counts.heartbeats += n;
    return ingest({ heartbeats });
  };

  await snapshot();
  // only confirmed servers are delivered: the operator confirms the ingested ones once
  await confirmServers(srv, Array.from({ length: SERVERS }, (_, s) => server(s)));
  for (let w = 0; w < WORKERS; w += 1000) await heartbeatBatch(w, 1000);
  const rollout = await api(srv.consoleUrl, 'POST', '/api/rollouts', { name: 'soak', candidate: { kind: 'rendezvous' }, steps: [{ percent: 50, pause: { manual: true } }] });
  await api(srv.consoleUrl, 'POST', `/api/rollouts/${rollout.id}/start`, {});
  process.stdout.write(`rollout ${rollout.id} running at 50 %\n`);

  const etags = new Map<number, string>();
  const ask = async (w: number) => {
    const a = appOf(w);
    const url = `${srv.dataPlaneUrl}/v1/assignment?app=app-${a}&worker=${encodeURIComponent(worker(w))}&version=5.1.1`;
    const etag = etags.get(w);
    const r = await request(url, { headers: etag ? { 'if-none-match': etag } : {} }).catch((e: Error) => ({ status: 0, body: e.message, headers: {} as http.IncomingHttpHeaders }));
    if (r.status === 200) {
      counts.assignments++;
      if (typeof r.headers.etag === 'string') etags.set(w, r.headers.etag);
    } else if (r.status === 304) counts.notModified++;
    else fail(`assignment: HTTP ${r.status} ${r.body.slice(0, 200)}`);
  };
  let running = true;
  const longPoll = async (w: number) => {
    while (running) {
      const a = appOf(w);
      const url = `${srv.dataPlaneUrl}/v1/assignment?app=app-${a}&worker=${encodeURIComponent(worker(w))}&version=5.1.1&wait=30`;
      const etag = etags.get(w);
      const r = await request(url, { useAgent: pollAgent, headers: etag ? { 'if-none-match': etag } : {} }).catch((e: Error) => ({ status: 0, body: e.message, headers: {} as http.IncomingHttpHeaders }));
      if (r.status === 200 || r.status === 304) counts.longPolls++;
      else if (running) fail(`long poll: HTTP ${r.status} ${r.body.slice(0, 200)}`);
      if (r.status === 200 && typeof r.headers.etag === 'string') etags.set(w, r.headers.etag);
    }
  };
  const polls = Array.from({ length: LONG_POLLS }, (_, i) => longPoll(i * 97));

  const started = Date.now();
  const samples: { t: number; rss: number; heap?: number }[] = [];
  // V8's heap in use, from the server's /metrics: RSS also holds memory freed but not returned, so
  // the heap says whether growth is live objects
  let heapUsed: number | undefined;
  const readHeap = () =>
    request(`${srv.dataPlaneUrl}/metrics`, { method: 'GET', useAgent: pollAgent })
      .then((r) => {
        const m = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(r.body);
        if (m) heapUsed = Number(m[1]) / 1024;
      })
      .catch(() => undefined);
  let nextWorker = 0;
  let nextAsk = 0;
  let lastSnapshot = Date.now();
  const tickMs = 100;
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  let lastSample = 0;
  let lastReport = Date.now();
  while (Date.now() - started < SECONDS * 1000) {
    const tick = Date.now();
    // heartbeats: WORKERS per HEARTBEAT_EVERY_S, in batches of up to 1,000
    const due = Math.round(((tick - started) / 1000) * (WORKERS / HEARTBEAT_EVERY_S));
    while (nextWorker + 1000 <= due) {
      track(heartbeatBatch(nextWorker, 1000));
      nextWorker += 1000;
    }
    if (tick - lastSnapshot >= SNAPSHOT_EVERY_S * 1000) {
      lastSnapshot = tick;
      track(snapshot());
    }
    // assignment checks: WORKERS per ASK_EVERY_S
    const asks = Math.round(((tick - started) / 1000) * (WORKERS / ASK_EVERY_S));
    while (nextAsk < asks) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        counts.behind += asks - nextAsk;
        nextAsk = asks;
        break;
      }
      track(ask(nextAsk++ % WORKERS));
    }
    if (tick - lastSample >= 5000) {
      lastSample = tick;
      samples.push({ t: (tick - started) / 1000, rss: rssKiB(pid), heap: heapUsed });
      void readHeap();
    }
    if (tick - lastReport >= 30_000) {
      lastReport = tick;
      const last = samples[samples.length - 1]!;
      process.stdout.write(`${Math.round(last.t)} s: RSS ${(last.rss / 1024).toFixed(0)} MiB, heap ${last.heap === undefined ? '?' : (last.heap / 1024).toFixed(0)} MiB, ${counts.heartbeats} heartbeats, ${counts.assignments + counts.notModified} assignment answers, ${counts.longPolls} long polls answered, ${counts.errors} errors, ${inFlight.size} in flight\n`);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - tick))));
  }
  running = false;
  await Promise.race([Promise.all([...inFlight]), new Promise((r) => setTimeout(r, 15_000))]);
  stopping = true;
  samples.push({ t: (Date.now() - started) / 1000, rss: rssKiB(pid) });
  const code = await srv.stop();
  await database?.drop();
  await Promise.race([Promise.all(polls), new Promise((r) => setTimeout(r, 5_000))]);
  agent.destroy();
  pollAgent.destroy();

  const after = samples.filter((s) => s.t >= WARMUP_S);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const k = Math.max(1, Math.floor(after.length / 5));
  const first = mean(after.slice(0, k).map((s) => s.rss));
  const last = mean(after.slice(-k).map((s) => s.rss));
  const growth = (last - first) / first;
  // least-squares slope of RSS over the samples after the warm-up: a trend, where the fifths' means
  // can land on different phases of the garbage collector's sawtooth
  const slope = (ys: { t: number; y: number }[]) => {
    const mt = mean(ys.map((p) => p.t));
    const my = mean(ys.map((p) => p.y));
    const num = ys.reduce((a, p) => a + (p.t - mt) * (p.y - my), 0);
    const den = ys.reduce((a, p) => a + (p.t - mt) ** 2, 0);
    return den > 0 ? num / den : 0;
  };
  const rssSlope = slope(after.map((s) => ({ t: s.t, y: s.rss })));
  const heaps = after.filter((s) => s.heap !== undefined).map((s) => ({ t: s.t, y: s.heap! }));
  const heapSlope = heaps.length > 2 ? slope(heaps) : NaN;
  const elapsed = samples[samples.length - 1]!.t;
  process.stdout.write(`\n## soak: ${elapsed.toFixed(0)} s\n`);
  process.stdout.write(`heartbeats ${counts.heartbeats} (${(counts.heartbeats / elapsed).toFixed(0)}/s) in ${counts.ingestBatches} batches; assignment answers ${counts.assignments} 200 + ${counts.notModified} 304 (${((counts.assignments + counts.notModified) / elapsed).toFixed(0)}/s of ${WORKERS / ASK_EVERY_S}/s due; ${counts.behind} due while ${MAX_IN_FLIGHT} were in flight, not sent); long polls answered ${counts.longPolls} (${LONG_POLLS} kept open)\n`);
  process.stdout.write(`server RSS: ${(samples[0]!.rss / 1024).toFixed(0)} MiB at the start, ${(first / 1024).toFixed(0)} MiB after the warm-up (mean of the first fifth), ${(last / 1024).toFixed(0)} MiB at the end (mean of the last fifth), max ${(Math.max(...samples.map((s) => s.rss)) / 1024).toFixed(0)} MiB\n`);
  process.stdout.write(`trend after the warm-up (least squares): RSS ${((rssSlope * 60) / 1024).toFixed(1)} MiB/min, V8 heap in use ${Number.isNaN(heapSlope) ? '?' : ((heapSlope * 60) / 1024).toFixed(1)} MiB/min (heap ${heaps.length ? `${(Math.min(...heaps.map((h) => h.y)) / 1024).toFixed(0)}–${(Math.max(...heaps.map((h) => h.y)) / 1024).toFixed(0)} MiB` : 'not read'})\n`);
  process.stdout.write(`RSS every 5 s after the warm-up (MiB): ${after.map((s) => (s.rss / 1024).toFixed(0)).join(' ')}\n`);
  process.stdout.write(`server exit code on SIGTERM: ${code}\n`);
  const flat = growth < 0.1;
  const clean = counts.errors === 0 && code === 0;
  const kept = counts.behind <= 0.01 * (counts.assignments + counts.notModified + counts.behind);
  verdict(flat, `RSS growth after the warm-up under 10 %: ${(growth * 100).toFixed(1)} %`);
  verdict(clean, `no errors: ${counts.errors}${errorSamples.length ? `\n     ${errorSamples.join('\n     ')}` : ''}`);
  verdict(kept, `the server kept up with the assignment rate (under 1 % left unsent): ${counts.behind} unsent`);
  if (!clean && code !== 0) process.stdout.write(srv.output().slice(-3000));
  process.exit(flat && clean && kept ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
