// Maintenance state in the store, shared by every replica: the freeze switch (a setting), written
// together with its audit entry so that no change of it goes unrecorded.
import type { SqlClient, SqlRunner } from './db.ts';
import { recordAudit } from './audit.ts';
import { freezeState, NOT_FROZEN, type FreezeState } from '../domain/maintenance.ts';

const FREEZE_KEY = 'maintenance.freeze';
/** serialises changes of the maintenance state between replicas (PostgreSQL; PGlite has one writer) */
const MAINTENANCE_LOCK = 7_700_016;

async function readSetting(sql: SqlRunner, key: string): Promise<unknown> {
  const [row] = await sql.query<{ value: unknown }>('select value from settings where key = $1', [key]);
  return row?.value;
}

async function writeSetting(sql: SqlRunner, key: string, value: unknown, now: Date): Promise<void> {
  await sql.query(
    `insert into settings (key, value, updated_at) values ($1, $2::jsonb, $3)
     on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    [key, JSON.stringify(value), now],
  );
}

/** The freeze switch now; off when it was never set (or what is stored does not parse). */
export async function getFreeze(sql: SqlRunner): Promise<FreezeState> {
  const parsed = freezeState.safeParse(await readSetting(sql, FREEZE_KEY));
  return parsed.success ? parsed.data : NOT_FROZEN;
}

/** Sets the switch and audits it (`maintenance.freeze` / `maintenance.unfreeze`) in one transaction; the state before and after. */
export async function setFreeze(client: SqlClient, next: FreezeState, now: Date): Promise<{ before: FreezeState; after: FreezeState }> {
  return client.transaction(async (tx) => {
    // one writer at a time, so that `before` is what this change replaced
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const before = await getFreeze(tx);
    await writeSetting(tx, FREEZE_KEY, next, now);
    await recordAudit(tx, {
      actor: next.by ?? 'unknown',
      action: next.frozen ? 'maintenance.freeze' : 'maintenance.unfreeze',
      target: 'maintenance:freeze',
      before,
      after: next,
      ...(next.reason ? { detail: next.reason } : {}),
      at: now,
    });
    return { before, after: next };
  });
}
