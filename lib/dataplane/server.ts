// The data plane: a bare node:http server for machines (ingest now, assignments later). It does not
// go through Next.js, which served ~1,000 requests/s on this machine against ~31,000 for node:http.
import http from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IngestOutcome, PreparedBatch } from '../store/index.ts';
import type { DecodeResult } from './decode.ts';
import { problem, PROBLEM_CONTENT_TYPE, type Problem } from '../domain/problem.ts';
import { exposition, metrics } from '../metrics.ts';
import { requestIdOf } from '../log.ts';

/** Routes named in the request metrics; any other path counts as "unmatched" (bounded label values). */
const ROUTES = new Set(['/healthz', '/v1/ingest', '/v1/assignment', '/metrics']);

export interface DataPlaneOptions {
  /** JSON + schema + encoding (see decode-pool.ts). */
  decode(body: Buffer, receivedAt: Date): Promise<DecodeResult>;
  /** Stores a decoded batch in one transaction. */
  ingest(batch: PreparedBatch, receivedAt: Date): Promise<IngestOutcome>;
  /** Bearer token(s) accepted on /v1/ingest. */
  ingestTokens(): readonly string[];
  /** Ingest tokens managed in the console (Settings → Tokens), checked after ingestTokens(). */
  ingestTokenValid?(token: string): boolean;
  maxBodyBytes: number;
  /** null while starting: every route but /healthz answers 503 until then. */
  health(): Record<string, unknown> | null;
  now?: () => Date;
  /** `reqId`: the request's id, also sent back as X-Request-Id */
  onError?: (error: unknown, context: string, reqId?: string) => void;
  /** GET /v1/assignment (lib/dataplane/assignment.ts), once the store is open */
  assignment?: () => ((req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>) | undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(json);
}

function sendProblem(res: http.ServerResponse, p: Problem, headers: http.OutgoingHttpHeaders = {}) {
  send(res, p.status, p, headers);
}

/** Answers and drops the connection without reading the rest of the request body. */
function refuseUnread(req: http.IncomingMessage, res: http.ServerResponse, p: Problem, headers: http.OutgoingHttpHeaders = {}) {
  sendProblem(res, p, { connection: 'close', ...headers });
  res.on('finish', () => req.destroy());
}

/** 405 with the gate's code: the method tried and the ones this path answers. */
function notAllowed(req: http.IncomingMessage, allowed: string): Problem {
  const method = req.method ?? '?';
  return problem(405, { detail: `${method} is not allowed here; use ${allowed}`, code: 'method-not-allowed', params: { method, allowed } });
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function bearerMatches(header: string | undefined, tokens: readonly string[]): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const given = digest(m[1]!);
  // compare digests: equal length, constant time, and every token is checked
  let ok = false;
  for (const t of tokens) ok = timingSafeEqual(given, digest(t)) || ok;
  return ok;
}

function managedTokenMatches(header: string | undefined, valid: ((token: string) => boolean) | undefined): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return Boolean(m && valid?.(m[1]!));
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

export function createDataPlane(options: DataPlaneOptions): http.Server {
  const now = options.now ?? (() => new Date());
  const limit = options.maxBodyBytes;
  const m = metrics();
  const reject = (reason: string) => m.ingestRejects.inc({ reason });

  async function ingest(req: http.IncomingMessage, res: http.ServerResponse, reqId: string) {
    if (!bearerMatches(req.headers.authorization, options.ingestTokens()) && !managedTokenMatches(req.headers.authorization, options.ingestTokenValid)) {
      reject('unauthorized');
      refuseUnread(req, res, problem(401, { detail: 'a valid ingest token is required as Authorization: Bearer <token>', code: 'ingest-token-required' }), {
        'www-authenticate': 'Bearer realm="fulcrum-ingest"',
      });
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      reject('content_type');
      refuseUnread(req, res, problem(415, `content type must be application/json, got ${type || 'none'}`), {
        accept: 'application/json',
      });
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject('too_large');
      refuseUnread(req, res, problem(413, { detail: `the body is ${declared} bytes; the limit is ${limit}`, code: 'body-too-large', params: { limit } }));
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        reject('too_large');
        refuseUnread(req, res, problem(413, { detail: `the body is over the limit of ${limit} bytes`, code: 'body-too-large', params: { limit } }));
      } else req.destroy();
      return;
    }
    const receivedAt = now();
    const decoded = await options.decode(raw, receivedAt);
    if (!decoded.ok) {
      reject('invalid');
      sendProblem(res, decoded.problem);
      return;
    }
    let outcome: IngestOutcome;
    try {
      outcome = await options.ingest(decoded.batch, receivedAt);
    } catch (error) {
      options.onError?.(error, 'ingest', reqId);
      reject('store_unavailable');
      sendProblem(res, problem(503, 'the store could not take the batch; nothing was stored, send it again'), {
        'retry-after': '5',
      });
      return;
    }
    m.ingestBatches.inc({ outcome: outcome.duplicate ? 'duplicate' : 'stored' });
    // A batch sent again gets the first answer; the header says nothing new was stored.
    send(res, 200, outcome.result, outcome.duplicate ? { 'fulcrum-duplicate-batch': 'true' } : {});
  }

  // the request metrics' children per (route, method, status), so the hot path skips prom-client's label hashing
  const counted = new Map<string, { inc(): void }>();
  const timed = new Map<string, { observe(v: number): void }>();
  const observe = (path: string, method: string, status: number, started: bigint) => {
    const route = ROUTES.has(path) ? path : 'unmatched';
    const key = `${route} ${method}`;
    let t = timed.get(key);
    if (!t) timed.set(key, (t = m.requestSeconds.labels(route, method)));
    t.observe(Number(process.hrtime.bigint() - started) / 1e9);
    const ckey = `${key} ${status}`;
    let c = counted.get(ckey);
    if (!c) counted.set(ckey, (c = m.requests.labels(route, method, String(status))));
    c.inc();
  };

  let ready = false;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const started = process.hrtime.bigint();
    const reqId = requestIdOf(req);
    res.setHeader('x-request-id', reqId);
    res.once('finish', () => observe(path, req.method ?? 'GET', res.statusCode, started));
    if (path === '/v1/assignment') {
      // machine traffic at high rates: health is only asked until the process is ready
      ready ||= options.health() !== null;
    }
    const health = path === '/v1/assignment' ? null : options.health();
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(res, notAllowed(req, 'GET, HEAD'), { allow: 'GET, HEAD' });
      return health ? send(res, 200, health) : send(res, 503, { status: 'starting' }, { 'content-type': 'application/json' });
    }
    if (path === '/metrics') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(res, notAllowed(req, 'GET, HEAD'), { allow: 'GET, HEAD' });
      exposition().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : body);
        },
        (error) => {
          options.onError?.(error, 'metrics', reqId);
          sendProblem(res, problem(500));
        },
      );
      return;
    }
    if (path === '/v1/ingest') {
      if (req.method !== 'POST') reject('method');
      if (req.method !== 'POST') return refuseUnread(req, res, notAllowed(req, 'POST'), { allow: 'POST' });
      if (!health) return refuseUnread(req, res, problem(503, 'starting'), { 'retry-after': '2' });
      ingest(req, res, reqId).catch((error) => {
        options.onError?.(error, 'ingest', reqId);
        if (!res.headersSent) sendProblem(res, problem(500));
        else res.destroy();
      });
      return;
    }
    if (path === '/v1/assignment') {
      const handler = ready ? options.assignment?.() : undefined;
      if (!handler) return refuseUnread(req, res, problem(503, 'starting'), { 'retry-after': '2' });
      handler(req, res, new URL(req.url ?? '/', 'http://dataplane')).catch((error) => {
        options.onError?.(error, 'assignment', reqId);
        if (!res.headersSent) sendProblem(res, problem(500));
        else res.destroy();
      });
      return;
    }
    refuseUnread(req, res, problem(404, `no route ${req.method} ${path}`));
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;
  return server;
}
