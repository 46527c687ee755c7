// The browser's one API client against a real HTTP server on 127.0.0.1: data on success, the
// problem (status, code, field errors, extra fields) on refusal, and no throw on a dead server.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, get, load, send } from './api-client.ts';
import { problemOfError } from '../i18n/problems.ts';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
    if (req.url === '/api/things') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ things: [1, 2] }));
    } else if (req.url === '/api/echo') {
      res.writeHead(201, { 'content-type': 'application/json' }).end(body || '{"empty":true}');
    } else if (req.url === '/api/refused') {
      res
        .writeHead(409, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ status: 409, detail: 'taken', code: 'user-exists', params: { name: 'ops' }, errors: [{ path: 'name', message: 'taken' }], current: { version: 3 } }));
    } else if (req.url === '/api/gone') {
      res.writeHead(204).end();
    } else if (req.url === '/api/walled') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in to the proxy</html>');
    } else {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('api client', () => {
  it('get answers the data, asking for JSON', async () => {
    const answer = await get<{ things: number[] }>(`${base}/api/things`);
    expect(answer).toEqual({ ok: true, status: 200, data: { things: [1, 2] } });
  });

  it('send posts its body as JSON and answers the data', async () => {
    const answer = await send<{ name: string }>('POST', `${base}/api/echo`, { name: 'ops' });
    expect(answer).toEqual({ ok: true, status: 201, data: { name: 'ops' } });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', contentType: 'application/json', body: '{"name":"ops"}' });
  });

  it('send without a body sends none and no content type', async () => {
    await send('DELETE', `${base}/api/echo`);
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', contentType: undefined, body: '' });
  });

  it('an empty success answers null data', async () => {
    expect(await send('DELETE', `${base}/api/gone`)).toEqual({ ok: true, status: 204, data: null });
  });

  it('a refusal answers the problem with its code, params, field errors and what else it carries', async () => {
    const answer = await send<unknown, { current: { version: number } }>('PUT', `${base}/api/refused`, {});
    if (answer.ok) throw new Error('a 409 answered ok');
    expect(answer.status).toBe(409);
    expect(answer.problem).toMatchObject({ status: 409, detail: 'taken', code: 'user-exists', params: { name: 'ops' }, errors: [{ path: 'name', message: 'taken' }] });
    expect(answer.problem.current?.version).toBe(3);
  });

  it('a refusal that is not JSON (a proxy page) answers the status alone', async () => {
    const answer = await get(`${base}/api/proxy`);
    expect(answer).toEqual({ ok: false, status: 502, problem: { status: 502 } });
  });

  it('a success that is not JSON (a proxy answered in between) is a problem, not data', async () => {
    const answer = await get(`${base}/api/walled`);
    if (answer.ok) throw new Error(`an HTML page answered as data: ${JSON.stringify(answer.data)}`);
    expect(answer.status).toBe(200);
    expect(answer.problem.detail).toMatch(/was not JSON \(text\/html\)/);
  });

  it('a server that does not answer is a problem, not a throw', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const answer = await send('POST', `http://127.0.0.1:${port}/api/things`, {});
    expect(answer.ok).toBe(false);
    expect(answer.status).toBe(0);
    expect(answer.ok ? null : answer.problem.detail).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it('load (the SWR fetcher) answers the data, or throws an ApiError carrying the problem', async () => {
    expect(await load(`${base}/api/things`)).toEqual({ things: [1, 2] });
    const error = await load(`${base}/api/refused`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, message: 'taken' });
    expect(problemOfError(error)).toMatchObject({ code: 'user-exists', params: { name: 'ops' } });
  });
});
