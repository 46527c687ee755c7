// Every operator route × {no credentials, viewer, operator, admin, expired token, revoked token}
// against a real Fulcrum process: each answer is the expected 401/403/2xx, and a refused request
// changes nothing (the audit log and every editable list stay as they were). Routes are found on
// disk (app/api/**/route.ts), so a new route without an entry in auth-matrix.examples.ts fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ADMIN_AUTHORIZATION, ROOT, startServer, type RunningServer } from './support/process.ts';
import { EXAMPLES, type MatrixContext, type Need } from './auth-matrix.examples.ts';
import { loadRouteTable } from '../lib/api/route-table.ts';
import { consoleCall, operatorState } from './operator-state.ts';

const METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `${METHOD} /api/...[param]` for every exported handler of every route file (the gate's route table). */
export function routeKeys(): string[] {
  return loadRouteTable(path.join(ROOT, 'app'))
    .flatMap((r) => r.exported.filter((m) => METHODS.includes(m)).map((m) => `${m} ${r.route}`))
    .sort();
}

type Cred = 'none' | 'viewer' | 'operator' | 'admin' | 'expired' | 'revoked';
const CREDS: Cred[] = ['none', 'viewer', 'operator', 'admin', 'expired', 'revoked'];
const RANK: Record<Need, number> = { public: 0, 'signed-in': 1, viewer: 1, operator: 2, admin: 3 };
const CRED_RANK: Record<Cred, number> = { none: -1, expired: -1, revoked: -1, viewer: 1, operator: 2, admin: 3 };

/** What the gate must answer: 401 without valid credentials, 403 below the role, else let through. */
function expected(need: Need, cred: Cred): 401 | 403 | 'ok' {
  if (need === 'public') return 'ok';
  if (CRED_RANK[cred] < 0) return 401;
  return CRED_RANK[cred] >= RANK[need] ? 'ok' : 403;
}

let server: RunningServer;
const headers: Record<Cred, Record<string, string>> = { none: {}, viewer: {}, operator: {}, admin: { authorization: ADMIN_AUTHORIZATION }, expired: {}, revoked: {} };
let receiver: http.Server;
let n = 0;

/** Every operator-API request of this file goes through here. */
const call = (cred: Cred, method: string, p: string, body?: unknown) => consoleCall(server.consoleUrl, method, p, body, headers[cred]);

/** The state a refused request must not touch (test/operator-state.ts). */
const fingerprint = () => operatorState((p) => call('admin', 'GET', p));

let ctx: MatrixContext;

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
  await new Promise<void>((res) => receiver.listen(0, '127.0.0.1', res));
  server = await startServer({ env: { FULCRUM_DEMO: 'issue-181' } });
  const admin = (method: string, p: string, body?: unknown) => call('admin', method, p, body);
  // viewer: a user (HTTP Basic, after the forced password change); operator: a Bearer token;
  // admin: HTTP Basic. Sessions are walked by lib/auth/service.int.test.ts and e2e/auth.spec.ts
  // (here a sign-out example would end the session the matrix itself runs on).
  await admin('POST', '/api/users', { name: 'matrix-viewer', role: 'viewer', password: 'viewer-initial-1' });
  headers.viewer = { authorization: `Basic ${Buffer.from('matrix-viewer:viewer-initial-1').toString('base64')}` };
  expect((await call('viewer', 'POST', '/api/auth/password', { current: 'viewer-initial-1', next: 'viewer-chosen-1' })).status).toBe(200);
  headers.viewer = { authorization: `Basic ${Buffer.from('matrix-viewer:viewer-chosen-1').toString('base64')}` };
  await admin('POST', '/api/users', { name: 'matrix-signin', role: 'viewer', password: 'signin-password-1' });
  const token = async (role: string, expiresAt: string | null) => (await admin('POST', '/api/tokens', { name: `matrix-${role}`, role, expiresAt })).json as { id: number; token: string };
  headers.operator = { authorization: `Bearer ${(await token('operator', null)).token}` };
  const expiring = await token('admin', new Date(Date.now() + 1500).toISOString());
  headers.expired = { authorization: `Bearer ${expiring.token}` };
  const revoked = await token('admin', null);
  expect((await admin('DELETE', `/api/tokens/${revoked.id}`)).status).toBe(200);
  headers.revoked = { authorization: `Bearer ${revoked.token}` };
  // a server in the store (the demo's collector reports within a round or two)
  let serverAddress = '';
  for (let i = 0; i < 60 && !serverAddress; i++) {
    serverAddress = ((await admin('GET', '/api/overview')).json.servers as { address: string }[])[0]?.address ?? '';
    if (!serverAddress) await new Promise((res) => setTimeout(res, 500));
  }
  ctx = {
    admin,
    unique: () => ++n,
    receiverUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    serverAddress,
    signInUser: { name: 'matrix-signin', password: 'signin-password-1' },
  };
  await new Promise((res) => setTimeout(res, Math.max(0, 1600)));
}, 300_000);

afterAll(async () => {
  if (server) expect(await server.stop(), `server exit code; its last output:\n${server.output().slice(-4000)}`).toBe(0);
  receiver?.close();
});

describe('route × credential matrix', () => {
  it('has an example for every method of every route file', () => {
    const keys = routeKeys();
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((k) => !EXAMPLES[k]), 'add these to test/auth-matrix.examples.ts').toEqual([]);
    expect(Object.keys(EXAMPLES).filter((k) => !keys.includes(k)), 'examples for routes that no longer exist').toEqual([]);
  });

  it.each(routeKeys().filter((k) => EXAMPLES[k]))('%s', async (key) => {
    const [method, , ] = key.split(' ') as [string, string];
    const example = EXAMPLES[key]!;
    const okStatus = (s: number) => (example.ok ? example.ok.includes(s) : s >= 200 && s < 300);
    // refused credentials first, all against one prepared request: nothing may change
    const refused = CREDS.filter((c) => expected(example.need, c) !== 'ok');
    if (refused.length) {
      const req = await example.request(ctx);
      const before = await fingerprint();
      for (const cred of refused) {
        const res = await call(cred, method, req.path, req.body);
        expect(res.status, `${key} as ${cred}: ${JSON.stringify(res.json)}`).toBe(expected(example.need, cred));
        expect(res.json, `${key} as ${cred}`).toMatchObject({ status: res.status, detail: expect.any(String), code: res.status === 401 ? (cred === 'none' ? 'unauthenticated' : 'token-invalid') : 'role-required' });
      }
      expect(await fingerprint(), `${key}: a refused request changed something`).toBe(before);
      // the same request by the admin goes through (the example works, and leaves nothing half done)
      const done = await call('admin', method, req.path, req.body);
      expect(okStatus(done.status), `${key} as admin after the refusals: ${done.status} ${JSON.stringify(done.json)}`).toBe(true);
    }
    for (const cred of CREDS.filter((c) => expected(example.need, c) === 'ok')) {
      const req = await example.request(ctx);
      const res = await call(cred, method, req.path, req.body);
      expect(okStatus(res.status), `${key} as ${cred}: ${res.status} ${JSON.stringify(res.json)}`).toBe(true);
    }
  });
});
