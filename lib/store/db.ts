// Opens the store: PGlite under the data directory (default) or PostgreSQL (DATABASE_URL).
// Every way opening can fail ends in a StoreOpenError whose message is one line an operator can act on.
import { redactUrl, scrubSecrets } from '../domain/redact.ts';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import fs from 'node:fs';
import path from 'node:path';

export type StoreKind = 'pglite' | 'postgres';
export type Drizzle = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** The raw SQL surface the query modules use for what Drizzle does not cover (COPY, unnest, locks). */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements, without parameters. */
  exec(text: string): Promise<void>;
}

export interface SqlClient extends SqlRunner {
  readonly kind: StoreKind;
  readonly db: Drizzle;
  /** A human-readable location: the data directory or the database URL without its password. */
  readonly location: string;
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SqlTransaction extends SqlRunner {
  /** PGlite only: COPY rows in PostgreSQL text format into a table. */
  copyText?(table: string, columns: readonly string[], text: string): Promise<number>;
}

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** PGlite only: PostgreSQL's shared_buffers inside the process (FULCRUM_PGLITE_SHARED_BUFFERS) */
  pgliteSharedBuffers?: string;
}

/** PGlite keeps PostgreSQL's 128MB buffer pool in the process; 32MB held the `large` soak's working set (docs/performance.md) */
export const PGLITE_SHARED_BUFFERS = '32MB';

export async function openSqlClient(options: OpenOptions): Promise<SqlClient> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir, options.pgliteSharedBuffers ?? PGLITE_SHARED_BUFFERS);
}

// ---------------------------------------------------------------------------------------- PGlite

const LOCK_FILE = 'fulcrum.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process per data directory: a pid file created atomically; a dead owner's file is taken over. */
function lockDataDir(dir: string): () => void {
  const lockPath = path.join(dir, LOCK_FILE);
  const tmp = path.join(dir, `.${LOCK_FILE}.${process.pid}`);
  fs.writeFileSync(tmp, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(tmp, lockPath);
        return () => {
          try {
            if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
          } catch {
            // already gone
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
        if (Number.isFinite(owner) && owner !== process.pid && isAlive(owner)) {
          throw new StoreOpenError(
            `data directory ${dir} is in use by another Fulcrum process (pid ${owner}); stop it, or set FULCRUM_DATA_DIR to another directory`,
          );
        }
        if (owner === process.pid) {
          throw new StoreOpenError(`data directory ${dir} is already open in this process`);
        }
        fs.unlinkSync(lockPath); // left behind by a process that died
      }
    }
    throw new StoreOpenError(`data directory ${dir} is being locked by another process at the same moment; try again`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function prepareDataDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
    const probe = path.join(dir, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StoreOpenError(
      `data directory ${dir} is not writable (${code}); set FULCRUM_DATA_DIR to a directory this user can write`,
    );
  }
}

async function openPglite(dataDir: string, sharedBuffers: string): Promise<SqlClient> {
  const dir = path.resolve(dataDir);
  prepareDataDir(dir);
  const unlock = lockDataDir(dir);
  let pglite: PGlite;
  try {
    // startParams replace PGlite's own, which its single-user mode needs: keep them and add ours
    pglite = await PGlite.create({ dataDir: path.join(dir, 'pglite'), startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] });
  } catch (error) {
    unlock();
    throw new StoreOpenError(`cannot open the embedded store in ${dir}: ${(error as Error).message}`);
  }
  const run = async <T>(
    q: Pick<PGlite, 'query'>,
    text: string,
    params?: unknown[],
  ): Promise<T[]> => (await q.query<T>(text, params)).rows;
  return {
    kind: 'pglite',
    location: dir,
    db: drizzlePglite({ client: pglite }) as unknown as Drizzle,
    query: (text, params) => run(pglite, text, params),
    exec: async (text) => void (await pglite.exec(text)),
    transaction: (fn) =>
      pglite.transaction((tx) =>
        fn({
          query: (text, params) => run(tx, text, params),
          exec: async (text) => void (await tx.exec(text)),
          copyText: async (table, columns, body) => {
            const result = await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
              blob: new Blob([body]),
            });
            return result.affectedRows ?? 0;
          },
        }),
      ),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}

// ------------------------------------------------------------------------------------ PostgreSQL

async function openPostgres(url: string): Promise<SqlClient> {
  const shown = redactUrl(url);
  let pool: pg.Pool;
  try {
    // connectionTimeoutMillis bounds the wait for a free connection as well as the connect itself: a
    // burst of requests (60 parallel sign-ins, CI on a loaded machine) queues behind the 10
    // connections for longer than 5 s, and a request that could have been served got a 500. A
    // database that is down still fails at once (connection refused); only a silent host waits this long.
    pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 30_000 });
  } catch (error) {
    throw new StoreOpenError(`DATABASE_URL is not a usable PostgreSQL URL (${shown}): ${scrubSecrets((error as Error).message, [url])}`);
  }
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const e = error as NodeJS.ErrnoException;
    throw new StoreOpenError(`cannot reach PostgreSQL at ${shown}: ${e.code ? `${e.code} ` : ''}${scrubSecrets(e.message, [url])}`);
  }
  const run = async <T>(q: pg.Pool | pg.PoolClient, text: string, params?: unknown[]): Promise<T[]> =>
    (await q.query(text, params)).rows as T[];
  return {
    kind: 'postgres',
    location: shown,
    db: drizzlePg({ client: pool }) as unknown as Drizzle,
    query: (text, params) => run(pool, text, params),
    exec: async (text) => void (await pool.query(text)),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({
          query: (text, params) => run(client, text, params),
          exec: async (text) => void (await client.query(text)),
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
