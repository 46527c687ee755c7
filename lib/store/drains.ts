// Drains in the store (0018): start one (refused with the reason, nothing changed), start its
// restore, change its state as the controller finishes a phase, read them. Each change is written
// with its audit entry and its cordon or uncordon in one transaction under the maintenance lock, so
// two operators draining the last two servers at once cannot both pass.
import type { SqlClient, SqlRunner } from './db.ts';
import { recordAudit } from './audit.ts';
import { cordonInTransaction, MAINTENANCE_LOCK, serverStates, uncordonInTransaction } from './maintenance.ts';
import { drainRefusal, restoreRefusal, type DrainHeld, type DrainRefusal, type DrainState } from '../domain/drain.ts';
import type { PlannedMove } from '../domain/rebalance.ts';

export interface StoredDrain {
  id: string;
  server: string;
  state: DrainState;
  startedBy: string;
  reason: string | null;
  perMinute: number;
  plan: PlannedMove[];
  restorePlan: PlannedMove[] | null;
  startedAt: Date;
  drainedAt: Date | null;
  restoredBy: string | null;
  restoreStartedAt: Date | null;
  restoredAt: Date | null;
  /** move an app that never has a quiet window anyway (0020) */
  allowBusy: boolean;
  /** the apps the last tick held for a quiet window, with the reason (0020) */
  held: DrainHeld[];
}

type DrainRow = {
  id: string;
  server: string;
  state: DrainState;
  started_by: string;
  reason: string | null;
  per_minute: number;
  plan: PlannedMove[];
  restore_plan: PlannedMove[] | null;
  started_at: Date | string;
  drained_at: Date | string | null;
  restored_by: string | null;
  restore_started_at: Date | string | null;
  restored_at: Date | string | null;
  allow_busy: boolean;
  held: DrainHeld[] | null;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

function drainOf(r: DrainRow): StoredDrain {
  return {
    id: r.id,
    server: r.server,
    state: r.state,
    startedBy: r.started_by,
    reason: r.reason,
    perMinute: r.per_minute,
    plan: r.plan,
    restorePlan: r.restore_plan,
    startedAt: new Date(r.started_at),
    drainedAt: date(r.drained_at),
    restoredBy: r.restored_by,
    restoreStartedAt: date(r.restore_started_at),
    restoredAt: date(r.restored_at),
    allowBusy: r.allow_busy,
    held: r.held ?? [],
  };
}

/** The server's drain that is not restored yet, or else its latest; null when it was never drained. */
export async function getDrain(sql: SqlRunner, server: string): Promise<StoredDrain | null> {
  const [row] = await sql.query<DrainRow>(`select * from drains where server = $1 order by (state <> 'restored') desc, started_at desc limit 1`, [server]);
  return row ? drainOf(row) : null;
}

/** Drains in any of `states` (every one when none given), the newest first. */
export async function listDrains(sql: SqlRunner, states?: readonly DrainState[]): Promise<StoredDrain[]> {
  const rows = states ? await sql.query<DrainRow>('select * from drains where state = any($1::text[]) order by started_at desc', [states]) : await sql.query<DrainRow>('select * from drains order by started_at desc limit 200');
  return rows.map(drainOf);
}

async function holding(tx: SqlRunner, server: string): Promise<StoredDrain | null> {
  const d = await getDrain(tx, server);
  return d && d.state !== 'restored' ? d : null;
}

/**
 * Starts a drain of `server`: refused (nothing changed) when the server is unknown, drained or
 * being drained already, or the last live one to take apps; else cordons it (unless it is already)
 * and stores the drain with the plan the operator was shown, audited as `server.drain`.
 */
export async function startDrain(
  client: SqlClient,
  input: { id: string; server: string; by: string; reason: string | null; perMinute: number; allowBusy?: boolean; plan: PlannedMove[]; now: Date; staleAfterMs: number },
): Promise<{ ok: false; refusal: DrainRefusal } | { ok: true; drain: StoredDrain }> {
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    return startDrainInTransaction(tx, input);
  });
}

/** startDrain inside a transaction that holds the maintenance lock (a rolling restart's step starts its drains with it). */
export async function startDrainInTransaction(
  tx: SqlRunner,
  input: { id: string; server: string; by: string; reason: string | null; perMinute: number; allowBusy?: boolean; plan: PlannedMove[]; now: Date; staleAfterMs: number },
): Promise<{ ok: false; refusal: DrainRefusal } | { ok: true; drain: StoredDrain }> {
  const { server, by, now } = input;
  const servers = await serverStates(tx, now, input.staleAfterMs);
  const held = await holding(tx, server);
  const refusal = drainRefusal(
    server,
    servers.map((s) => ({ address: s.row.address, live: s.live, confirmed: s.row.confirmed_by !== null, cordoned: s.row.cordoned_by !== null })),
    held?.state ?? null,
  );
  if (refusal) return { ok: false as const, refusal };
  // the check above already refused the last live server: this cordon passes, or finds one in place
  await cordonInTransaction(tx, server, by, input.reason ?? 'drain', now, input.staleAfterMs);
  await tx.query(
    `insert into drains (id, server, state, started_by, reason, per_minute, allow_busy, plan, started_at, updated_at)
     values ($1, $2, 'draining', $3, $4, $5, $6, $7::jsonb, $8, $8)`,
    [input.id, server, by, input.reason, input.perMinute, input.allowBusy ?? false, JSON.stringify(input.plan), now],
  );
  await recordAudit(tx, { actor: by, action: 'server.drain', target: `server:${server}`, before: null, after: { drain: input.id, state: 'draining', apps: input.plan.length }, ...(input.reason ? { detail: input.reason } : {}), at: now });
  return { ok: true as const, drain: (await getDrain(tx, server))! };
}

/**
 * Starts the restore of a drained (or draining) server: stores the restore's plan, audited as
 * `server.restore`. The server stays cordoned until the restore ends (finishDrainPhase uncordons
 * it): it takes the restore's moves, and no election, placement or steering, until it holds its
 * share, so that it is not in service holding nothing while its apps come back at the move rate. Refused when the server is unknown, not drained, or being
 * restored already. The drain's open moves are still verified.
 */
export async function startRestore(
  client: SqlClient,
  input: { server: string; by: string; plan: PlannedMove[]; known: boolean; now: Date },
): Promise<{ ok: false; refusal: DrainRefusal } | { ok: true; drain: StoredDrain }> {
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    return startRestoreInTransaction(tx, input);
  });
}

/** startRestore inside a transaction that holds the maintenance lock. */
export async function startRestoreInTransaction(
  tx: SqlRunner,
  input: { server: string; by: string; plan: PlannedMove[]; known: boolean; now: Date },
): Promise<{ ok: false; refusal: DrainRefusal } | { ok: true; drain: StoredDrain }> {
  const { server, by, now } = input;
  const held = await holding(tx, server);
  const refusal = restoreRefusal(server, input.known, held?.state ?? null);
  if (refusal || !held) return { ok: false as const, refusal: refusal! };
  await tx.query(`update drains set state = 'restoring', restored_by = $2, restore_plan = $3::jsonb, restore_started_at = $4, updated_at = $4, held = '[]'::jsonb where id = $1`, [held.id, by, JSON.stringify(input.plan), now]);
  await recordAudit(tx, { actor: by, action: 'server.restore', target: `server:${server}`, before: { drain: held.id, state: held.state }, after: { drain: held.id, state: 'restoring', apps: input.plan.length }, at: now });
  return { ok: true as const, drain: (await getDrain(tx, server))! };
}

/**
 * Ends a phase (the controller, when nothing is left to move or converging): draining → drained or
 * incomplete, restoring → restored, which lifts the drain's cordon (audited as `server.uncordon`, by
 * the same actor); only from the state it read (false when it changed meanwhile).
 */
export async function finishDrainPhase(client: SqlClient, input: { id: string; from: DrainState; to: DrainState; actor: string; detail: string; now: Date }): Promise<boolean> {
  return client.transaction(async (tx) => finishDrainPhaseInTransaction(tx, input));
}

/** finishDrainPhase inside a transaction (a rolling restart's abort stops its drain with it). */
export async function finishDrainPhaseInTransaction(tx: SqlRunner, input: { id: string; from: DrainState; to: DrainState; actor: string; detail: string; now: Date }): Promise<boolean> {
  const column = input.to === 'restored' ? 'restored_at' : 'drained_at';
  const rows = await tx.query<{ server: string }>(`update drains set state = $3, ${column} = $4, updated_at = $4 where id = $1 and state = $2 returning server`, [input.id, input.from, input.to, input.now]);
  if (rows.length === 0) return false;
  await recordAudit(tx, { actor: input.actor, action: `server.${input.to}`, target: `server:${rows[0]!.server}`, before: { drain: input.id, state: input.from }, after: { drain: input.id, state: input.to }, detail: input.detail, at: input.now });
  if (input.to === 'restored') await uncordonInTransaction(tx, rows[0]!.server, input.actor, input.now);
  return true;
}

/** Records the apps a drain's tick held for a quiet window (what its progress shows); a write only when they changed. */
export async function setDrainHeld(sql: SqlRunner, id: string, held: readonly DrainHeld[]): Promise<void> {
  await sql.query(`update drains set held = $2::jsonb where id = $1 and held <> $2::jsonb`, [id, JSON.stringify(held)]);
}
