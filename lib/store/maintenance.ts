// Maintenance state in the store, shared by every replica: the freeze switch and the move windows
// (settings) and cordoned servers (servers.cordoned_by, 0016), each written together with its
// audit entry so that no change goes unrecorded.
import type { SqlClient, SqlRunner } from './db.ts';
import { recordAudit } from './audit.ts';
import { getSetting, putSetting } from './settings.ts';
import { serverHealth } from '../domain/observations.ts';
import { ANY_TIME, freezeState, moveWindowsBody, NOT_FROZEN, type FreezeState, type MoveWindows } from '../domain/maintenance.ts';

const FREEZE_KEY = 'maintenance.freeze';
const WINDOWS_KEY = 'maintenance.move_windows';
/** serialises changes of the maintenance state between replicas (PostgreSQL; PGlite has one writer) */
export const MAINTENANCE_LOCK = 7_700_016;

/** The freeze switch now; off when it was never set (or what is stored does not parse). */
export async function getFreeze(sql: SqlRunner): Promise<FreezeState> {
  const parsed = freezeState.safeParse(await getSetting(sql, FREEZE_KEY));
  return parsed.success ? parsed.data : NOT_FROZEN;
}

/** Sets the switch and audits it (`maintenance.freeze` / `maintenance.unfreeze`) in one transaction; the state before and after. */
export async function setFreeze(client: SqlClient, next: FreezeState, now: Date): Promise<{ before: FreezeState; after: FreezeState }> {
  return client.transaction(async (tx) => {
    // one writer at a time, so that `before` is what this change replaced
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const before = await getFreeze(tx);
    await putSetting(tx, FREEZE_KEY, next, now);
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
  const parsed = moveWindowsBody.safeParse(await getSetting(sql, WINDOWS_KEY));
  return parsed.success ? parsed.data : ANY_TIME;
}

/** Replaces the move windows and audits it (`maintenance.move-windows.update`) in one transaction. */
export async function setMoveWindows(client: SqlClient, next: MoveWindows, actor: string, now: Date): Promise<{ before: MoveWindows; after: MoveWindows }> {
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const before = await getMoveWindows(tx);
    await putSetting(tx, WINDOWS_KEY, next, now);
    await recordAudit(tx, { actor, action: 'maintenance.move-windows.update', target: 'maintenance:move-windows', before, after: next, at: now });
    return { before, after: next };
  });
}

export type CordonOutcome =
  | { outcome: 'unknown' }
  /** the last live, confirmed server not cordoned: cordoning it would leave no target at all */
  | { outcome: 'last'; live: number }
  | { outcome: 'cordoned' | 'unchanged'; cordon: { by: string; at: string; reason: string | null } };

export type ServerRow = { address: string; status: string; last_seen_at: Date | string; confirmed_by: string | null; cordoned_by: string | null; cordoned_at: Date | string | null; cordon_reason: string | null };

const cordonOf = (r: ServerRow) => (r.cordoned_by ? { by: r.cordoned_by, at: new Date(r.cordoned_at!).toISOString(), reason: r.cordon_reason } : null);

/**
 * Cordons a server: refused when no such server is known, or when it is the last live (up or not
 * yet known), confirmed and uncordoned server, so that a cordon never leaves moves no target.
 * Under the maintenance lock, so two operators cordoning the last two servers at once cannot both pass.
 */
export async function cordonServer(client: SqlClient, address: string, by: string, reason: string | null, now: Date, staleAfterMs: number): Promise<CordonOutcome> {
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    return cordonInTransaction(tx, address, by, reason, now, staleAfterMs);
  });
}

/** The servers as a cordon or a drain judges them: known, live (up or not yet known, and fresh), confirmed, cordoned. */
export async function serverStates(tx: SqlRunner, now: Date, staleAfterMs: number): Promise<{ row: ServerRow; live: boolean }[]> {
  const rows = await tx.query<ServerRow>('select address, status, last_seen_at, confirmed_by, cordoned_by, cordoned_at, cordon_reason from servers');
  return rows.map((r) => {
    const h = serverHealth(r.status as 'up' | 'down' | 'unknown', new Date(r.last_seen_at).getTime(), now.getTime(), staleAfterMs);
    return { row: r, live: r.confirmed_by !== null && (h === 'up' || h === 'unknown') };
  });
}

/** cordonServer inside a transaction that holds the maintenance lock (a drain cordons with it). */
export async function cordonInTransaction(tx: SqlRunner, address: string, by: string, reason: string | null, now: Date, staleAfterMs: number): Promise<CordonOutcome> {
  const servers = await serverStates(tx, now, staleAfterMs);
  const found = servers.find((s) => s.row.address === address);
  if (!found) return { outcome: 'unknown' as const };
  const known = cordonOf(found.row);
  if (known) return { outcome: 'unchanged' as const, cordon: known };
  const targets = servers.filter((s) => s.live && !s.row.cordoned_by);
  if (found.live && targets.length <= 1) return { outcome: 'last' as const, live: targets.length };
  await tx.query('update servers set cordoned_by = $2, cordoned_at = $3, cordon_reason = $4 where address = $1', [address, by, now, reason]);
  const cordon = { by, at: now.toISOString(), reason };
  await recordAudit(tx, { actor: by, action: 'server.cordon', target: `server:${address}`, before: { cordon: null }, after: { cordon }, ...(reason ? { detail: reason } : {}), at: now });
  return { outcome: 'cordoned' as const, cordon };
}

/**
 * Uncordons a server: null when no such server is known; `changed` false when it was not cordoned;
 * `drain` (nothing changed) when a drain holds its cordon: only its restore lifts it, or the drain
 * would go on moving apps off while plans and workers place them back.
 */
export async function uncordonServer(client: SqlClient, address: string, by: string, now: Date): Promise<{ changed: boolean } | { drain: string } | null> {
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const [held] = await tx.query<{ state: string }>(`select state from drains where server = $1 and state in ('draining', 'drained', 'incomplete') order by started_at desc limit 1`, [address]);
    if (held) return { drain: held.state };
    return uncordonInTransaction(tx, address, by, now);
  });
}

/** uncordonServer inside a transaction that holds the maintenance lock (a restore uncordons with it). */
export async function uncordonInTransaction(tx: SqlRunner, address: string, by: string, now: Date): Promise<{ changed: boolean } | null> {
  const [row] = await tx.query<ServerRow>('select address, status, last_seen_at, confirmed_by, cordoned_by, cordoned_at, cordon_reason from servers where address = $1', [address]);
  if (!row) return null;
  const before = cordonOf(row);
  if (!before) return { changed: false };
  await tx.query('update servers set cordoned_by = null, cordoned_at = null, cordon_reason = null where address = $1', [address]);
  await recordAudit(tx, { actor: by, action: 'server.uncordon', target: `server:${address}`, before: { cordon: before }, after: { cordon: null }, at: now });
  return { changed: true };
}
