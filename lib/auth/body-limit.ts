// Console request bodies are limited before anyone reads them: a Content-Length over the limit is
// answered 413 at once, and a body sent without one (chunked) is counted as it arrives and cut
// off with 413 the moment it passes the limit, so an unauthenticated client cannot make the
// process hold or parse a large body. server.ts calls this before the gate and Next.js.
import type http from 'node:http';
import { sendProblem } from './gate.ts';

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number) {
  // the rest of the body is not read: the connection closes once the answer is out
  res.shouldKeepAlive = false;
  sendProblem(res, 413, { detail: `the request body is larger than ${maxBytes} bytes, the limit here`, code: 'body-too-large', params: { limit: maxBytes } }, { connection: 'close' });
  res.once('finish', () => req.socket.destroy());
}

/** false when the request was answered 413 (do not pass it on); else watches the body as it streams in. */
export function limitBody(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): boolean {
  const declared = req.headers['content-length'];
  if (declared !== undefined && !(Number(declared) <= maxBytes)) {
    tooLarge(req, res, maxBytes);
    return false;
  }
  // the HTTP parser hands each chunk of the body to push(); counting there reads nothing itself
  let seen = 0;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk !== null && chunk !== undefined) {
      seen += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length;
      if (seen > maxBytes) {
        req.push = () => false;
        if (res.headersSent) req.socket.destroy();
        else tooLarge(req, res, maxBytes);
        return false;
      }
    }
    return push(chunk, encoding);
  };
  return true;
}
