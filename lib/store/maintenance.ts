// Maintenance state in the store, shared by every replica: the freeze switch and the move windows
// (settings), each written together with its audit entry so that no change goes unrecorded.
import type { SqlClient, SqlRunner } from './db.ts';
import { recordAudit } from './audit.ts';
import { ANY_TIME, freezeState, moveWindowsBody, NOT_FROZEN, type FreezeState, type MoveWindows } from '../domain/maintenance.ts';

const FREEZE_KEY = 'maintenance.freeze';
const WINDOWS_KEY = 'maintenance.move_windows';
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

/** The move windows now; any time for every kind when never set (or what is stored does not parse). */
export async function getMoveWindows(sql: SqlRunner): Promise<MoveWindows> {
  const parsed = moveWindowsBody.safeParse(await readSetting(sql, WINDOWS_KEY));
  return parsed.success ? parsed.data : ANY_TIME;
}

/** Replaces the move windows and audits it (`maintenance.move-windows.update`) in one transaction. */
export async function setMoveWindows(client: SqlClient, next: MoveWindows, actor: string, now: Date): Promise<{ before: MoveWindows; after: MoveWindows }> {
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const before = await getMoveWindows(tx);
    await writeSetting(tx, WINDOWS_KEY, next, now);
    await recordAudit(tx, { actor, action: 'maintenance.move-windows.update', target: 'maintenance:move-windows', before, after: next, at: now });
    return { before, after: next };
  });
}
