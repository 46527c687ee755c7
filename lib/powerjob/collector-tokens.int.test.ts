// The collector's 5.x console calls over real HTTP against a fake server answering as PowerJob's
// ControllerExceptionHandler does (no real 5.x server is on Maven Central: docs/powerjob.md): a
// refused token is dropped and the login done again; one app's failing overview loses only its count.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestBatch } from '../domain/ingest-batch.ts';
import { createCollector } from './collector.ts';

const NOW = Date.parse('2026-12-01T10:00:00Z');

function fake(options: { refuseTokenWith?: string; failOverviewOf?: number }) {
  let logins = 0;
  let refused = false;
  const server = http.createServer((req, res) => {
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/server/hello') {
      return send({ success: true, data: { appIds: [1, 2], serverInfo: { id: 1, ip: '127.0.0.1', version: '5.1.1' }, serverTimeTs: NOW, defaultAddress: { protocol: 'HTTP', address: '127.0.0.1:10010' }, appId2ClusterInfo: {} } });
    }
    if (url.pathname === '/auth/thirdPartyLoginDirect') {
      logins++;
      return send({ success: true, data: { id: 1, username: 'ADMIN', jwtToken: `t${logins}.eyJleHAiOjQxMDI0NDQ4MDB9.s` } });
    }
    // the first token is refused once, with the code asked for
    if (options.refuseTokenWith && !refused && req.headers['powerjwt'] === 't1.eyJleHAiOjQxMDI0NDQ4MDB9.s') {
      refused = true;
      return send({ success: false, data: null, message: 'token expired', code: options.refuseTokenWith });
    }
    if (url.pathname === '/appInfo/list') return send({ success: true, data: { index: 0, totalPages: 1, data: [{ id: 1, appName: 'a1' }, { id: 2, appName: 'a2' }] } });
    if (url.pathname === '/system/overview') {
      const appId = Number(url.searchParams.get('appId'));
      if (appId === options.failOverviewOf) return send({ success: false, data: null, message: 'server[10.0.0.9:10010] is not available' });
      return send({ success: true, data: { runningInstanceCount: appId * 10 } });
    }
    res.writeHead(404).end();
  });
  return {
    logins: () => logins,
    listen: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const apps = (batch: IngestBatch) => (batch.servers ?? []).flatMap((s) => s.apps ?? []);

/** A 5.x-credentialed collector of one source, its batches and its clock. */
function collectorOf(address: string, now: () => number) {
  const batches: IngestBatch[] = [];
  const collector = createCollector({
    sources: () => [{ address, origin: 'env' as const }],
    credentials: { username: 'ADMIN', password: 'x' },
    intervalMs: 10_000,
    timeoutMs: 2_000,
    now,
    ingest: async (b) => void batches.push(b),
  });
  return { collector, batches };
}

describe('collector and the 5.x console API', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  for (const code of ['-100', '-101', '-102', '-103', '-401']) {
    it(`drops a token refused with ${code} and logs in again`, async () => {
      const f = fake({ refuseTokenWith: code });
      close = f.close;
      const address = await f.listen();
      let t = NOW;
      const { collector, batches } = collectorOf(address, () => t);
      await collector.round(); // logs in, its token is refused
      t += 10_000;
      await collector.round();
      t += 10 * 60_000;
      await collector.round();
      expect(f.logins()).toBe(2);
      expect(apps(batches.at(-1)!).map((a) => a.appName)).toEqual(['a1', 'a2']);
    });
  }

  it('one app’s failing overview loses that app’s running count only', async () => {
    const f = fake({ failOverviewOf: 1 });
    close = f.close;
    const address = await f.listen();
    const { collector, batches } = collectorOf(address, () => NOW);
    await collector.round();
    const byId = new Map(apps(batches[0]!).map((a) => [a.appId, a]));
    expect(byId.get(1)?.runningInstances).toBeUndefined();
    expect(byId.get(2)?.runningInstances).toBe(20);
  });
});
