// Fulcrum as an operator runs it: `node scripts/start.mjs` in its own process, over real HTTP.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, ROOT, startServer, tempDir, type RunningServer } from './support/process.ts';
import { openStore } from '../lib/store/index.ts';

const TOKEN = 'process-test-token-0123456789';

/** Runs start.mjs expecting it to fail at start; returns exit code and output. */
function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, FULCRUM_DEMO: 'off', PORT: '0', FULCRUM_DATAPLANE_PORT: '0', FULCRUM_HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += '(no exit within 90 s: killed)';
      child.kill('SIGKILL');
    }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

function heartbeatBatch(i: number, size: number) {
  return JSON.stringify({
    batchId: `stream-${i}`,
    heartbeats: Array.from({ length: size }, (_, k) => ({
      workerAddress: `10.${(i >> 8) & 255}.${i & 255}.${k % 256}:${27000 + Math.floor(k / 256)}`,
      appId: i,
      appName: `app-${i}`,
      serverAddress: `10.0.0.${i % 3}:7700`,
      heartbeatTime: Date.now(),
    })),
  });
}

function postRaw(url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(`${url}/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

// Each test starts one or two processes, and each start may take startServer's 90 s deadline on a
// loaded machine: the tests' timeout sits behind those deadlines, so a slow start fails with its
// reason (the process's output) instead of vitest's bare "timed out in 60000ms".
describe('the Fulcrum process', { timeout: 300_000 }, () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('answers 503 on both health endpoints until ready, then 200 with version, store and uptime', async () => {
    const dataDir = tempDir();
    const [consolePort, dataPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, FULCRUM_DEMO: 'off', PORT: String(consolePort), FULCRUM_DATAPLANE_PORT: String(dataPort), FULCRUM_HOST: '127.0.0.1', FULCRUM_DATA_DIR: dataDir, FULCRUM_INGEST_TOKEN: TOKEN },
      stdio: 'ignore',
    });
    const seen = { console: new Set<number>(), dataPlane: new Set<number>() };
    let body: Record<string, unknown> = {};
    let consoleHealth: Record<string, unknown> = {};
    const deadline = Date.now() + 90_000;
    let ready = false;
    while (Date.now() < deadline) {
      const [c, d] = await Promise.all([
        fetch(`http://127.0.0.1:${consolePort}/api/health`).catch(() => null),
        fetch(`http://127.0.0.1:${dataPort}/healthz`).catch(() => null),
      ]);
      if (c) seen.console.add(c.status);
      if (d) seen.dataPlane.add(d.status);
      if (c?.status === 200 && d?.status === 200) {
        consoleHealth = await c.json();
        body = await d.json();
        ready = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', r));
    expect(ready, `both health endpoints answer 200 within 90 s of the start; statuses seen: console ${JSON.stringify([...seen.console])}, data plane ${JSON.stringify([...seen.dataPlane])}`).toBe(true);
    expect(seen.console.has(503) && seen.dataPlane.has(503), JSON.stringify([...seen.console, ...seen.dataPlane])).toBe(true);
    expect(body).toMatchObject({ status: 'ok', version: '0.1.0', store: 'pglite', uptimeS: expect.any(Number) });
    expect(consoleHealth).toMatchObject({ status: 'ok', version: '0.1.0', store: 'pglite' });
    expect(code).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes a request in flight on SIGTERM, closes the store and exits 0', async () => {
    server = await startServer({ env: { FULCRUM_INGEST_TOKEN: TOKEN } });
    const body = heartbeatBatch(1, 2000);
    const half = Math.floor(body.length / 2);
    const status = new Promise<number>((resolve, reject) => {
      const req = http.request(`${server!.dataPlaneUrl}/v1/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      // the request has begun: stop the server, then finish sending it
      setTimeout(() => {
        server!.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 300);
      }, 300);
    });
    expect(await status).toBe(200);
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/"msg":"stopped"/);
    // the store was closed cleanly: it opens again, with the batch in it, and the lock file is gone
    expect(fs.existsSync(path.join(server.dataDir, 'fulcrum.pid'))).toBe(false);
    const store = await openStore({ dataDir: server.dataDir, staleAfterMs: 30_000 });
    expect(await store.countRows('worker_heartbeats')).toBe(2000);
    await store.close();
    server = undefined;
  });

  it('lets a second process on the same data directory exit with one clear line', async () => {
    server = await startServer({ env: { FULCRUM_INGEST_TOKEN: TOKEN } });
    const second = await startExpectingFailure({ FULCRUM_DATA_DIR: server.dataDir });
    expect(second.code, second.stderr).toBe(1);
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fulcrum: data directory .* is in use by another Fulcrum process \(pid \d+\)/);
    // the first one is unharmed
    expect((await fetch(`${server.dataPlaneUrl}/healthz`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    server = undefined;
  });

  it('exits with one clear line on an unwritable directory, an unreachable database or a bad setting', async () => {
    const file = path.join(tempDir(), 'file');
    fs.writeFileSync(file, '');
    for (const [env, pattern] of [
      [{ FULCRUM_DATA_DIR: path.join(file, 'data') }, /^fulcrum: data directory .* is not writable \(ENOTDIR\)/],
      [{ DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:1/fulcrum' }, /^fulcrum: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/fulcrum/],
      [{ FULCRUM_STALE_AFTER: 'soon' }, /^fulcrum: invalid configuration: FULCRUM_STALE_AFTER/],
    ] as const) {
      const r = await startExpectingFailure(env);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(pattern);
    }
  });

  it('manages collector sources over the operator API, kept across a restart', async () => {
    server = await startServer({ env: { FULCRUM_INGEST_TOKEN: TOKEN, FULCRUM_POWERJOB_SERVERS: ' 127.0.0.1:17991 , 127.0.0.1:17992' } });
    const api = (method: string, path: string, body?: unknown) =>
      server!.api(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const list = async () => ((await (await api('GET', '/api/sources')).json()) as { sources: { address: string; origin: string }[] }).sources;
    expect((await list()).map((s) => [s.address, s.origin])).toEqual([['127.0.0.1:17991', 'env'], ['127.0.0.1:17992', 'env']]);
    const bad = await api('POST', '/api/sources', { address: 'http://x' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('address');
    expect((await api('POST', '/api/sources', { address: '127.0.0.1:17993', extra: 1 })).status).toBe(400);
    expect((await api('POST', '/api/sources', { address: '127.0.0.1:17993' })).status).toBe(201);
    expect((await api('POST', '/api/sources', { address: '127.0.0.1:17993' })).status).toBe(409);
    const envRemoval = await api('DELETE', '/api/sources/127.0.0.1%3A17991');
    expect(envRemoval.status).toBe(409);
    expect((await envRemoval.json()).detail).toMatch(/FULCRUM_POWERJOB_SERVERS/);
    expect((await api('PUT', '/api/sources/127.0.0.1%3A17993', { address: '127.0.0.1:17994' })).status).toBe(200);
    expect((await api('DELETE', '/api/sources/127.0.0.1%3A17993')).status).toBe(404);
    expect((await list()).map((s) => s.address)).toEqual(['127.0.0.1:17991', '127.0.0.1:17992', '127.0.0.1:17994']);
    // the collector has already tried the unreachable servers: they show as down, with the reason
    const servers = await (await server.api('/servers')).text();
    expect(servers).toContain('127.0.0.1:17991');
    expect(servers).toContain('ECONNREFUSED');
    expect(await server.stop()).toBe(0);
    const again = await startServer({ dataDir: server.dataDir, env: { FULCRUM_INGEST_TOKEN: TOKEN } });
    const after = (await (await again.api('/api/sources')).json()) as { sources: { address: string; origin: string }[] };
    expect(after.sources.map((s) => [s.address, s.origin])).toEqual([['127.0.0.1:17994', 'console']]);
    expect(await again.stop()).toBe(0);
    server = undefined;
  });

  it('answers the analytics API, refusing bad parameters with 400 naming them', async () => {
    server = await startServer({ env: { FULCRUM_INGEST_TOKEN: TOKEN } });
    const get = (path: string) => server!.api(path);
    expect(await postRaw(server.dataPlaneUrl, heartbeatBatch(7, 30))).toBe(200);
    const overview = await (await get('/api/overview?measure=workers')).json();
    expect(overview).toMatchObject({ measure: 'workers', measureLabel: 'workers connected', fairness: { n: expect.any(Number) } });
    for (const [path, field] of [
      ['/api/overview?measure=cpu', 'measure'],
      ['/api/series/fairness?range=2y', 'range'],
      ['/api/workers?page=0', 'page'],
      ['/api/workers?sort=password', 'sort'],
      ['/api/apps?pageSize=100000', 'pageSize'],
      ['/api/workers?nonsense=1', '(query)'],
    ] as const) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect((await r.json()).errors.map((e: { path: string }) => e.path), path).toContain(field);
    }
    const series = await (await get('/api/series/fairness?metric=jain&measure=apps&range=15m')).json();
    expect(series).toMatchObject({ metric: 'jain', resolution: 'raw', bucketS: 10 });
    expect(series.points.length).toBeGreaterThanOrEqual(90);
    const workers = await (await get('/api/workers?q=10.0.7.&pageSize=10&sort=address')).json();
    expect(workers).toMatchObject({ total: 30, page: 1, pageSize: 10 });
    const csv = await get('/api/workers?q=10.0.7.&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(31);
    // mix weights: validated, stored, used
    const bad = await server.api('/api/settings/mix-weights', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apps: 0, workers: 0, running: 0 }) });
    expect(bad.status).toBe(400);
    const good = await server.api('/api/settings/mix-weights', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apps: 2, workers: 1, running: 0 }) });
    expect(good.status).toBe(200);
    expect(await (await get('/api/settings/mix-weights')).json()).toEqual({ apps: 2, workers: 1, running: 0 });
    expect((await get('/api/openapi.json')).status).toBe(200);
    // a mistyped path answers problem+json like every other mistake, for any method
    for (const method of ['GET', 'POST', 'DELETE']) {
      const r = await server.api('/api/overveiw', { method });
      expect(r.status, method).toBe(404);
      expect(r.headers.get('content-type'), method).toMatch(/^application\/problem\+json/);
      expect(await r.json(), method).toMatchObject({ status: 404, detail: expect.stringContaining('/api/overveiw') });
    }
    // a method the route does not have: a problem+json 405 naming the ones it has, in Allow too
    for (const [method, path, allow] of [
      ['PATCH', '/api/overview', 'GET, HEAD, OPTIONS'],
      ['GET', '/api/contact-points/1', 'PUT, DELETE, OPTIONS'],
      ['DELETE', '/api/strategies/preview', 'POST, OPTIONS'],
    ] as const) {
      const r = await server.api(path, { method });
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow')).toBe(allow);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await r.json()).toMatchObject({ status: 405, title: 'Method Not Allowed', detail: expect.stringContaining(allow), code: 'method-not-allowed', params: { method } });
    }
    // and a method it has still passes (the handler answers)
    expect((await server.api('/api/overview', { method: 'HEAD' })).status).toBe(200);
    expect(await server.stop()).toBe(0);
    server = undefined;
  });

  it('loses no batch that was answered 200 when killed with SIGKILL mid-stream', async () => {
    server = await startServer({ env: { FULCRUM_INGEST_TOKEN: TOKEN } });
    const size = 200;
    const acked: number[] = [];
    let next = 0;
    let killed = false;
    const streams = Array.from({ length: 4 }, async () => {
      while (!killed) {
        const i = next++;
        if ((await postRaw(server!.dataPlaneUrl, heartbeatBatch(i, size))) === 200) acked.push(i);
      }
    });
    await new Promise((r) => setTimeout(r, 2500));
    server.child.kill('SIGKILL');
    killed = true;
    await Promise.all(streams);
    await server.exited;
    expect(acked.length).toBeGreaterThan(10);

    // restart on the same directory (the dead process's lock is taken over), then count
    const again = await startServer({ dataDir: server.dataDir, env: { FULCRUM_INGEST_TOKEN: TOKEN } });
    expect(await again.stop()).toBe(0);
    const store = await openStore({ dataDir: server.dataDir, staleAfterMs: 30_000 });
    try {
      const counts = await store.heartbeatCountsByApp();
      const missing = acked.filter((i) => counts.get(i) !== size);
      expect(missing, `acked ${acked.length} batches`).toEqual([]);
      // and nothing half-stored: every batch in the store is complete
      expect([...counts.values()].every((n) => n === size)).toBe(true);
    } finally {
      await store.close();
      server = undefined;
    }
  });
});
