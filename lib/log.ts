// Structured logs (pino): one JSON object per line, `{"level":"info","time":"…ISO…","pid":…,"msg":…,…fields}`,
// on stdout (errors on stderr), never a secret. Request ids tie a request's lines together.
import { safeErrorMessage, safeErrorText } from './domain/text.ts';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import pino from 'pino';

type Fields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger whose every line carries `bindings` (for example `{ reqId }`). */
  child(bindings: Fields): Logger;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
// a bad FULCRUM_LOG_LEVEL is reported by loadConfig (one line, exit 1); until then, info
const wanted = process.env.FULCRUM_LOG_LEVEL;
const level = (LOG_LEVELS as readonly string[]).includes(wanted ?? '') ? wanted! : 'info';

const root = pino(
  {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  // each line to one stream only: errors (and worse) to stderr, the rest to stdout
  pino.multistream(
    [
      { level: 'trace', stream: process.stdout },
      { level: 'error', stream: process.stderr },
    ],
    { dedupe: true },
  ),
);

function wrap(p: pino.Logger): Logger {
  return {
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (bindings) => wrap(p.child(bindings)),
  };
}

export const log: Logger = wrap(root);

export function errorFields(error: unknown): Record<string, unknown> {
  // without the parameters a failed query's error carries (they may be anything a client sent)
  return error instanceof Error ? { error: safeErrorMessage(error), stack: safeErrorText(error) } : { error: String(error) };
}

/** A caller's X-Request-Id when it is a sane token (so a load balancer's id carries through), else a new one. */
export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}
