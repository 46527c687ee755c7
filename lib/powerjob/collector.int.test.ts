// The collector over real HTTP against servers that misbehave the ways real ones do: refuse
// connections, answer too slowly, answer garbage, or refuse to log in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IngestBatch } from '../domain/ingest-batch.ts';
import { ingestBatchSchema } from '../domain/ingest-batch.ts';
import { backoffMs, createCollector } from './collector.ts';

const NOW = Date.parse('2026-11-24T10:00:00Z');

/** A hello answer in PowerJob 5.1's shape (powerjob.md §4). */
function helloBody(port: number) {
  return {
    success: true,
    message: null,
    data: {
      localHost: '127.0.0.1',
      serverInfo: { id: 1, ip: '127.0.0.1', bornTime: NOW - 3600_000, version: '5.1.1' },
      serverTime: '2026-11-24 18:00:00',
      serverTimeTs: NOW,
      serverTimeZone: 'Asia/Shanghai',
      appIds: [1, 2],
      defaultAddress: { protocol: 'HTTP', address: `127.0.0.1:${port + 1}`, externalAddress: `127.0.0.1:${port + 1}` },
      appId2ClusterInfo: {
        '1': {
          allWorkers: {
            '10.0.1.1:27777': {
              address: '10.0.1.1:27777', lastActiveTime: NOW - 2000, protocol: 'HTTP', client: 'KingPenguin', tag: null,
              lightTaskTrackerNum: 1, heavyTaskTrackerNum: 0, lastOverloadTime: null, overloading: false,
              systemMetrics: { cpuProcessors: 8, cpuLoad: 1.2, jvmUsedMemory: 1, jvmMaxMemory: 4, jvmMemoryUsage: 0.25, diskUsed: 10, diskTotal: 100, diskUsage: 0.1, score: 12, extra: null },
              containerInfos: [],
            },
          },
        },
      },
    },
  };
}

type Behaviour = 'ok' | 'slow' | 'garbage' | 'shape' | 'error500' | 'login-refused';

function fakeServer(behaviour: Behaviour) {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const port = (server.address() as AddressInfo).port;
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url?.startsWith('/server/acquire')) return send({ success: false, message: 'the collector must never call this' });
    if (behaviour === 'slow') return; // never answers (the connection is closed at the end)
    if (behaviour === 'garbage') return res.end('<html>502 Bad Gateway</html>');
    if (behaviour === 'shape') return send({ success: true, data: { appIds: 'all of them' } });
    if (behaviour === 'error500') return res.writeHead(500).end();
    if (req.url === '/server/hello?debug=true') return send(helloBody(port));
    if (req.url === '/auth/thirdPartyLoginDirect') {
      return send(behaviour === 'login-refused' ? { success: false, code: '-200', message: 'wrong password' } : { success: true, data: { id: 1, username: 'ADMIN', jwtToken: 'a.eyJleHAiOjQxMDI0NDQ4MDB9.c' } });
    }
    if (req.headers.powerjwt !== 'a.eyJleHAiOjQxMDI0NDQ4MDB9.c') return send({ success: false, code: '-100', message: 'not logged in' });
    if (req.url === '/appInfo/list') return send({ success: true, data: { index: 0, pageSize: 100, totalPages: 1, totalItems: 2, data: [{ id: 1, appName: 'orders' }, { id: 2, appName: 'billing' }] } });
    if (req.url?.startsWith('/system/overview?appId=')) return send({ success: true, data: { runningInstanceCount: Number(req.url.split('=')[1]) * 10 } });
    send({ success: false, message: 'unknown' });
  });
  return { server, calls };
}

describe('collector against misbehaving servers', () => {
  const servers: Record<string, ReturnType<typeof fakeServer> & { address: string }> = {};
  const batches: IngestBatch[] = [];

  beforeAll(async () => {
    for (const b of ['ok', 'slow', 'garbage', 'shape', 'error500', 'login-refused'] as Behaviour[]) {
      const f = fakeServer(b);
      await new Promise<void>((r) => f.server.listen(0, '127.0.0.1', r));
      servers[b] = { ...f, address: `127.0.0.1:${(f.server.address() as AddressInfo).port}` };
    }
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) {
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
    }
  });

  it('reports each server up or down with the reason, and keeps collecting the others', async () => {
    let clock = NOW;
    const refused = '127.0.0.1:1';
    const collector = createCollector({
      sources: () => [...Object.values(servers).map((s) => ({ address: s.address, origin: 'env' as const })), { address: refused, origin: 'console' }],
      credentials: { username: 'ADMIN', password: 'pw' },
      intervalMs: 10_000,
      timeoutMs: 2000,
      now: () => clock,
      ingest: async (batch) => {
        // the same validation as POST /v1/ingest: a batch the collector builds is always valid
        const r = ingestBatchSchema.safeParse(batch);
        expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
        batches.push(batch);
      },
    });
    const started = performance.now();
    // the slow server never answers: a round that ends at all gave up on it, and not before the 2 s timeout
    const result = await Promise.race([
      collector.round(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the round waited for the server that never answers (no end within 15 s)')), 15_000)),
    ]);
    expect(performance.now() - started, 'round ended before the 2 s timeout').toBeGreaterThanOrEqual(1900);
    expect(result).toMatchObject({ servers: 7, up: 2 });
    const snap = (address: string) => batches[0]!.servers!.find((s) => s.address === address)!;
    expect(snap(servers.ok!.address)).toMatchObject({
      status: 'up',
      serverId: 1,
      version: '5.1.1',
      transportAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      apps: [
        { appId: 1, appName: 'orders', runningInstances: 10, workers: [expect.objectContaining({ address: '10.0.1.1:27777', systemMetrics: expect.objectContaining({ score: 12 }) })] },
        { appId: 2, appName: 'billing', runningInstances: 20, workers: [] },
      ],
    });
    expect(snap(servers.slow!.address)).toMatchObject({ status: 'down', reason: expect.stringMatching(/^timed out/) });
    expect(snap(servers.garbage!.address)).toMatchObject({ status: 'down', reason: expect.stringMatching(/^answered garbage: .*not JSON/) });
    // what the source answered is not repeated where viewers see it
    expect(snap(servers.garbage!.address).reason).not.toMatch(/html|Bad Gateway/);
    expect(snap(servers.shape!.address)).toMatchObject({ status: 'down', reason: expect.stringMatching(/^answered garbage: .*unexpected shape/) });
    expect(snap(servers.error500!.address)).toMatchObject({ status: 'down', reason: 'error: HTTP 500' });
    expect(snap(refused)).toMatchObject({ status: 'down', reason: expect.stringMatching(/^unreachable: ECONNREFUSED/) });
    // a refused login does not make a reachable server "down": it is up, without app details
    expect(snap(servers['login-refused']!.address)).toMatchObject({ status: 'up', reason: expect.stringMatching(/login failed/) });
    for (const s of Object.values(servers)) expect(s.calls.some((c) => c.includes('/server/acquire'))).toBe(false);

    // the next round does not call a failing server again before its back-off ends
    const before = servers.garbage!.calls.length;
    clock += 5_000;
    await collector.round();
    expect(servers.garbage!.calls.length).toBe(before);
    expect(snap(servers.garbage!.address).status).toBe('down');
    expect(batches[1]!.servers!.find((s) => s.address === servers.garbage!.address)!.reason).toMatch(/next attempt in 5 s/);
    const status = collector.status().find((s) => s.address === servers.garbage!.address)!;
    expect(status).toMatchObject({ state: 'failing', consecutiveFailures: 1 });
    expect(collector.status().find((s) => s.address === servers.ok!.address)).toMatchObject({ state: 'ok', appsHeld: 2, workers: 1, loggedIn: true });
  }, 20_000);
});

describe('backoff', () => {
  it('doubles from the interval up to a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, 10_000))).toEqual([0, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });
});
