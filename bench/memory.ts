// npm run bench:memory: how much memory one Fulcrum process holds, and where it goes. Starts the
// built server (as `npm start` does) in each configuration below, first on a new data directory
// and then again on the same one (an operator's every later start), loads the console's Overview
// and its API, and samples the process's RSS every second for BENCH_MEMORY_SECONDS (default 60).
// Prints RSS p95 with V8's heap and the external (WebAssembly, buffers) memory from /metrics,
// beside a bare node:http server's RSS measured in the same run. Target (issue 22): the issue-181
// demo at most 300 MiB. The `large` soak's RSS is bench/soak.ts's. Loopback only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { startServer, tempDir, type RunningServer } from '../test/support/process.ts';
import { scratchDatabase } from '../lib/store/test-support.ts';
import { quantiles } from '../lib/domain/follow-rate.ts';
import { verdict } from './support.ts';

const SECONDS = Math.max(10, Math.min(600, Number(process.env.BENCH_MEMORY_SECONDS ?? 60)));
const DEMO_TARGET_MIB = 300;
const MiB = 1024 * 1024;

interface Config {
  name: string;
  env: Record<string, string>;
  postgres?: boolean;
}

const CONFIGS: Config[] = [
  { name: 'issue-181 demo, PGlite', env: { FULCRUM_DEMO: 'issue-181' } },
  { name: 'issue-181 demo, PGlite at its own 128MB buffers', env: { FULCRUM_DEMO: 'issue-181', FULCRUM_PGLITE_SHARED_BUFFERS: '128MB' } },
  { name: 'issue-181 demo, PostgreSQL', env: { FULCRUM_DEMO: 'issue-181' }, postgres: true },
  { name: 'no demo, PGlite', env: {} },
];

function rssBytes(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line.replace(/\D+/g, '')) * 1024;
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

async function gauges(server: RunningServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.dataPlaneUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const name of ['nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes']) {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (line) out[name] = Number(line.split(' ')[1]);
  }
  return out;
}

/** What an operator's browser asks for: the Overview page and the API calls it refreshes with. */
async function useConsole(server: RunningServer): Promise<void> {
  for (const path of ['/overview', '/api/overview', '/api/servers', '/api/rollouts', '/servers', '/rollouts']) {
    const res = await server.api(path);
    await res.arrayBuffer();
    if (res.status >= 500) throw new Error(`${path}: HTTP ${res.status}`);
  }
}

async function sample(server: RunningServer, label: string): Promise<{ p95: number; max: number; heap: number; external: number }> {
  const pid = server.child.pid!;
  await useConsole(server);
  const samples: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  let next = Date.now();
  while (Date.now() < until) {
    if (server.child.exitCode !== null) throw new Error(`${label}: the server exited (${server.child.exitCode}):\n${server.output().slice(-2000)}`);
    samples.push(rssBytes(pid));
    if (samples.length % 10 === 0) await useConsole(server);
    next += 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  const g = await gauges(server);
  const [p95] = quantiles(samples, [0.95]);
  return { p95: p95!, max: Math.max(...samples), heap: g.nodejs_heap_size_used_bytes ?? NaN, external: g.nodejs_external_memory_bytes ?? NaN };
}

/** The floor: a bare node:http server in a process of its own, measured the same way. */
async function bareBaseline(): Promise<number> {
  const child = spawn(process.execPath, ['-e', "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', () => console.log('up'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(child.pid!));
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  return Math.max(...samples);
}

const bare = await bareBaseline();
console.log(`bench:memory on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}; ${SECONDS} s of samples per start`);
console.log(`baseline: a bare node:http server holds ${mib(bare)} RSS\n`);
console.log('| configuration | start | RSS p95 | RSS max | V8 heap used | external (WebAssembly, buffers) |');
console.log('|---|---|---|---|---|---|');

const results = new Map<string, number>();
for (const config of CONFIGS) {
  const database = config.postgres ? await scratchDatabase('fulcrum_bench_memory') : null;
  const dataDir = tempDir('fulcrum-bench-memory-');
  try {
    for (const start of ['first (new data)', 'again (same data)']) {
      const server = await startServer({ dataDir, env: { ...config.env, ...(database ? { DATABASE_URL: database.url } : {}), FULCRUM_LOG_LEVEL: 'warn' }, timeoutMs: 300_000 });
      try {
        const r = await sample(server, `${config.name}, ${start}`);
        console.log(`| ${config.name} | ${start} | ${mib(r.p95)} | ${mib(r.max)} | ${mib(r.heap)} | ${mib(r.external)} |`);
        results.set(`${config.name}|${start}`, r.p95);
      } finally {
        await server.stop();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

console.log('');
const demo = results.get('issue-181 demo, PGlite|again (same data)')!;
const demoFirst = results.get('issue-181 demo, PGlite|first (new data)')!;
const demoPg = results.get('issue-181 demo, PostgreSQL|again (same data)')!;
verdict(demo <= DEMO_TARGET_MIB * MiB, `the issue-181 demo on PGlite holds at most ${DEMO_TARGET_MIB} MiB RSS (p95, a later start): ${mib(demo)}; first start ${mib(demoFirst)}; bare node ${mib(bare)}`);
verdict(demoPg <= DEMO_TARGET_MIB * MiB, `the issue-181 demo on PostgreSQL holds at most ${DEMO_TARGET_MIB} MiB RSS (p95): ${mib(demoPg)}`);
