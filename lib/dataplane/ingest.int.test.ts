// POST /v1/ingest over real HTTP against a running data plane with a real store and a real decode
// thread; every refused request is followed by a check that the store is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataPlane } from './server.ts';
import { createDecodePool, type DecodePool } from './decode-pool.ts';
import type { Store } from '../store/index.ts';
import { storeTargets } from '../store/test-support.ts';

const TOKEN = 'test-ingest-token-0123456789';
const exampleText = fs.readFileSync(new URL('../../docs/ingest.example.json', import.meta.url), 'utf8');
const example = JSON.parse(exampleText);

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): Record<string, unknown> & { errors?: { path: string; message: string }[] };
}

describe.each(storeTargets())('POST /v1/ingest on $name', (target) => {
  let env: Awaited<ReturnType<typeof target.create>>;
  let store: Store;
  let pool: DecodePool;
  let server: http.Server;
  let base: string;
  let ready = false;

  beforeAll(async () => {
    env = await target.create();
    store = env.store;
    pool = createDecodePool({ threads: 1, encoding: store.heartbeatEncoding });
    server = createDataPlane({
      decode: (body, receivedAt) => pool.decode(body, receivedAt, store.transportAddresses()),
      ingest: (batch, receivedAt) => store.ingest(batch, receivedAt),
      ingestTokens: () => [TOKEN],
      maxBodyBytes: 64 * 1024,
      health: () => (ready ? { status: 'ok' } : null),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await pool?.close();
    await env?.dispose();
  });

  function request(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: Buffer[] }): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}${options.path ?? '/v1/ingest'}`, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
      });
      req.on('error', reject);
      if (options.chunked) {
        for (const c of options.chunked) req.write(c);
        req.end();
      } else req.end(options.body);
    });
  }

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request({
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    });

  async function snapshot() {
    return {
      batches: await store.countRows('ingest_batches'),
      heartbeats: await store.countRows('worker_heartbeats'),
      servers: await store.countRows('servers'),
      apps: await store.countRows('apps'),
      bindings: await store.countRows('bindings'),
    };
  }

  async function expectRefusedAndUnchanged(reply: Promise<Reply>, status: number) {
    const before = await snapshot();
    const r = await reply;
    expect(r.status, r.body).toBe(status);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.json()).toMatchObject({ status, title: expect.any(String) });
    expect(await snapshot()).toEqual(before);
    return r;
  }

  it('answers 503 until the process is ready, on /healthz and on ingest', async () => {
    expect((await request({ method: 'GET', path: '/healthz' })).status).toBe(503);
    await expectRefusedAndUnchanged(post(example), 503);
    ready = true;
    const health = await request({ method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('refuses a missing, malformed or wrong token with 401', async () => {
    const refusals = [
      await expectRefusedAndUnchanged(post(example, { authorization: '' }), 401),
      await expectRefusedAndUnchanged(post(example, { authorization: `Basic ${TOKEN}` }), 401),
      await expectRefusedAndUnchanged(post(example, { authorization: 'Bearer not-the-token' }), 401),
    ];
    expect(refusals.at(-1)!.headers['www-authenticate']).toMatch(/^Bearer/);
    // each with the code a program (or the console) matches on, beside the English detail
    expect(refusals.map((r) => r.json().code)).toEqual(['ingest-token-required', 'ingest-token-required', 'ingest-token-required']);
  });

  it('refuses a body that is not JSON by content type with 415', async () => {
    await expectRefusedAndUnchanged(post(exampleText, { 'content-type': 'text/plain' }), 415);
    await expectRefusedAndUnchanged(post(exampleText, { 'content-type': '' }), 415);
  });

  it('refuses an oversized body with 413, by its declared length, without reading it', async () => {
    // declares 10 MB but sends only a few bytes: the answer must come without waiting for the rest
    const reply = new Promise<Reply>((resolve, reject) => {
      const req = http.request(`${base}/v1/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': String(10 * 1024 * 1024) },
      }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
      });
      req.on('error', reject);
      req.write('{"batchId":');
    });
    const r = await expectRefusedAndUnchanged(reply, 413);
    expect(r.json().detail).toMatch(/limit is 65536/);
    expect(r.json()).toMatchObject({ code: 'body-too-large', params: { limit: 65536 } });
  });

  it('refuses an oversized chunked body with 413 once it passes the limit', async () => {
    const chunk = Buffer.alloc(16 * 1024, ' ');
    const r = await expectRefusedAndUnchanged(
      request({
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'transfer-encoding': 'chunked' },
        chunked: [Buffer.from('{"batchId":"big","heartbeats":['), chunk, chunk, chunk, chunk, chunk],
      }),
      413,
    );
    expect(r.json()).toMatchObject({ code: 'body-too-large', params: { limit: 65536 } });
  });

  it('refuses text that is not JSON with 400', async () => {
    const r = await expectRefusedAndUnchanged(post('{"batchId": "x", '), 400);
    expect(r.json().errors![0]!.path).toBe('(body)');
  });

  it('refuses a bad batch with 400 naming every bad field, and stores none of it', async () => {
    const batch = structuredClone(example);
    batch.batchId = 'bad-1';
    batch.heartbeats.push({ ...batch.heartbeats[0], workerAddress: 'no-port', heartbeatTime: -5 });
    batch.servers[0].apps[0].workers[0].systemMetrics.jvmMemoryUsage = 1.5;
    const r = await expectRefusedAndUnchanged(post(batch), 400);
    expect(r.json().errors!.map((e) => e.path).sort()).toEqual([
      'heartbeats.1.heartbeatTime',
      'heartbeats.1.workerAddress',
      'servers.0.apps.0.workers.0.systemMetrics.jvmMemoryUsage',
    ]);
    expect(r.json().detail).toMatch(/3 invalid field\(s\); nothing was stored/);
  });

  it('refuses a NUL in an app name with 400 (not 503, which an agent would retry forever)', async () => {
    const batch = { batchId: 'nul-app', heartbeats: [{ workerAddress: '10.0.1.1:27777', appId: 7, appName: 'orders\u0000', serverAddress: '10.0.0.5:7700', heartbeatTime: Date.now() }] };
    const r = await expectRefusedAndUnchanged(post(batch), 400);
    expect(r.json().errors).toEqual([expect.objectContaining({ path: 'heartbeats.0.appName', message: expect.stringMatching(/NUL/) })]);
  });

  it('answers 404 and 405 as problems', async () => {
    expect((await request({ method: 'GET', path: '/v2/nothing' })).status).toBe(404);
    const r = await request({ method: 'GET' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST');
    expect(r.json()).toMatchObject({ code: 'method-not-allowed', params: { method: 'GET', allowed: 'POST' } });
    for (const path of ['/healthz', '/metrics']) {
      const other = await request({ method: 'DELETE', path });
      expect([other.status, other.headers.allow, other.json()], `DELETE ${path}`).toEqual([405, 'GET, HEAD', expect.objectContaining({ status: 405, code: 'method-not-allowed', params: { method: 'DELETE', allowed: 'GET, HEAD' } })]);
    }
  });

  it('stores a valid batch, queryable at once', async () => {
    const r = await post(example);
    expect(r.status, r.body).toBe(200);
    expect(r.json()).toEqual({ batchId: example.batchId, accepted: { servers: 2, heartbeats: 2 } });
    expect(r.headers['fulcrum-duplicate-batch']).toBeUndefined();
    const workers = await store.listWorkers(new Date(), { limit: 10 });
    expect(workers.map((w) => w.address)).toEqual(['10.0.1.11:27777', '10.0.1.12:27777']);
    expect((await store.listServers(new Date())).map((s) => s.address)).toEqual(['10.0.0.5:7700', '10.0.0.6:7700']);
  });

  it('answers a batch sent again as before, and stores nothing twice', async () => {
    const before = await snapshot();
    const r = await post(example);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ batchId: example.batchId, accepted: { servers: 2, heartbeats: 2 } });
    expect(r.headers['fulcrum-duplicate-batch']).toBe('true');
    expect(await snapshot()).toEqual(before);
  });

  it('stores concurrent batches all, each once', async () => {
    const before = await store.countRows('worker_heartbeats');
    const batches = Array.from({ length: 8 }, (_, i) => ({
      batchId: `concurrent-${i}`,
      heartbeats: Array.from({ length: 50 }, (_, k) => ({
        workerAddress: `10.9.${i}.${k}:27777`,
        appId: 100 + i,
        appName: `c-${i}`,
        serverAddress: '10.0.0.5:7700',
        heartbeatTime: Date.now(),
      })),
    }));
    // each twice, at the same time
    const replies = await Promise.all([...batches, ...batches].map((b) => post(b)));
    expect(replies.map((r) => r.status)).toEqual(new Array(16).fill(200));
    expect(await store.countRows('worker_heartbeats')).toBe(before + 8 * 50);
  });
});
