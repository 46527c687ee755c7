// The console's body limit over real HTTP: a handler behind limitBody reads bodies as Next.js does
// (as a stream), and never gets more than the limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { limitBody } from './body-limit.ts';

const LIMIT = 16 * 1024;
let server: http.Server;
let port = 0;
/** bytes each request's handler read */
const read: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (!limitBody(req, res, LIMIT)) return;
    let n = 0;
    req.on('data', (d: Buffer) => (n += d.length));
    req.on('end', () => {
      read.push(n);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(n).length }).end(String(n));
    });
    req.on('error', () => read.push(n));
    req.on('close', () => read.push(n));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

/** Sends a request by hand: the head, then body chunks until told to stop or the server closes; the status line and the bytes sent. */
function send(head: string, chunk: Buffer, chunks: number, chunked: boolean): Promise<{ status: number; sent: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let i = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, sent, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) });
    };
    socket.on('data', (d) => {
      answer += d.toString('utf8');
    });
    socket.on('close', finish);
    socket.on('error', () => finish());
    socket.on('connect', () => {
      socket.write(head);
      const pump = () => {
        while (i < chunks && !done && !socket.destroyed) {
          i++;
          sent += chunk.length;
          const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
          if (!ok) return void socket.once('drain', pump);
        }
        if (i >= chunks && !socket.destroyed) {
          if (chunked) socket.end('0\r\n\r\n');
          else socket.end();
        }
      };
      pump();
    });
    setTimeout(() => (done ? undefined : reject(new Error(`no answer within 10 s; got ${JSON.stringify(answer.slice(0, 200))}`))), 10_000).unref();
  });
}

describe('console body limit', () => {
  const kib = Buffer.alloc(1024, 'a');

  it('answers 413 to a Content-Length over the limit before reading any of it', async () => {
    const before = read.length;
    const got = await send(`POST /api/auth/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`, kib, 64, false);
    expect(got.status).toBe(413);
    // with a code, as the gate's refusals, so the console says it in the operator's language
    expect(JSON.parse(got.body)).toMatchObject({ status: 413, title: expect.any(String), code: 'body-too-large', params: { limit: LIMIT } });
    expect(read.length, 'the handler never saw the request').toBe(before);
  });

  it('cuts a chunked body off with 413 as soon as it passes the limit', async () => {
    const got = await send('POST /api/auth/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', kib, 8 * 1024, true);
    expect(got.status).toBe(413);
    expect(JSON.parse(got.body)).toMatchObject({ code: 'body-too-large', params: { limit: LIMIT } });
    expect(got.sent, 'the client could not send all 8 MiB: the connection closed').toBeLessThan(8 * 1024 * 1024);
    expect(Math.max(0, ...read), 'bytes the handler read').toBeLessThanOrEqual(LIMIT);
  });

  it('lets a body within the limit through whole, with or without Content-Length', async () => {
    const chunked = await send('POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n', kib, 16, true);
    expect([chunked.status, chunked.body]).toEqual([200, String(16 * 1024)]);
    const sized = await send(`POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: ${8 * 1024}\r\nConnection: close\r\n\r\n`, kib, 8, false);
    expect([sized.status, sized.body]).toEqual([200, String(8 * 1024)]);
  });
});
