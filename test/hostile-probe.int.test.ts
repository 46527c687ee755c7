// What a hostile probe of a running Fulcrum got through (issue 24), tried again against a real
// process behind a (pretended) trusted proxy: parallel password guesses, open redirects, ingest
// tokens steering workers, large bodies, secrets in the log, framing, cross-site changes without an
// Origin, NULs, double decoding, webhook URLs and the contact-point test as an oracle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { adminJson, ADMIN_AUTHORIZATION, ADMIN_PASSWORD, eventually, freePort, startServer, type RunningServer } from './support/process.ts';

let server: RunningServer;
let ingestToken = '';
const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

beforeAll(async () => {
  // FULCRUM_INGEST_TOKEN empty: the process generates one; the demo's collector confirms its servers
  server = await startServer({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_TRUST_PROXY: 'on', FULCRUM_INGEST_TOKEN: '' } });
  ingestToken = fs.readFileSync(path.join(server.dataDir, 'ingest-token'), 'utf8').trim();
}, 300_000);

afterAll(async () => {
  if (server) expect(await server.stop(), `server exit code; its last output:\n${server.output().slice(-4000)}`).toBe(0);
});

/** POST /api/auth/sign-in as a browser on this site would, from `address` behind the proxy. */
function signIn(name: string, password: string, forwardedFor: string, cookie?: string) {
  return fetch(`${server.consoleUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ name, password }),
  });
}

describe('a hostile probe, again', () => {
  it('counts parallel guesses before comparing: 40 at one account, 60 from one address (the right-most X-Forwarded-For hop)', async () => {
    expect((await adminJson(server, 'POST', '/api/users', { name: 'paula', role: 'viewer', password: 'paula-password-1' })).status).toBe(201);
    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn('paula', i === 20 ? 'paula-password-1' : `guess-${i}`, `198.51.100.${i}`)));
    const compared = guesses.filter((g) => g.status !== 429);
    expect(compared.length, `answers other than 429: ${compared.map((g) => g.status)}`).toBeLessThanOrEqual(5);
    for (const g of guesses.filter((x) => x.status === 429)) expect(Number(g.headers.get('retry-after'))).toBeGreaterThan(0);
    // what a client writes left of the proxy's entry is not its address
    const sprayed = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(`spray-${i}`, 'x', `6.6.6.${i}, 203.0.113.60`)));
    expect(sprayed.filter((g) => g.status !== 429).length, 'attempts from 203.0.113.60 compared (the limit is 30)').toBeLessThanOrEqual(30);
    // HTTP Basic takes the same counters
    const res = await fetch(`${server.consoleUrl}/api/overview`, { headers: { authorization: basic('paula', 'paula-password-1'), 'x-forwarded-for': '198.51.100.201' } });
    expect(res.status).toBe(429);
  });

  it('signs in with a fresh session and ends the one the browser came with', async () => {
    const first = await signIn('admin', ADMIN_PASSWORD, '192.0.2.1');
    expect(first.status).toBe(200);
    const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!;
    const second = await signIn('admin', ADMIN_PASSWORD, '192.0.2.1', cookie);
    expect(second.status).toBe(200);
    const next = second.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(next).not.toBe(cookie);
    expect((await fetch(`${server.consoleUrl}/api/auth/me`, { headers: { cookie } })).status, 'the old session ended').toBe(401);
    expect((await fetch(`${server.consoleUrl}/api/auth/me`, { headers: { cookie: next } })).status).toBe(200);
  });

  it('gives the sign-in form / for a next that would leave the console', async () => {
    for (const next of ['/%09/evil.example/', '/%0A/evil.example/', '//evil.example', '/%5Cevil.example', 'https%3A%2F%2Fevil.example%2F']) {
      // the form's props in the page's React payload (the page's own URL is in it too, as Next.js's router state)
      const page = await (await fetch(`${server.consoleUrl}/sign-in?next=${next}`)).text();
      expect(page, next).toContain('{\\"next\\":\\"/\\",\\"sso\\":false}');
    }
    const kept = await (await fetch(`${server.consoleUrl}/sign-in?next=%2Falerts`)).text();
    expect(kept).toContain('{\\"next\\":\\"/alerts\\",\\"sso\\":false}');
  });

  it('does not deliver or count a server only an ingest batch named, until an operator confirms it', async () => {
    const now = new Date().toISOString();
    const batch = {
      batchId: 'probe-servers',
      servers: [
        { address: 'aaa-attacker.example:7700', observedAt: now, status: 'up' },
        { address: 'zzz-canary.example:7700', observedAt: now, status: 'up' },
      ],
      heartbeats: [{ workerAddress: '10.1.0.99:27777', appId: 9001, appName: 'probe-app', serverAddress: '10.0.0.5:10010', heartbeatTime: Date.now() }],
    };
    const ingest = (body: unknown) => fetch(`${server.dataPlaneUrl}/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await ingest(batch)).status).toBe(200);
    const overview = (await adminJson(server, 'GET', '/api/overview')).json as { servers: { address: string; confirmed: boolean }[] };
    expect(overview.servers.filter((s) => !s.confirmed).map((s) => s.address).sort()).toEqual(['10.0.0.5:10010', 'aaa-attacker.example:7700', 'zzz-canary.example:7700']);
    const assigned = async () => ((await (await fetch(`${server.dataPlaneUrl}/v1/assignment?app=app-01&worker=10.1.0.1:27777&version=5.1.1`)).json()) as { servers: string[] }).servers;
    // confirming the canary shows when the assignment snapshot holds the batch
    const confirmed = await adminJson(server, 'POST', `/api/servers/${encodeURIComponent('zzz-canary.example:7700')}/confirm`);
    expect(confirmed).toMatchObject({ status: 200, json: { confirmedBy: 'admin', changed: true } });
    const servers = await eventually(async () => ((await assigned()).includes('zzz-canary.example:7700') ? assigned() : null), 15_000, 'the confirmed canary in /v1/assignment');
    expect(servers).not.toContain('aaa-attacker.example:7700');
    expect(servers).not.toContain('10.0.0.5:10010');
    const audit = (await adminJson(server, 'GET', '/api/audit?action=server.confirm')).json as { entries: { target: string; actor: string }[] };
    expect(audit.entries).toEqual([expect.objectContaining({ target: 'server:zzz-canary.example:7700', actor: 'admin' })]);
    // a NUL in an app name is refused (400), not "send again" (503)
    const nul = await ingest({ batchId: 'probe-nul', heartbeats: [{ ...batch.heartbeats[0], appName: 'probe\u0000' }] });
    expect(nul.status).toBe(400);
  });

  it('answers 413 to a large body before reading it, by Content-Length and while a chunked body streams', async () => {
    const { port } = new URL(server.consoleUrl);
    const raw = (head: string, chunks: number) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1');
        let answer = '';
        socket.on('data', (d) => (answer += d.toString('utf8')));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
        // a server that waits for the whole body never answers: say so instead of hanging
        setTimeout(() => {
          resolve(`(no answer within 10 s, the server is reading the body) ${answer}`);
          socket.destroy();
        }, 10_000).unref();
        socket.on('connect', () => {
          socket.write(head);
          let i = 0;
          const pump = () => {
            while (i++ < chunks && !socket.destroyed) if (!socket.write(`400\r\n${'a'.repeat(1024)}\r\n`)) return void socket.once('drain', pump);
          };
          if (chunks) pump();
        });
      });
    const sized = await raw(`POST /api/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n{"name":`, 0);
    expect(sized).toMatch(/^HTTP\/1\.1 413 /);
    expect(sized).toContain('application/problem+json');
    const chunked = await raw(`POST /api/alert-rules HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${ADMIN_AUTHORIZATION}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, 4 * 1024);
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('refuses framing, a change whose Referer is another site, NULs in the query and a body, and a second decoding', async () => {
    const page = await fetch(`${server.consoleUrl}/sign-in`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const crossSite = await fetch(`${server.consoleUrl}/api/silences`, {
      method: 'POST',
      headers: { authorization: ADMIN_AUTHORIZATION, 'content-type': 'application/json', referer: 'https://evil.example/page' },
      body: JSON.stringify({ matchers: [{ name: 'server', value: 'x' }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString(), comment: 'x' }),
    });
    expect(crossSite.status).toBe(403);
    const nulQuery = await server.api('/api/apps?app=%00probe');
    expect([nulQuery.status, nulQuery.headers.get('content-type')]).toEqual([400, 'application/problem+json']);
    const nulBody = await adminJson(server, 'POST', '/api/alert-rules', { name: 'probe\u0000', series: { metric: 'maxMean', measure: 'apps' }, comparator: '>', threshold: 1.5, forSeconds: 120, severity: 'warning' });
    expect(nulBody.status).toBe(400);
    const twice = await server.api('/api/servers/%25zz');
    expect(twice.status).toBe(404);
    expect(((await twice.json()) as { detail: string }).detail).toContain('%zz');
    // the server page too: a malformed escape is no server (404), an encoded address is found
    expect((await server.api('/servers/%25zz')).status).toBe(404);
    const demo = ((await adminJson(server, 'GET', '/api/overview')).json as { servers: { address: string }[] }).servers[0]!.address;
    expect((await server.api(`/servers/${encodeURIComponent(demo)}`)).status).toBe(200);
    expect(server.output()).not.toContain('params:');
  });

  it('keeps webhook URLs from viewers and the audit log, and the contact-point test is no port scanner', async () => {
    const closed = await freePort();
    const url = `http://127.0.0.1:${closed}/robot/send?access_token=robot-secret-42`;
    const cp = await adminJson(server, 'POST', '/api/contact-points', { name: 'robot', url });
    expect(cp.status).toBe(201);
    const viewer = ((await adminJson(server, 'POST', '/api/tokens', { name: 'probe-viewer', role: 'viewer', expiresAt: null })).json as { token: string }).token;
    const asViewer = (p: string) => fetch(`${server.consoleUrl}${p}`, { headers: { authorization: `Bearer ${viewer}` } }).then((r) => r.text());
    expect(await asViewer('/api/contact-points')).not.toContain('robot-secret-42');
    expect(await asViewer('/api/audit?limit=50')).not.toContain('robot-secret-42');
    const tested = await adminJson(server, 'POST', `/api/contact-points/${cp.json.id}/test`);
    expect(tested.json).toMatchObject({ ok: false, ms: null });
    expect(String(tested.json.error)).not.toMatch(/ECONNREFUSED|refused|timed out|\d{4,5}/);
    const audit = (await adminJson(server, 'GET', '/api/audit?action=contact-point.test')).json as { entries: { detail: string }[] };
    expect(audit.entries[0]!.detail).toMatch(/^failed: /);
  });

  it('never writes the generated ingest token to the log, and says where it is', async () => {
    expect(fs.statSync(path.join(server.dataDir, 'ingest-token')).mode & 0o777).toBe(0o600);
    expect(server.output()).not.toContain(ingestToken);
    expect(server.output()).toContain(path.join(server.dataDir, 'ingest-token'));
  });
});
