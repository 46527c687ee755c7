// npm run bench:console: the console's answers with the `large` cluster (50 servers, 2,000 apps,
// 20,000 workers, collected live from the emulator) and 7 days of history at 10 s resolution
// (generated here: 24 h raw samples, 7 days of 1-minute and 1-hour rollups). Prints p50/p95 of
// the analytics API beside /api/health measured in the same run, and the Overview's time to
// charts-with-data in headless Chromium.
import { spawn } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import { chromium } from '@playwright/test';
import { openSqlClient } from '../lib/store/db.ts';
import { migrate } from '../lib/store/migrate.ts';
import { ADMIN_AUTHORIZATION, ROOT, startServer, tempDir } from '../test/support/process.ts';
import { verdict } from './support.ts';

const N = Number(process.env.BENCH_REQUESTS ?? 60);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(url: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: ADMIN_AUTHORIZATION } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

process.stdout.write(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);

// 1. the large emulated cluster, in its own process
const emulator = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts', '--scenario', 'large', '--base-port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
const { servers } = JSON.parse(await new Promise<string>((r) => readline.createInterface({ input: emulator.stdout }).once('line', r))) as { servers: string[] };

// 2. seven days of history for those servers, written straight into a fresh store
const dataDir = tempDir('fulcrum-bench-console-');
const t0 = performance.now();
{
  const client = await openSqlClient({ dataDir });
  await migrate(client);
  const now = Date.now();
  const params = [servers, new Date(now)];
  // a skewed cluster: the first server carries ~20 % of apps, the rest share the remainder, with noise
  const shape = `case when s.i = 1 then 400 else 33 end + (random() * 4)::int`;
  await client.query(
    `insert into server_samples (server_address, ts, status, apps_owned, workers_connected, running_instances, heartbeats_per_s, avg_score, data_age_s)
     select s.a, ts, 'up', ${shape}, (${shape}) * 10, (${shape}) * 2, 20, 12, 3
     from unnest($1::text[]) with ordinality as s(a, i), generate_series($2::timestamptz - interval '24 hours', $2::timestamptz - interval '10 seconds', interval '10 seconds') as ts`,
    params,
  );
  for (const [table, step, span] of [['server_samples_1m', '1 minute', '7 days'], ['server_samples_1h', '1 hour', '7 days']] as const) {
    await client.query(
      `insert into ${table} select s.a, date_trunc('${step.split(' ')[1]}', b), 6, 6, ${shape}, ${shape} + 2, (${shape}) * 10, (${shape}) * 10 + 5,
              (${shape}) * 2, (${shape}) * 2 + 3, 20, 12, 5
       from unnest($1::text[]) with ordinality as s(a, i), generate_series($2::timestamptz - interval '${span}', $2::timestamptz - interval '${step}', interval '${step}') as b
       on conflict do nothing`,
      params,
    );
  }
  const counts = await client.query<{ t: string; n: string }>(
    `select 'raw' as t, count(*) as n from server_samples union all select '1m', count(*) from server_samples_1m union all select '1h', count(*) from server_samples_1h`,
  );
  process.stdout.write(`history: ${counts.map((c) => `${c.t} ${Number(c.n).toLocaleString('en-US')} rows`).join(', ')} (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  await client.close();
}

// 3. Fulcrum on that store, collecting from the emulator
const server = await startServer({ dataDir, env: { FULCRUM_POWERJOB_SERVERS: servers.join(',') } });
const api = (path: string) => `${server.consoleUrl}${path}`;
for (let i = 0; i < 120; i++) {
  const o = (await (await server.api('/api/overview')).json()) as { apps: unknown[] };
  if (o.apps.length >= 2000) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const workers = (await (await server.api('/api/workers?pageSize=1')).json()) as { total: number };
process.stdout.write(`cluster: ${servers.length} servers, ${workers.total} workers collected\n`);

// 4. the API, with /api/health as the floor of a Next.js route on this machine
const rows: [string, number[]][] = [];
for (const [name, path] of [
  ['GET /api/health (baseline)', '/api/health'],
  ['GET /api/overview?measure=apps', '/api/overview?measure=apps'],
  ['GET /api/overview?measure=mix', '/api/overview?measure=mix'],
  ['GET /api/series/fairness?range=7d', '/api/series/fairness?metric=maxMean&measure=apps&range=7d'],
  ['GET /api/series/fairness?range=24h', '/api/series/fairness?metric=jain&measure=workers&range=24h'],
  ['GET /api/workers (tag filter, sort)', '/api/workers?tag=blue&sort=score&order=desc&page=3'],
  ['GET /api/apps (search)', '/api/apps?q=app-1&sort=workers&order=desc'],
] as const) {
  rows.push([name, await time(api(path))]);
}
for (const [name, ms] of rows) {
  process.stdout.write(`${name.padEnd(40)} p50 ${percentile(ms, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(1).padStart(7)} ms\n`);
}

// 5. the Overview page in headless Chromium: navigation to charts with data
const browser = await chromium.launch({
  executablePath: process.env.FULCRUM_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(api('/overview')); // warm-up
const loads: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await page.goto(api('/overview'));
  // past 12 servers the load chart is horizontal, 25 servers a page (PAGE_SIZE in components/charts/server-load-chart.tsx)
  await page.locator('.recharts-bar-rectangle').nth(Math.min(servers.length, 25) - 1).waitFor();
  await page.locator('.recharts-line-curve').first().waitFor();
  loads.push(performance.now() - t);
}
process.stdout.write(`Overview: navigation to both charts with data  p50 ${percentile(loads, 50).toFixed(0)} ms   max ${Math.max(...loads).toFixed(0)} ms  (5 loads)\n`);
// the targets (docs/performance.md): the Overview's API and a 7-day series under 100 ms at p95, the page with charts under 1.5 s
for (const [name, ms] of rows.filter(([n]) => n.startsWith('GET /api/overview') || n === 'GET /api/series/fairness?range=7d')) {
  verdict(percentile(ms, 95) < 100, `${name} under 100 ms at p95: ${percentile(ms, 95).toFixed(1)} ms`);
}
verdict(Math.max(...loads) < 1500, `the Overview with both charts in under 1,500 ms, every load: slowest ${Math.max(...loads).toFixed(0)} ms`);
await browser.close();
await server.stop();
emulator.kill('SIGTERM');
