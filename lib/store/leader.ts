// The background jobs' leader lease. On PostgreSQL: a session advisory lock held by a connection of
// its own, so it is released by the database the moment the holder's process dies (its socket
// closes) and another replica can take it. On PGlite (one process per data directory) the one
// process is always the leader.
import pg from 'pg';

export interface LeaderLease {
  readonly kind: 'single-process' | 'advisory-lock';
  /** Takes the lease if nobody holds it; true when this process holds it afterwards. */
  tryAcquire(): Promise<boolean>;
  /** Whether this process still holds the lease: false once its connection is gone or the lock is not granted. */
  holds(): Promise<boolean>;
  /** Gives the lease up (closes the connection). */
  release(): Promise<void>;
  /** Called as soon as the lease's connection fails (the lock went with it), before the next holds() check. */
  onLost(listener: () => void): void;
}

// pg_try_advisory_lock(int4, int4): a key space apart from the single-bigint locks of migrate.ts
// and ingest.ts. 0x46756c63 is "Fulc".
const LOCK_CLASS = 0x46756c63;
const LOCK_JOBS = 1;

export function singleProcessLease(): LeaderLease {
  return {
    kind: 'single-process',
    tryAcquire: async () => true,
    holds: async () => true,
    release: async () => undefined,
    onLost: () => undefined,
  };
}

export interface AdvisoryLeaseOptions {
  /** a query on the lease's connection that takes longer is a lost connection (default 3 s) */
  queryTimeoutMs?: number;
}

export function advisoryLockLease(databaseUrl: string, options: AdvisoryLeaseOptions = {}): LeaderLease {
  const timeoutMs = options.queryTimeoutMs ?? 3000;
  let client: pg.Client | null = null;
  let broken = false;
  const lost: (() => void)[] = [];
  const fail = (c: pg.Client) => {
    if (c !== client || broken) return;
    broken = true; // the lock went with the connection
    for (const fn of lost) fn();
  };

  const drop = async () => {
    const c = client;
    client = null; // before end(): a release is not a loss
    if (c) await c.end().catch(() => undefined);
  };

  const connect = async (): Promise<pg.Client> => {
    if (client && !broken) return client;
    await drop();
    broken = false;
    const c = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 2000,
      application_name: 'fulcrum-leader',
    });
    c.on('error', () => fail(c));
    c.on('end', () => fail(c));
    await c.connect();
    // the server side notices a silent peer too (no FIN: a partition, a frozen host) within ~10 s
    await c.query('set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 2; set tcp_keepalives_count = 3');
    client = c;
    return c;
  };

  return {
    kind: 'advisory-lock',
    async tryAcquire() {
      try {
        const c = await connect();
        const r = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [LOCK_CLASS, LOCK_JOBS]);
        return r.rows[0]?.ok === true;
      } catch {
        broken = true;
        return false;
      }
    },
    async holds() {
      if (!client || broken) return false;
      try {
        const r = await client.query<{ held: boolean }>(
          `select exists (select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted
             and classid = $1 and objid = $2 and objsubid = 2) as held`,
          [LOCK_CLASS, LOCK_JOBS],
        );
        return r.rows[0]?.held === true;
      } catch {
        broken = true;
        return false;
      }
    },
    release: drop,
    onLost: (listener) => void lost.push(listener),
  };
}
