// The settings table (key → jsonb value): one reader and writers, on the client or inside a transaction.
import type { SqlRunner } from './db.ts';

/** The stored value of a setting; undefined when it was never set. */
export async function getSetting<T>(sql: SqlRunner, key: string): Promise<T | undefined> {
  const [row] = await sql.query<{ value: T }>('select value from settings where key = $1', [key]);
  return row?.value;
}

/** Writes a setting, replacing what was there. */
export async function putSetting<T>(sql: SqlRunner, key: string, value: T, now: Date = new Date()): Promise<void> {
  await sql.query(
    `insert into settings (key, value, updated_at) values ($1, $2::jsonb, $3)
     on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    [key, JSON.stringify(value), now],
  );
}

/** Writes a setting only when it is not there yet; returns the value that is stored afterwards. */
export async function initSetting<T>(sql: SqlRunner, key: string, value: T, now: Date = new Date()): Promise<T> {
  await sql.query('insert into settings (key, value, updated_at) values ($1, $2::jsonb, $3) on conflict (key) do nothing', [key, JSON.stringify(value), now]);
  return (await getSetting<T>(sql, key)) as T;
}
