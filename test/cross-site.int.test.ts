// Cross-site refusal through the running gate: every changing route's valid request (the auth
// matrix's examples), sent by the admin from a foreign site, is answered 403 and changes nothing;
// the same request from the console's own origin goes through. And a locked account's 429 says
// when to try again (Retry-After), for HTTP Basic and for the sign-in form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ADMIN_AUTHORIZATION, eventually, ROOT, startServer, type RunningServer } from './support/process.ts';
import { loadRouteTable } from '../lib/api/route-table.ts';
import { EXAMPLES, type MatrixContext } from './auth-matrix.examples.ts';
import { consoleCall, operatorState } from './operator-state.ts';

const CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];
/** what a browser sends with a request another site's page makes */
const FOREIGN: Record<string, Record<string, string>> = {
  'a foreign Origin': { origin: 'https://evil.example' },
  'Origin: null (a sandboxed page)': { origin: 'null' },
  'Sec-Fetch-Site: cross-site, no Origin': { 'sec-fetch-site': 'cross-site' },
};

let server: RunningServer;
let receiver: http.Server;
let ctx: MatrixContext;
let n = 0;

const call = (method: string, p: string, body: unknown, headers: Record<string, string>) => consoleCall(server.consoleUrl, method, p, body, headers);
const asAdmin = { authorization: ADMIN_AUTHORIZATION };
const admin = (method: string, p: string, body?: unknown) => call(method, p, body, asAdmin);

const changingRoutes = loadRouteTable(path.join(ROOT, 'app'))
  .flatMap((r) => r.exported.filter((m) => CHANGING.includes(m)).map((m) => `${m} ${r.route}`))
  .sort();

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
  await new Promise<void>((res) => receiver.listen(0, '127.0.0.1', res));
  server = await startServer({ env: { FULCRUM_DEMO: 'issue-181' } });
  expect((await admin('POST', '/api/users', { name: 'cross-signin', role: 'viewer', password: 'signin-password-1' })).status).toBe(201);
  const serverAddress = await eventually(async () => ((await admin('GET', '/api/overview')).json.servers as { address: string }[])[0]?.address ?? null, 60_000, 'a demo server collected', 300);
  ctx = {
    admin,
    unique: () => ++n,
    receiverUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    serverAddress,
    signInUser: { name: 'cross-signin', password: 'signin-password-1' },
  };
}, 300_000);

afterAll(async () => {
  if (server) expect(await server.stop(), `server exit code; its last output:\n${server.output().slice(-4000)}`).toBe(0);
  receiver?.close();
});

describe('cross-site changes through the running gate', () => {
  it.each(changingRoutes)('%s', async (key) => {
    const method = key.split(' ')[0]!;
    const example = EXAMPLES[key];
    expect(example, `${key}: no example in test/auth-matrix.examples.ts`).toBeDefined();
    if (!example) return;
    const req = await example.request(ctx);
    const before = await operatorState((p) => admin('GET', p));
    for (const [what, headers] of Object.entries(FOREIGN)) {
      const res = await call(method, req.path, req.body, { ...asAdmin, ...headers });
      expect(res.status, `${key} with ${what}: ${JSON.stringify(res.json)}`).toBe(403);
      expect(res.headers.get('content-type'), `${key} with ${what}`).toMatch(/^application\/problem\+json/);
      expect(res.json.detail, `${key} with ${what}`).toMatch(/cross-site/);
      expect(res.json.code, `${key} with ${what}`).toBe('cross-site');
      expect(res.headers.get('set-cookie'), `${key} with ${what}: no session from a refused request`).toBeNull();
    }
    expect(await operatorState((p) => admin('GET', p)), `${key}: a cross-site request changed something`).toBe(before);
    // the same request from the console's own pages goes through: the 403 was the origin's doing
    const same = await call(method, req.path, req.body, { ...asAdmin, origin: server.consoleUrl, 'sec-fetch-site': 'same-origin' });
    const ok = example.ok ? example.ok.includes(same.status) : same.status >= 200 && same.status < 300;
    expect(ok, `${key} from the console's origin: ${same.status} ${JSON.stringify(same.json)}`).toBe(true);
  });
});

describe('Retry-After on 429', () => {
  it('a locked account is told when to try again, over HTTP Basic and on the sign-in form', async () => {
    expect((await admin('POST', '/api/users', { name: 'rita', role: 'viewer', password: 'rita-password-1' })).status).toBe(201);
    const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`rita:${password}`).toString('base64')}` });
    // five failures are allowed within the 5 minute window; the sixth attempt is refused unchecked
    for (let i = 0; i < 5; i++) expect((await call('GET', '/api/auth/me', undefined, basic(`wrong-${i}`))).status, `wrong password ${i + 1}`).toBe(401);
    const locked = await call('GET', '/api/auth/me', undefined, basic('rita-password-1'));
    expect(locked.status, 'the right password while locked').toBe(429);
    expect(locked.json).toMatchObject({ status: 429, detail: expect.stringMatching(/try again later/) });
    const basicWait = Number(locked.headers.get('retry-after'));
    expect(Number.isInteger(basicWait) && basicWait >= 1 && basicWait <= 300, `Retry-After over Basic: ${locked.headers.get('retry-after')}`).toBe(true);
    const form = await call('POST', '/api/auth/sign-in', { name: 'rita', password: 'rita-password-1' }, { origin: server.consoleUrl });
    expect(form.status).toBe(429);
    const formWait = Number(form.headers.get('retry-after'));
    expect(Number.isInteger(formWait) && formWait >= 1 && formWait <= basicWait, `Retry-After on the form: ${form.headers.get('retry-after')} (Basic said ${basicWait})`).toBe(true);
    expect(form.headers.get('set-cookie')).toBeNull();
  });
});
