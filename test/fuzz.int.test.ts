// Hostile input against a real Fulcrum process: at least 2,000 malformed or hostile requests
// (test/fuzz/hostile-requests.ts, seeded) to the operator API and the data plane. Each must get a
// clear answer (no 5xx, problem+json naming the status, no hang), and the store must be unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { ADMIN_AUTHORIZATION, startServer, type RunningServer } from './support/process.ts';
import { hostileRequests, type HostileRequest } from './fuzz/hostile-requests.ts';

const SEED = Number(process.env.FULCRUM_FUZZ_SEED ?? 20261126);
const COUNT = Number(process.env.FULCRUM_FUZZ_COUNT ?? 2400);
const INGEST_TOKEN = 'fuzz-ingest-token-0123456789';
const TIMEOUT_MS = 15_000;

let server: RunningServer;

interface Answer {
  status: number;
  contentType: string;
  body: string;
  ms: number;
  error?: string;
}

/** Sends one request exactly as generated (node:http keeps the raw path; fetch would normalise it). */
function send(base: string, req: HostileRequest): Promise<Answer> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: performance.now() - started });
    };
    const r = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) }, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => done({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: '', error: e.message }));
      },
    );
    r.on('timeout', () => {
      r.destroy(new Error('timeout'));
    });
    // a server that answers and closes before reading a refused body resets the rest of the upload
    r.on('error', (e) => done({ status: 0, contentType: '', body: '', error: e.message }));
    r.end(req.body);
  });
}

/** Operator-API reads as the admin: every request of this file that is not hostile goes through here. */
async function admin(path: string): Promise<unknown> {
  const res = await fetch(`${server.consoleUrl}${path}`, { headers: { authorization: ADMIN_AUTHORIZATION } });
  expect(res.status, path).toBe(200);
  return res.json();
}

/** What hostile requests must not change: users, tokens, sources, settings, alerting, rollouts, the audit log and ingested data. */
async function storeState(): Promise<unknown[]> {
  const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (['lastUsedAt', 'lastAttemptAt', 'lastSuccessAt', 'nextAttemptAt', 'consecutiveFailures', 'lastError', 'state', 'status', 'now', 'facets', 'generatedAt', 'ageS', 'dataAgeS'].includes(k) ? undefined : x)));
  const lists = await Promise.all(['/api/audit?limit=500', '/api/users', '/api/tokens', '/api/sources', '/api/settings/mix-weights', '/api/alert-rules', '/api/silences', '/api/contact-points', '/api/rollouts'].map(admin));
  const apps = (await admin('/api/apps?pageSize=1')) as { total: number };
  const workers = (await admin('/api/workers?pageSize=1')) as { total: number };
  return [...lists.map(strip), { apps: apps.total, workers: workers.total }];
}

beforeAll(async () => {
  server = await startServer({ env: { FULCRUM_INGEST_TOKEN: INGEST_TOKEN, FULCRUM_INGEST_MAX_BYTES: String(1024 * 1024), FULCRUM_DEMO: 'off' } });
}, 300_000);

afterAll(async () => {
  if (server) expect(await server.stop(), `server exit code; its last output:\n${server.output().slice(-4000)}`).toBe(0);
});

describe('hostile requests', () => {
  it(`${COUNT} of them (seed ${SEED}) get clear 4xx answers, never a 5xx or a hang, and change nothing`, async () => {
    // an admin token, so that hostile bodies get past the gate and reach validation
    const tokenRes = await fetch(`${server.consoleUrl}/api/tokens`, {
      method: 'POST',
      headers: { authorization: ADMIN_AUTHORIZATION, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'fuzz', role: 'admin', expiresAt: null }),
    });
    const { token } = (await tokenRes.json()) as { token: string };
    const requests = hostileRequests(SEED, COUNT, { admin: `Bearer ${token}`, ingest: `Bearer ${INGEST_TOKEN}` });
    expect(requests.length).toBeGreaterThanOrEqual(2000);
    const before = await storeState();

    const answers: Answer[] = new Array(requests.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < requests.length) {
          const i = next++;
          const req = requests[i]!;
          answers[i] = await send(req.target === 'console' ? server.consoleUrl : server.dataPlaneUrl, req);
        }
      }),
    );

    const problems: string[] = [];
    const byStatus = new Map<number, number>();
    for (const [i, a] of answers.entries()) {
      const req = requests[i]!;
      const what = `#${i} ${req.kind}: ${req.method} ${req.path.slice(0, 120)} -> ${a.status} ${a.error ?? ''} ${a.body.slice(0, 200)}`;
      byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
      if (a.error === 'timeout' || a.ms >= TIMEOUT_MS) problems.push(`hang: ${what}`);
      else if (a.status === 0) {
        // Node's HTTP server answers 431 and closes when the request line and headers pass 16 KiB, and
        // an answer sent before a large body is read (413, 404, 401) resets the rest of the upload:
        // the client may then see the reset instead of the answer. Anything else is a missing answer.
        const headBytes = req.path.length + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
        const cutOff = /ECONNRESET|EPIPE/.test(a.error ?? '') && (headBytes > 16_000 || (req.body?.length ?? 0) >= 64 * 1024);
        if (!cutOff) problems.push(`no answer: ${what}`);
      } else if (a.status >= 500) problems.push(`5xx: ${what}`);
      else if (a.status >= 200 && a.status < 300 && req.method !== 'GET') problems.push(`a hostile change was accepted: ${what}`);
      else if (a.status >= 400) {
        // answered before our code runs, by status alone: Next.js's not-found page (404, HTML), its 405 for
        // a method the route does not export (empty), Node's 431 for oversized headers (empty)
        const framework = (a.status === 404 && a.contentType.startsWith('text/html')) || ((a.status === 405 || a.status === 431) && a.body === '');
        if (!framework) {
          let p: { status?: number; title?: string } = {};
          try {
            p = JSON.parse(a.body);
          } catch {
            // not JSON
          }
          if (!a.contentType.startsWith('application/problem+json') || p.status !== a.status || !p.title) problems.push(`unclear error: ${what}`);
        }
      }
    }
    const slowest = Math.max(...answers.map((a) => a.ms));
    process.stdout.write(`fuzz: ${answers.length} requests, statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])))}, slowest ${Math.round(slowest)} ms\n`);
    expect(problems.slice(0, 20), `${problems.length} problem(s)`).toEqual([]);
    expect(await storeState()).toEqual(before);
  }, 600_000);
});
