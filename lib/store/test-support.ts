// For tests: the stores to run against. PGlite always, in a fresh temporary directory; PostgreSQL
// too when TEST_DATABASE_URL is set, each run in a database of its own that it drops afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openStore, type Store } from './index.ts';

export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** Opens a new, empty store; `dispose` drops what it made. */
  create(options?: { staleAfterMs?: number }): Promise<{ store: Store; dispose(): Promise<void>; reopen(): Promise<Store> }>;
}

/** A store opened by `open`, which `reopen` closes and opens again; `dispose` closes it and runs `drop`. */
async function reopenable(open: () => Promise<Store>, drop: () => Promise<void>) {
  let store = await open();
  return {
    store,
    reopen: async () => {
      await store.close().catch(() => undefined); // closed already: a test made the store unreachable
      store = await open();
      return store;
    },
    dispose: async () => {
      await store.close().catch(() => undefined);
      await drop();
    },
  };
}

export function storeTargets(): StoreTarget[] {
  const targets: StoreTarget[] = [
    {
      name: 'pglite',
      async create(options = {}) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-store-'));
        return reopenable(() => openStore({ dataDir: dir, staleAfterMs: options.staleAfterMs ?? 30_000 }), async () => fs.rmSync(dir, { recursive: true, force: true }));
      },
    },
  ];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    targets.push({
      name: 'postgres',
      async create(options = {}) {
        const scratch = await scratchDatabase('fulcrum_test', adminUrl);
        return reopenable(() => openStore({ dataDir: '', databaseUrl: scratch.url, staleAfterMs: options.staleAfterMs ?? 30_000 }), () => scratch.drop());
      },
    });
  }
  return targets;
}

/** The PostgreSQL the process tests use: TEST_DATABASE_URL, or the machine's own on 127.0.0.1:5432. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** FULCRUM_TEST_SKIP_POSTGRES=1 skips the tests that need a real PostgreSQL (otherwise unreachable fails). */
export const SKIP_POSTGRES = process.env.FULCRUM_TEST_SKIP_POSTGRES === '1';

/** Runs `fn` on a connection of its own to POSTGRES_ADMIN_URL, closed afterwards. */
export async function withPostgresAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A new, empty PostgreSQL database named `<prefix>_<pid>_<random>` on the admin URL's server, and
 * its URL; `drop` removes it (closing what is still connected). For tests and benchmarks that
 * need a database of their own.
 */
export async function scratchDatabase(prefix: string, adminUrl = POSTGRES_ADMIN_URL): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  try {
    await admin(`create database ${name}`);
  } catch (error) {
    throw new Error(`PostgreSQL at ${adminUrl} is unreachable (${(error as Error).message}); start it, or set FULCRUM_TEST_SKIP_POSTGRES=1 to skip`);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
