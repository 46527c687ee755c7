// The data plane: a bare node:http server for machines (ingest now, assignments later). It does not
// go through Next.js, which served ~1,000 requests/s on this machine against ~31,000 for node:http.
import http from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IngestOutcome, PreparedBatch } from '../store/index.ts';
import type { DecodeResult } from './decode.ts';
import { problem, PROBLEM_CONTENT_TYPE, type Problem } from '../api/problem.ts';

export interface DataPlaneOptions {
  /** JSON + schema + encoding (see decode-pool.ts). */
  decode(body: Buffer, receivedAt: Date): Promise<DecodeResult>;
  /** Stores a decoded batch in one transaction. */
  ingest(batch: PreparedBatch, receivedAt: Date): Promise<IngestOutcome>;
  /** Bearer token(s) accepted on /v1/ingest. */
  ingestTokens(): readonly string[];
  maxBodyBytes: number;
  /** null while starting: every route but /healthz answers 503 until then. */
  health(): Record<string, unknown> | null;
  now?: () => Date;
  onError?: (error: unknown, context: string) => void;
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

  async function ingest(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!bearerMatches(req.headers.authorization, options.ingestTokens())) {
      refuseUnread(req, res, problem(401, 'a valid ingest token is required as Authorization: Bearer <token>'), {
        'www-authenticate': 'Bearer realm="fulcrum-ingest"',
      });
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      refuseUnread(req, res, problem(415, `content type must be application/json, got ${type || 'none'}`), {
        accept: 'application/json',
      });
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      refuseUnread(req, res, problem(413, `the body is ${declared} bytes; the limit is ${limit}`));
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) refuseUnread(req, res, problem(413, `the body is over the limit of ${limit} bytes`));
      else req.destroy();
      return;
    }
    const receivedAt = now();
    const decoded = await options.decode(raw, receivedAt);
    if (!decoded.ok) {
      sendProblem(res, decoded.problem);
      return;
    }
    let outcome: IngestOutcome;
    try {
      outcome = await options.ingest(decoded.batch, receivedAt);
    } catch (error) {
      options.onError?.(error, 'ingest');
      sendProblem(res, problem(503, 'the store could not take the batch; nothing was stored, send it again'), {
        'retry-after': '5',
      });
      return;
    }
    // A batch sent again gets the first answer; the header says nothing new was stored.
    send(res, 200, outcome.result, outcome.duplicate ? { 'fulcrum-duplicate-batch': 'true' } : {});
  }

  let ready = false;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/v1/assignment') {
      // machine traffic at high rates: health is only asked until the process is ready
      ready ||= options.health() !== null;
    }
    const health = path === '/v1/assignment' ? null : options.health();
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(res, problem(405), { allow: 'GET, HEAD' });
      return health ? send(res, 200, health) : send(res, 503, { status: 'starting' }, { 'content-type': 'application/json' });
    }
    if (path === '/v1/ingest') {
      if (req.method !== 'POST') return refuseUnread(req, res, problem(405, 'use POST'), { allow: 'POST' });
      if (!health) return refuseUnread(req, res, problem(503, 'starting'), { 'retry-after': '2' });
      ingest(req, res).catch((error) => {
        options.onError?.(error, 'ingest');
        if (!res.headersSent) sendProblem(res, problem(500));
        else res.destroy();
      });
      return;
    }
    if (path === '/v1/assignment') {
      const handler = ready ? options.assignment?.() : undefined;
      if (!handler) return refuseUnread(req, res, problem(503, 'starting'), { 'retry-after': '2' });
      handler(req, res, new URL(req.url ?? '/', 'http://dataplane')).catch((error) => {
        options.onError?.(error, 'assignment');
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
