// Versioned migrations: lib/store/migrations/NNNN_name.sql, applied in order at start, each once,
// each in its own transaction. Replicas on one PostgreSQL serialise on a transaction advisory lock.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SqlClient } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_LOCK = 7_700_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: fs.readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

/** Applies the pending migrations; returns the versions this call applied. */
export async function migrate(client: SqlClient, migrations = loadMigrations()): Promise<number[]> {
  const applied: number[] = [];
  await client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
  });
  for (const m of migrations) {
    await client.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (done.length) return;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    });
  }
  return applied;
}
