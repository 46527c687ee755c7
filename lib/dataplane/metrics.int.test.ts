// GET /metrics over real HTTP: Prometheus text with the data plane's requests, ingest batches and
// rejects, job durations and failures, and the collector's rounds and polls per source (against
// the emulated PowerJob cluster and a port where nothing listens).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataPlane } from './server.ts';
import { createDecodePool, type DecodePool } from './decode-pool.ts';
import { storeTargets } from '../store/test-support.ts';
import { startJobs } from '../jobs/runner.ts';
import { createCollector } from '../powerjob/collector.ts';
import { startEmulator } from '../emulator/cluster.ts';
import { freePort } from '../../test/support/process.ts';

const TOKEN = 'metrics-test-token-0123456789';
const example = fs.readFileSync(new URL('../../docs/ingest.example.json', import.meta.url), 'utf8');

/** The value of one sample line, `name{labels} value`; labels given as they are printed, in order. */
function sample(text: string, name: string, labels = ''): number {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : 0;
}

describe('GET /metrics', () => {
  let env: Awaited<ReturnType<ReturnType<typeof storeTargets>[number]['create']>>;
  let pool: DecodePool;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    env = await storeTargets()[0]!.create();
    const store = env.store;
    pool = createDecodePool({ threads: 0, encoding: store.heartbeatEncoding });
    server = createDataPlane({
      decode: (body, receivedAt) => pool.decode(body, receivedAt, store.transportAddresses()),
      ingest: (batch, receivedAt) => store.ingest(batch, receivedAt),
      ingestTokens: () => [TOKEN],
      maxBodyBytes: 64 * 1024,
      health: () => ({ status: 'ok' }),
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

  const scrape = async () => {
    const r = await fetch(`${base}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return r.text();
  };
  const ingest = (body: string, token = TOKEN, type = 'application/json') =>
    fetch(`${base}/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });

  it('counts requests per route and status, with latencies, and ingest batches and rejects', async () => {
    const before = await scrape();
    expect((await ingest(example)).status).toBe(200);
    expect((await ingest(example)).status).toBe(200); // the same batch again: a duplicate
    expect((await ingest(example, 'wrong-token-0123456789')).status).toBe(401);
    expect((await ingest('{"batchId": 1}')).status).toBe(400);
    expect((await ingest(example, TOKEN, 'text/plain')).status).toBe(415);
    expect((await fetch(`${base}/no/such/path/123`)).status).toBe(404);
    await fetch(`${base}/healthz`);
    const after = await scrape();
    const delta = (name: string, labels = '') => sample(after, name, labels) - sample(before, name, labels);

    expect(delta('fulcrum_http_requests_total', 'route="/v1/ingest",method="POST",status="200"')).toBe(2);
    expect(delta('fulcrum_http_requests_total', 'route="/v1/ingest",method="POST",status="401"')).toBe(1);
    expect(delta('fulcrum_http_requests_total', 'route="/v1/ingest",method="POST",status="400"')).toBe(1);
    expect(delta('fulcrum_http_requests_total', 'route="unmatched",method="GET",status="404"')).toBe(1);
    expect(delta('fulcrum_http_requests_total', 'route="/healthz",method="GET",status="200"')).toBe(1);
    // the scrape before this one is counted too
    expect(delta('fulcrum_http_requests_total', 'route="/metrics",method="GET",status="200"')).toBe(1);
    expect(delta('fulcrum_http_request_duration_seconds_count', 'route="/v1/ingest",method="POST"')).toBe(5);
    expect(sample(after, 'fulcrum_http_request_duration_seconds_sum', 'route="/v1/ingest",method="POST"')).toBeGreaterThan(0);

    expect(delta('fulcrum_ingest_batches_total', 'outcome="stored"')).toBe(1);
    expect(delta('fulcrum_ingest_batches_total', 'outcome="duplicate"')).toBe(1);
    expect(delta('fulcrum_ingest_rejects_total', 'reason="unauthorized"')).toBe(1);
    expect(delta('fulcrum_ingest_rejects_total', 'reason="invalid"')).toBe(1);
    expect(delta('fulcrum_ingest_rejects_total', 'reason="content_type"')).toBe(1);
    // the process's own figures come with it
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('has job durations and failures', async () => {
    const runner = startJobs([
      { name: 'fine', intervalMs: 3_600_000, run: async () => 1 },
      { name: 'broken', intervalMs: 3_600_000, run: async () => Promise.reject(new Error('no')) },
    ]);
    await runner.runNow('fine');
    await runner.runNow('fine');
    await runner.runNow('broken');
    await runner.stop();
    const text = await scrape();
    expect(sample(text, 'fulcrum_job_duration_seconds_count', 'job="fine"')).toBe(2);
    expect(sample(text, 'fulcrum_job_duration_seconds_count', 'job="broken"')).toBe(1);
    expect(sample(text, 'fulcrum_job_failures_total', 'job="broken"')).toBe(1);
    expect(sample(text, 'fulcrum_job_failures_total', 'job="fine"')).toBe(0);
  });

  it('has the collector’s rounds and its polls per source and result', async () => {
    const emulator = await startEmulator({ scenario: 'issue-181', basePort: 0, speed: 10, discovery: 'direct' });
    const dead = `127.0.0.1:${await freePort()}`;
    try {
      const collector = createCollector({
        sources: () => [
          { address: emulator.servers[0]!, origin: 'demo' as const },
          { address: dead, origin: 'console' as const },
        ],
        intervalMs: 10_000,
        timeoutMs: 1000,
        ingest: async () => undefined,
      });
      await collector.round();
      await collector.round(); // the dead source is now backing off
      const text = await scrape();
      expect(sample(text, 'fulcrum_collector_rounds_total')).toBe(2);
      expect(sample(text, 'fulcrum_collector_polls_total', `source="${emulator.servers[0]}",result="ok"`)).toBe(2);
      expect(sample(text, 'fulcrum_collector_polls_total', `source="${dead}",result="failed"`)).toBe(1);
      expect(sample(text, 'fulcrum_collector_polls_total', `source="${dead}",result="backoff"`)).toBe(1);
    } finally {
      await emulator.close();
    }
  });

  it('gives every answer a request id, keeping a sane one the caller sent', async () => {
    const mine = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.1' } });
    expect(mine.headers.get('x-request-id')).toBe('lb-7f3a.1');
    const fresh = await fetch(`${base}/healthz`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await fetch(`${base}/v1/ingest`, { method: 'POST', headers: { 'x-request-id': 'a b<script>' }, body: '{}' });
    expect(odd.status).toBe(401);
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says whether this process leads the jobs, and how many long polls are open', async () => {
    const text = await scrape();
    expect(text).toMatch(/^# TYPE fulcrum_leader gauge$/m);
    expect(text).toMatch(/^# TYPE fulcrum_assignment_long_polls_open gauge$/m);
  });
});
