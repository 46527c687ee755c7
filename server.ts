// Fulcrum's one process: the console (Next.js) on PORT, the data plane (node:http) on
// FULCRUM_DATAPLANE_PORT, and the background jobs, over one store. `npm start` runs this file.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './lib/config.ts';
import { StoreOpenError } from './lib/store/index.ts';
import { createDataPlane } from './lib/dataplane/server.ts';
import type { LeaderJobRunner } from './lib/jobs/leader.ts';
import { getRuntime, healthOf } from './lib/runtime.ts';
import { errorFields, log, requestIdOf } from './lib/log.ts';
import { scrubSecrets } from './lib/domain/redact.ts';
import { VERSION } from './lib/version.ts';
import { policyPath } from './lib/auth/gate.ts';
import { limitBody } from './lib/auth/body-limit.ts';
import { bodyLimitFor, CONSOLE_SECURITY_HEADERS } from './lib/domain/access.ts';
import { assemble, type Assembled } from './lib/assemble.ts';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** A start-up failure an operator can fix: printed as one line, exit 1. */
function fatal(message: string): never {
  // whatever a driver put in its message, the database URLs' credentials do not reach the log
  process.stderr.write(`fulcrum: ${scrubSecrets(message, [process.env.DATABASE_URL, process.env.FULCRUM_POWERJOB_DB_URL])}\n`);
  process.exit(1);
}

function listen(server: http.Server, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new StoreOpenError(
          error.code === 'EADDRINUSE'
            ? `${what} port ${port} is already in use; set ${what === 'console' ? 'PORT' : 'FULCRUM_DATAPLANE_PORT'} to a free port`
            : `${what} cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Counts requests in flight so shutdown can wait for them. */
function trackInFlight(server: http.Server) {
  let n = 0;
  const idle: (() => void)[] = [];
  server.on('request', (_req, res: http.ServerResponse) => {
    n++;
    res.once('close', () => {
      n--;
      if (n === 0) idle.splice(0).forEach((f) => f());
    });
  });
  return {
    drained: () => (n === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r))),
  };
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fatal(error.message);
    throw error;
  }
  const startedAt = new Date();
  const dev = process.argv.includes('--dev');
  let ready = false;
  // the wired parts (lib/assemble.ts), once the store is open; until then both servers answer "starting"
  let parts: Assembled | undefined;
  let jobs: LeaderJobRunner | undefined;

  const dataPlane = createDataPlane({
    decode: (body, receivedAt) => parts!.pipeline.decode(body, receivedAt),
    ingest: (batch, receivedAt) => parts!.pipeline.store(batch, receivedAt),
    ingestTokens: () => parts?.ingestTokens ?? [],
    ingestTokenValid: (token) => parts?.auth.dataPlaneToken(token, 'ingest') ?? false,
    maxBodyBytes: config.FULCRUM_INGEST_MAX_BYTES,
    health: () => (ready ? { ...healthOf(getRuntime()!), leader: jobs?.isLeader() ?? false } : null),
    assignment: () => parts?.assignments.handle,
    onError: (error, context, reqId) => log.error(`data plane ${context} failed`, { reqId, ...errorFields(error) }),
  });

  let nextHandler: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
  const consoleServer = http.createServer((req, res) => {
    const reqId = requestIdOf(req);
    res.setHeader('x-request-id', reqId);
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(name, value);
    const gate = parts?.gate;
    if (ready && nextHandler && gate) {
      // bodies are limited before anything reads them (16 KiB on /api/auth, 1 MiB elsewhere): 413
      if (!limitBody(req, res, bodyLimitFor(policyPath(req.url ?? '/')))) return;
      // every console request passes the gate first (lib/auth/gate.ts): no route is open by default
      gate(req, res)
        .then((pass) => (pass ? nextHandler!(req, res) : undefined))
        .catch((error) => {
          log.error('console request failed', { reqId, method: req.method, url: req.url, ...errorFields(error) });
          if (!res.headersSent) res.writeHead(500).end();
        });
      return;
    }
    const body = JSON.stringify({ status: 'starting' });
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const consoleFlight = trackInFlight(consoleServer);
  const dataFlight = trackInFlight(dataPlane);

  try {
    const [consolePort, dataPort] = await Promise.all([
      listen(consoleServer, config.PORT, config.FULCRUM_HOST, 'console'),
      listen(dataPlane, config.FULCRUM_DATAPLANE_PORT, config.FULCRUM_HOST, 'data plane'),
    ]);
    log.info('listening; starting up', { console: consolePort, dataPlane: dataPort });
    parts = await assemble(config, { root: ROOT, dataPlanePort: dataPort, startedAt });

    (process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? 'development' : 'production';
    const { default: next } = await import('next');
    const app = next({ dev, dir: ROOT, hostname: config.FULCRUM_HOST, port: consolePort });
    await app.prepare();
    const handle = app.getRequestHandler();
    nextHandler = (req, res) => handle(req, res);

    // the token refresh and, on the leader, the background jobs
    jobs = parts.start();
    ready = true;
    void jobs.runNow('collect-powerjob');
    log.info('ready', {
      console: `http://localhost:${consolePort}`,
      dataPlane: `http://localhost:${dataPort}`,
      store: parts.store.kind,
      version: VERSION,
    });
    process.stdout.write(`fulcrum ready: console http://localhost:${consolePort}  data plane http://localhost:${dataPort}\n`);
  } catch (error) {
    await parts?.close().catch(() => undefined);
    if (error instanceof StoreOpenError) fatal(error.message);
    fatal(`start-up failed: ${(error as Error).message}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    log.info('stopping', { signal });
    const grace = setTimeout(() => {
      log.warn('requests still in flight after the grace period; closing their connections');
      consoleServer.closeAllConnections();
      dataPlane.closeAllConnections();
    }, config.FULCRUM_SHUTDOWN_GRACE);
    grace.unref();
    const closed = Promise.all([
      new Promise((r) => consoleServer.close(r)),
      new Promise((r) => dataPlane.close(r)),
    ]);
    consoleServer.closeIdleConnections();
    dataPlane.closeIdleConnections();
    await Promise.all([consoleFlight.drained(), dataFlight.drained()]);
    consoleServer.closeIdleConnections();
    dataPlane.closeIdleConnections();
    // jobs and delivery stop now; what requests still use closes once the servers have
    await parts?.close(closed.then(() => clearTimeout(grace)));
    log.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutdown(signal).catch((error) => {
        log.error('shutdown failed', errorFields(error));
        process.exit(1);
      });
    });
  }
}

void main();
