// A seeded generator of malformed and hostile requests for the operator API and the data plane:
// wrong types, huge bodies, deep nesting, unicode (and bytes that are not UTF-8), SQL and script
// fragments, path tricks, bad headers and credentials. test/fuzz.int.test.ts sends them; the same
// seed gives the same requests, so a failure can be replayed.
import { seeded, type Random } from '../../lib/domain/random.ts';

export interface HostileRequest {
  target: 'console' | 'dataplane';
  method: string;
  /** the raw request target, exactly as sent on the wire */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** what kind of hostility, for the failure message */
  kind: string;
}

export interface Credentials {
  /** Authorization for the operator API (an admin token: hostile input must reach validation too) */
  admin: string;
  /** Authorization for POST /v1/ingest */
  ingest: string;
}

const STRINGS = [
  "' OR '1'='1",
  "'; drop table users; --",
  '1; select pg_sleep(10)',
  '" OR ""="',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${process.exit(1)}',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\u202egnp.exe',
  'Ω≈ç√∫˜µ≤≥÷',
  '👩‍💻🔥'.repeat(50),
  '\ud800',
  'a'.repeat(100_000),
  '',
  ' ',
  '\r\nSet-Cookie: x=y',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
];

const VALUES: (() => unknown)[] = [
  () => null,
  () => true,
  () => -1,
  () => 0,
  () => 1e308,
  () => -0,
  () => Number.MAX_SAFE_INTEGER + 2,
  () => [],
  () => ({}),
  () => [1, 'a', null],
  () => ({ $gt: '' }),
  () => ({ __proto__: { admin: true } }),
];

/** encodeURIComponent, but a lone surrogate goes on the wire as its (invalid) UTF-8 bytes. */
function encodeLoosely(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

const pick = <T>(r: Random, xs: readonly T[]): T => xs[r.int(xs.length)]!;

function hostileValue(r: Random): unknown {
  return r.next() < 0.55 ? pick(r, STRINGS) : pick(r, VALUES)();
}

/** Bodies shaped like the real ones with fields of the wrong type or hostile content. */
const SHAPES: Record<string, string[]> = {
  '/api/users': ['name', 'role', 'password'],
  '/api/tokens': ['name', 'role', 'expiresAt'],
  '/api/sources': ['address'],
  '/api/settings/mix-weights': ['apps', 'workers', 'running'],
  '/api/alert-rules': ['name', 'series', 'comparator', 'threshold', 'forSeconds', 'severity', 'labels', 'description'],
  '/api/silences': ['matchers', 'startsAt', 'endsAt', 'comment', 'recurrence'],
  '/api/contact-points': ['name', 'url', 'enabled'],
  '/api/rollouts': ['name', 'candidate', 'steps', 'moves', 'selectors'],
  '/api/strategies/preview': ['candidate', 'compare', 'measure', 'scenario', 'seed'],
  '/api/auth/sign-in': ['name', 'password'],
  '/api/auth/password': ['current', 'next'],
  '/api/alert-rules/backtest': ['name', 'series', 'comparator', 'threshold'],
};

/** Mutating routes with a path parameter: the parameter is what gets attacked. */
const PARAM_ROUTES: { method: string; path: (p: string) => string }[] = [
  { method: 'PATCH', path: (p) => `/api/users/${p}` },
  { method: 'DELETE', path: (p) => `/api/users/${p}` },
  { method: 'DELETE', path: (p) => `/api/tokens/${p}` },
  { method: 'PUT', path: (p) => `/api/sources/${p}` },
  { method: 'DELETE', path: (p) => `/api/sources/${p}` },
  { method: 'PUT', path: (p) => `/api/alert-rules/${p}` },
  { method: 'DELETE', path: (p) => `/api/alert-rules/${p}` },
  { method: 'DELETE', path: (p) => `/api/silences/${p}` },
  { method: 'PUT', path: (p) => `/api/contact-points/${p}` },
  { method: 'DELETE', path: (p) => `/api/contact-points/${p}` },
  { method: 'POST', path: (p) => `/api/contact-points/${p}/test` },
  { method: 'POST', path: (p) => `/api/rollouts/${p}/start` },
  { method: 'POST', path: (p) => `/api/rollouts/ro-0000000000/${p}` },
  { method: 'POST', path: (p) => `/api/demo/servers/${p}/stop` },
  { method: 'GET', path: (p) => `/api/servers/${p}` },
  { method: 'GET', path: (p) => `/api/rollouts/${p}` },
];

const PARAMS = ['-1', '0', '1e3', '1.5', 'abc', '99999999999999999999', '1%20OR%201%3D1', '%27%3B%20drop%20table%20users', '%3Cscript%3E', '%F0%9F%94%A5', '%00', '%ZZ', '..', '%2e%2e', '..%2f..%2fusers', 'a'.repeat(5000), '%ED%A0%80', '__proto__'];

const PATH_TRICKS = [
  '/api/../api/users',
  '/api/%2e%2e/api/users',
  '/api/./users',
  '//api/users',
  '/api//users',
  '/API/USERS',
  '/api/user%73',
  '/api/users%2f1',
  '/api/users/..%2f..%2ftokens',
  '/api/sources/..%5c..%5cusers',
  '/api/health/../users',
  '/api/%00',
  '/api/tokens?id=1&id=2',
  '/api/health?__proto__[admin]=1',
  '/_next/static/../../api/users',
  '/_next/static/%2e%2e/%2e%2e/api/users',
  `/api/${'x/'.repeat(2000)}`,
  '/sign-in/../api/users',
  '/api/auth/sign-in/../../users',
  '/%2F%2Fevil.example',
];

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'APPLICATION/JSON', ''];

function jsonBody(r: Random, shape: string[] | undefined): Buffer {
  const roll = r.next();
  if (roll < 0.1) return Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`); // deep nesting
  if (roll < 0.17) return Buffer.from(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`);
  if (roll < 0.22) return Buffer.from(JSON.stringify({ name: 'x'.repeat(2_000_000) })); // huge
  if (roll < 0.3) return Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]); // not UTF-8
  if (roll < 0.36) return Buffer.from(pick(r, ['', '{', 'null', '[]', '"just a string"', '{"a":1,}', 'NaN', '{"__proto__":{"role":"admin"}}', 'true', '1e999']));
  const body: Record<string, unknown> = {};
  for (const field of shape ?? ['name', 'value']) {
    const x = r.next();
    if (x < 0.7) body[field] = hostileValue(r);
    else if (x < 0.85) body[field] = { nested: hostileValue(r), deeper: [hostileValue(r)] };
    // else: missing
  }
  if (r.next() < 0.3) body[pick(r, ['role', 'admin', 'isAdmin', '__proto__', 'constructor', 'id'])] = hostileValue(r);
  return Buffer.from(JSON.stringify(body));
}

function authorization(r: Random, creds: Credentials): string | undefined {
  const roll = r.next();
  if (roll < 0.55) return creds.admin;
  if (roll < 0.62) return undefined;
  return pick(r, [
    'Bearer ',
    'Bearer fulcrum_' + 'A'.repeat(43),
    `Bearer ${pick(r, STRINGS).replace(/[^\x21-\x7e]/g, '')}x`,
    'Basic !!!notbase64',
    `Basic ${Buffer.from("admin' --:x").toString('base64')}`,
    `Basic ${Buffer.from(`${'a'.repeat(5000)}:b`).toString('base64')}`,
    `Basic ${Buffer.from('nocolon').toString('base64')}`,
    'Digest username="admin"',
    `${creds.admin} extra`,
    'bearer\tthing',
  ]);
}

function consoleRequest(r: Random, creds: Credentials): HostileRequest {
  const headers: Record<string, string> = {};
  const auth = authorization(r, creds);
  if (auth !== undefined) headers.authorization = auth;
  if (r.next() < 0.08) headers.cookie = pick(r, ['fulcrum_session=' + 'x'.repeat(4000), 'fulcrum_session=', 'fulcrum_session=a; fulcrum_session=b', '=;;;=']);
  if (r.next() < 0.08) headers['x-fulcrum-principal'] = Buffer.from(JSON.stringify({ kind: 'user', id: 1, name: 'admin', role: 'admin', via: 'session', mustChangePassword: false })).toString('base64url');
  if (r.next() < 0.05) headers.origin = pick(r, ['https://evil.example', 'null']);
  const roll = r.next();
  if (roll < 0.5) {
    const route = pick(r, Object.keys(SHAPES));
    const method = route === '/api/settings/mix-weights' ? 'PUT' : 'POST';
    headers['content-type'] = r.next() < 0.8 ? 'application/json' : pick(r, CONTENT_TYPES);
    const query = r.next() < 0.15 ? `?${pick(r, ['range=%00', 'range=1h&range=6h', 'x=' + '%27'.repeat(100), '__proto__=1'])}` : '';
    return { target: 'console', method, path: route + query, headers, body: jsonBody(r, SHAPES[route]), kind: `body ${method} ${route}` };
  }
  if (roll < 0.75) {
    const route = pick(r, PARAM_ROUTES);
    if (route.method !== 'GET' && route.method !== 'DELETE') headers['content-type'] = 'application/json';
    const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : jsonBody(r, ['role', 'address', 'name', 'version']);
    return { target: 'console', method: route.method, path: route.path(pick(r, PARAMS)), headers, body, kind: `param ${route.method}` };
  }
  if (roll < 0.9) {
    const method = pick(r, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    if (method !== 'GET') headers['content-type'] = 'application/json';
    return { target: 'console', method, path: pick(r, PATH_TRICKS), headers, body: method === 'GET' ? undefined : jsonBody(r, ['role']), kind: `path ${method}` };
  }
  // query strings on reads: wrong types, repeats, hostile text
  const route = pick(r, ['/api/apps', '/api/workers', '/api/overview', '/api/series/fairness', '/api/audit', '/api/alerts/history', '/api/rollouts/markers']);
  const q = pick(r, ['page=-1', 'pageSize=1e9', 'sort=%27%3Bdrop', 'measure=%3Cscript%3E', 'range=%00', 'q=' + encodeLoosely(pick(r, STRINGS)), 'before=abc', 'from=1e400&to=-1', 'limit=0', 'actor=' + '%F0%9F%94%A5'.repeat(300)]);
  return { target: 'console', method: 'GET', path: `${route}?${q}`, headers, kind: `query ${route}` };
}

function dataPlaneRequest(r: Random, creds: Credentials): HostileRequest {
  const headers: Record<string, string> = {};
  const roll = r.next();
  if (roll < 0.7) {
    headers.authorization = r.next() < 0.8 ? creds.ingest : pick(r, ['Bearer x', 'Basic YTpi', '', 'Bearer ' + 'z'.repeat(10_000)]);
    headers['content-type'] = r.next() < 0.85 ? 'application/json' : pick(r, CONTENT_TYPES);
    const bad = r.next();
    let body: Buffer;
    if (bad < 0.1) body = Buffer.alloc(1_100_000, 0x20); // over the test server's 1 MiB limit
    else if (bad < 0.5) body = jsonBody(r, ['batchId', 'servers', 'heartbeats']);
    else {
      // a batch of the right shape with hostile fields inside
      const hb = { workerAddress: hostileValue(r), appId: hostileValue(r), appName: hostileValue(r), serverAddress: hostileValue(r), heartbeatTime: hostileValue(r) };
      body = Buffer.from(JSON.stringify({ batchId: hostileValue(r), heartbeats: [hb], servers: [{ address: hostileValue(r), status: hostileValue(r) }] }));
    }
    return { target: 'dataplane', method: 'POST', path: '/v1/ingest', headers, body, kind: 'ingest' };
  }
  if (roll < 0.9) {
    const q = pick(r, ['app=%27%20OR%201%3D1', 'app=' + 'a'.repeat(5000), 'worker=%00&app=x', 'version=%3Cscript%3E&app=x&worker=1.2.3.4:1', 'format=%F0%9F%94%A5', 'wait=1e9', 'app=x&app=y', '']);
    return { target: 'dataplane', method: 'GET', path: `/v1/assignment?${q}`, headers, kind: 'assignment' };
  }
  return { target: 'dataplane', method: pick(r, ['GET', 'PUT', 'DELETE', 'POST']), path: pick(r, ['/v1/../v1/ingest', '/v1/ingest/..', '/V1/INGEST', '/v1/%69ngest', '/healthz/../v1/ingest', '/' + 'a'.repeat(10_000)]), headers, kind: 'dataplane path' };
}

/** `count` hostile requests from `seed`; about a quarter go to the data plane. */
export function hostileRequests(seed: number, count: number, creds: Credentials): HostileRequest[] {
  const r = seeded(seed);
  return Array.from({ length: count }, () => (r.next() < 0.25 ? dataPlaneRequest(r, creds) : consoleRequest(r, creds)));
}
