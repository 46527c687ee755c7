// The process harness, shared by the integration tests, the e2e fixture and the benchmarks: start the real server on free ports with its
// own data directory, wait until it is ready, and stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The admin password test and benchmark servers start with (FULCRUM_ADMIN_PASSWORD), unless told otherwise. */
export const ADMIN_PASSWORD = 'fulcrum-test-admin-password';
/** HTTP Basic for the admin, as scripts send it to the operator API. */
export const ADMIN_AUTHORIZATION = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Ports nobody listens on, all held open at once so that no two of them come out the same. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

export function tempDir(prefix = 'fulcrum-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunningServer {
  child: ChildProcess;
  consoleUrl: string;
  dataPlaneUrl: string;
  dataDir: string;
  output(): string;
  /** fetch on the console as the admin (HTTP Basic); `path` starts with / */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** run server.ts directly (no build check): the data plane and store do not need the console build */
  direct?: boolean;
  /** extra arguments for node itself (e.g. --cpu-prof) */
  nodeArgs?: string[];
  timeoutMs?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDir();
  const [consolePort, dataPort] = (await freePorts(2)) as [number, number];
  const args = [...(options.nodeArgs ?? []), ...(options.direct ? ['--import', 'tsx', 'server.ts'] : ['scripts/start.mjs'])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(consolePort),
      FULCRUM_DATAPLANE_PORT: String(dataPort),
      FULCRUM_DATA_DIR: dataDir,
      FULCRUM_DEMO: 'off',
      FULCRUM_HOST: '127.0.0.1',
      NODE_ENV: 'production',
      FULCRUM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: RunningServer = {
    child,
    consoleUrl: `http://127.0.0.1:${consolePort}`,
    dataPlaneUrl: `http://127.0.0.1:${dataPort}`,
    dataDir,
    output: () => out,
    api: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', ADMIN_AUTHORIZATION);
      return fetch(`http://127.0.0.1:${consolePort}${path}`, { ...init, headers });
    },
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${out}`);
    try {
      const res = await fetch(`${server.dataPlaneUrl}/healthz`);
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An operator-API request as the admin (HTTP Basic), with a JSON body if given: the status and the answer's JSON ({} when it has none). */
export async function adminJson(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.consoleUrl}${path}`, {
    method,
    headers: { authorization: ADMIN_AUTHORIZATION, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Confirms servers that only ingest batches named, as an operator does, so that /v1/assignment delivers them. */
export async function confirmServers(server: RunningServer, addresses: readonly string[]): Promise<void> {
  for (const address of addresses) {
    const { status, json } = await adminJson(server, 'POST', `/api/servers/${encodeURIComponent(address)}/confirm`);
    if (status !== 200) throw new Error(`confirming ${address} failed: ${status} ${JSON.stringify(json)}`);
  }
}

/**
 * Polls `probe` until it answers something other than null (a probe that throws counts as not yet),
 * or throws after `timeoutMs` naming `what` and the probe's last error.
 */
export async function eventually<T>(probe: () => Promise<T | null>, timeoutMs: number, what: string, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v !== null) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
