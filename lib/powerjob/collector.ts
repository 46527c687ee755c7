// The PowerJob collector: every interval, GET /server/hello?debug=true on every configured server
// (and, with credentials, app names and running instances from the console API), turned into one
// ingest batch that goes through the same validation and storage path as POST /v1/ingest.
import type { IngestBatch } from '../domain/ingest-batch.ts';
import { appNames, hello, login, PowerJobError, REFUSED_CODES, runningInstances, type Hello } from './client.ts';
import { helloToSnapshot } from './snapshot.ts';
import { metrics } from '../metrics.ts';

type ServerSnapshot = NonNullable<IngestBatch['servers']>[number];

export interface Source {
  address: string;
  origin: 'env' | 'console' | 'demo';
}

export interface Credentials {
  username: string;
  password: string;
}

export interface SourceStatus {
  address: string;
  origin: Source['origin'];
  state: 'ok' | 'failing' | 'pending';
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  appsHeld: number;
  workers: number;
  loggedIn: boolean;
}

export interface CollectorOptions {
  sources(): readonly Source[];
  credentials?: Credentials;
  intervalMs: number;
  timeoutMs: number;
  /** The same path as POST /v1/ingest: validate, prepare, store. */
  ingest(batch: IngestBatch): Promise<void>;
  now?: () => number;
  /** How often app names and running instances are refreshed per server. */
  detailsEveryMs?: number;
}

interface SourceState {
  failures: number;
  nextAttemptAt: number;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  token: { value: string; expiresAt: number | null } | null;
  names: Map<number, string>;
  namesAt: number;
  running: Map<number, number>;
  runningAt: number;
  appsHeld: number;
  workers: number;
  detailsError: string | null;
}

const MAX_BACKOFF_MS = 60_000;

/** After n consecutive failures, wait interval × 2^(n−1), at most a minute, before calling again. */
export function backoffMs(failures: number, intervalMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(intervalMs * 2 ** (failures - 1), Math.max(MAX_BACKOFF_MS, intervalMs));
}

function describe(error: unknown): string {
  if (error instanceof PowerJobError) {
    const what = { timeout: 'timed out', unreachable: 'unreachable', http: 'error', garbage: 'answered garbage', refused: 'refused', login: 'login failed' }[error.kind];
    return `${what}: ${error.message}`;
  }
  return (error as Error).message ?? String(error);
}

export function createCollector(options: CollectorOptions) {
  const now = options.now ?? Date.now;
  const detailsEvery = options.detailsEveryMs ?? 60_000;
  const states = new Map<string, SourceState>();
  let round = 0;

  const stateOf = (address: string): SourceState => {
    let s = states.get(address);
    if (!s) {
      s = { failures: 0, nextAttemptAt: 0, lastSuccessAt: null, lastAttemptAt: null, lastError: null, token: null, names: new Map(), namesAt: 0, running: new Map(), runningAt: 0, appsHeld: 0, workers: 0, detailsError: null };
      states.set(address, s);
    }
    return s;
  };

  async function token(address: string, s: SourceState): Promise<string | undefined> {
    const creds = options.credentials;
    if (!creds) return undefined;
    // renew ten minutes before the JWT expires (default expiry is 7 days: powerjob.md §4)
    if (s.token && (s.token.expiresAt === null || s.token.expiresAt - now() > 10 * 60_000)) return s.token.value;
    const t = await login(address, creds.username, creds.password, { timeoutMs: options.timeoutMs });
    s.token = { value: t.token, expiresAt: t.expiresAt };
    return t.token;
  }

  /** Names and running instances: best effort, never a reason to call the server down. */
  async function details(address: string, s: SourceState, h: Hello, started: number) {
    try {
      let jwt: string | undefined;
      let loginError: unknown = null;
      try {
        jwt = await token(address, s);
      } catch (error) {
        // a 4.3.x server has no login: its open API still answers below
        loginError = error;
      }
      const call = { timeoutMs: options.timeoutMs, token: jwt };
      const held = [...new Set([...(h.appIds ?? []), ...Object.keys(h.appId2ClusterInfo ?? {}).map(Number)])];
      if (loginError) {
        try {
          s.names = await appNames(address, call, held);
          s.namesAt = started;
        } catch {
          throw loginError;
        }
      }
      if (started - s.namesAt >= detailsEvery || held.some((id) => !s.names.has(id))) {
        s.names = await appNames(address, call, held);
        s.namesAt = started;
      }
      if (started - s.runningAt >= detailsEvery || held.some((id) => !s.running.has(id))) {
        const running = new Map<number, number>();
        // a few at a time, inside the round's time budget
        const queue = [...held];
        const deadline = started + options.intervalMs / 2;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let id = queue.shift(); id !== undefined && now() < deadline; id = queue.shift()) {
              // one app's failing overview (its owner unreachable: @DesignateServer) loses that app's count only
              const n = await runningInstances(address, id, call).catch((error: unknown) => {
                if (error instanceof PowerJobError && REFUSED_CODES.has(String(error.code))) throw error;
                return null;
              });
              if (n !== null) running.set(id, n);
            }
          }),
        );
        s.running = running;
        s.runningAt = started;
      }
      s.detailsError = null;
    } catch (error) {
      // a token PowerJob refuses is dropped, so the next round logs in again
      if (error instanceof PowerJobError && (REFUSED_CODES.has(String(error.code)) || error.kind === 'refused')) s.token = null;
      s.detailsError = describe(error);
    }
  }

  async function collect(source: Source, started: number): Promise<ServerSnapshot> {
    const s = stateOf(source.address);
    if (started < s.nextAttemptAt) {
      metrics().collectorPolls.inc({ source: source.address, result: 'backoff' });
      const wait = Math.ceil((s.nextAttemptAt - started) / 1000);
      return { address: source.address, observedAt: started, status: 'down', reason: `${s.lastError}; next attempt in ${wait} s` };
    }
    s.lastAttemptAt = started;
    try {
      const h = await hello(source.address, { timeoutMs: options.timeoutMs });
      await details(source.address, s, h, started);
      const snapshot = helloToSnapshot(source.address, h, now(), s.names, s.running);
      s.failures = 0;
      s.nextAttemptAt = 0;
      s.lastError = s.detailsError;
      s.lastSuccessAt = now();
      metrics().collectorPolls.inc({ source: source.address, result: 'ok' });
      s.appsHeld = snapshot.apps?.length ?? 0;
      s.workers = (snapshot.apps ?? []).reduce((n, a) => n + (a.workers?.length ?? 0), 0);
      return s.detailsError ? { ...snapshot, reason: `app details: ${s.detailsError}` } : snapshot;
    } catch (error) {
      s.failures++;
      metrics().collectorPolls.inc({ source: source.address, result: 'failed' });
      s.lastError = describe(error);
      s.nextAttemptAt = started + backoffMs(s.failures, options.intervalMs);
      return { address: source.address, observedAt: now(), status: 'down', reason: s.lastError };
    }
  }

  return {
    /** One collection round over every source; resolves once its batch is stored. */
    async round(): Promise<{ servers: number; up: number; workers: number; ms: number }> {
      const started = now();
      const sources = options.sources();
      for (const address of states.keys()) if (!sources.some((s) => s.address === address)) states.delete(address);
      if (sources.length === 0) return { servers: 0, up: 0, workers: 0, ms: 0 };
      const snapshots = await Promise.all(sources.map((s) => collect(s, started)));
      round++;
      metrics().collectorRounds.inc();
      await options.ingest({ batchId: `collector-${started}-${round}`, source: 'collector', servers: snapshots });
      return {
        servers: snapshots.length,
        up: snapshots.filter((s) => s.status === 'up').length,
        workers: snapshots.reduce((n, s) => n + (s.apps ?? []).reduce((m, a) => m + (a.workers?.length ?? 0), 0), 0),
        ms: now() - started,
      };
    },
    status(): SourceStatus[] {
      const iso = (t: number | null) => (t === null || t === 0 ? null : new Date(t).toISOString());
      return options.sources().map((source) => {
        const s = states.get(source.address);
        return {
          address: source.address,
          origin: source.origin,
          state: !s || s.lastAttemptAt === null ? 'pending' : s.failures > 0 ? 'failing' : 'ok',
          lastSuccessAt: iso(s?.lastSuccessAt ?? null),
          lastAttemptAt: iso(s?.lastAttemptAt ?? null),
          lastError: s?.lastError ?? null,
          consecutiveFailures: s?.failures ?? 0,
          nextAttemptAt: s && s.failures > 0 ? iso(s.nextAttemptAt) : null,
          appsHeld: s?.appsHeld ?? 0,
          workers: s?.workers ?? 0,
          loggedIn: Boolean(s?.token),
        };
      });
    },
  };
}

export type Collector = ReturnType<typeof createCollector>;
