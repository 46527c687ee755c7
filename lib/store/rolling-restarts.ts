// Rolling restarts in the store (0019): start one (refused with the reason, nothing changed), save a
// step with the one effect it asks for (start a drain, start a restore, stop one on abort) and its
// audit entries, read them. Each change is one transaction under the maintenance lock, over the
// revision it read, so an operator's action and the leader's tick never both pass on the same state.
import type { SqlClient, SqlRunner } from './db.ts';
import { recordAudit } from './audit.ts';
import { MAINTENANCE_LOCK, serverStates } from './maintenance.ts';
import { finishDrainPhaseInTransaction, getDrain, startDrainInTransaction, startRestoreInTransaction } from './drains.ts';
import { ACTIVE_ROLLING_RESTART_STATES, rollingRestartRefusal, type RestartServer, type RollingRestart, type RollingRestartEffect, type RollingRestartNote, type RollingRestartRefusal, type RollingRestartState } from '../domain/rolling-restart.ts';
import type { DrainRefusal, DrainState } from '../domain/drain.ts';
import type { PlannedMove } from '../domain/rebalance.ts';

export interface StoredRollingRestart extends RollingRestart {
  revision: number;
}

type Row = {
  id: string;
  state: RollingRestartState;
  started_by: string;
  reason: string | null;
  per_minute: number;
  restart_timeout_ms: number;
  allow_busy: boolean;
  servers: RestartServer[];
  note: RollingRestartNote | null;
  revision: number;
  started_at: Date | string;
  ended_at: Date | string | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function rollingRestartOf(r: Row): StoredRollingRestart {
  return {
    id: r.id,
    state: r.state,
    startedBy: r.started_by,
    reason: r.reason,
    perMinute: r.per_minute,
    allowBusy: r.allow_busy,
    restartTimeoutMs: r.restart_timeout_ms,
    servers: r.servers,
    note: r.note,
    revision: r.revision,
    startedAt: iso(r.started_at)!,
    endedAt: iso(r.ended_at),
  };
}

export const ROLLING_RESTART_TARGET = (id: string) => `rolling-restart:${id}`;

export async function getRollingRestart(sql: SqlRunner, id: string): Promise<StoredRollingRestart | null> {
  const [row] = await sql.query<Row>('select * from rolling_restarts where id = $1', [id]);
  return row ? rollingRestartOf(row) : null;
}

/** The rolling restart that holds the cluster (running, paused or aborting), or null. */
export async function activeRollingRestart(sql: SqlRunner): Promise<StoredRollingRestart | null> {
  const [row] = await sql.query<Row>('select * from rolling_restarts where state = any($1::text[]) order by started_at desc limit 1', [ACTIVE_ROLLING_RESTART_STATES]);
  return row ? rollingRestartOf(row) : null;
}

/** The newest rolling restarts first. */
export async function listRollingRestarts(sql: SqlRunner, limit = 50): Promise<StoredRollingRestart[]> {
  return (await sql.query<Row>('select * from rolling_restarts order by started_at desc limit $1', [limit])).map(rollingRestartOf);
}

/**
 * Starts a rolling restart: refused (nothing changed) while another one holds the cluster, or when
 * one of its servers is unknown, held by a drain, or the last live one; else stored, audited as
 * `rolling-restart.start`. Its first drain is the leader's next tick's.
 */
export async function startRollingRestart(client: SqlClient, input: { rr: RollingRestart; now: Date; staleAfterMs: number }): Promise<{ ok: false; refusal: RollingRestartRefusal } | { ok: true; rollingRestart: StoredRollingRestart }> {
  const { rr, now } = input;
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const active = await activeRollingRestart(tx);
    const servers = await serverStates(tx, now, input.staleAfterMs);
    const holding = new Map<string, DrainState>();
    for (const s of rr.servers) {
      const d = await getDrain(tx, s.address);
      if (d && d.state !== 'restored') holding.set(s.address, d.state);
    }
    const refusal = rollingRestartRefusal(
      rr.servers.map((s) => s.address),
      servers.map((s) => ({ address: s.row.address, live: s.live, confirmed: s.row.confirmed_by !== null, cordoned: s.row.cordoned_by !== null })),
      holding,
      active,
    );
    if (refusal) return { ok: false as const, refusal };
    await tx.query(
      `insert into rolling_restarts (id, state, started_by, reason, per_minute, restart_timeout_ms, allow_busy, servers, note, revision, started_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, null, 1, $9, $9)`,
      [rr.id, rr.state, rr.startedBy, rr.reason, rr.perMinute, rr.restartTimeoutMs, rr.allowBusy ?? false, JSON.stringify(rr.servers), now],
    );
    await recordAudit(tx, { actor: rr.startedBy, action: 'rolling-restart.start', target: ROLLING_RESTART_TARGET(rr.id), before: null, after: { state: rr.state, servers: rr.servers.map((s) => s.address) }, ...(rr.reason ? { detail: rr.reason } : {}), at: now });
    return { ok: true as const, rollingRestart: (await getRollingRestart(tx, rr.id))! };
  });
}

export type StepSave = { ok: true; rollingRestart: StoredRollingRestart } | { ok: false; changed: true } | { ok: false; changed: false; refusal: DrainRefusal };

/**
 * Saves a step over the revision it was computed from, with its effect and audit entries, in one
 * transaction: nothing when the rolling restart changed meanwhile (`changed`) or the effect was
 * refused (its drain or restore; `refusal`). `plan`: the drain's or restore's plan for the effect.
 */
export async function saveRollingRestartStep(
  client: SqlClient,
  input: { next: RollingRestart; expectedRevision: number; effect: RollingRestartEffect | null; plan: PlannedMove[]; actor: string; audit: { action: string; detail: string }[]; now: Date; staleAfterMs: number },
): Promise<StepSave> {
  const { next, effect, now } = input;
  return client.transaction(async (tx): Promise<StepSave> => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const [row] = await tx.query<{ revision: number; state: string }>('select revision, state from rolling_restarts where id = $1 for update', [next.id]);
    if (!row || row.revision !== input.expectedRevision) return { ok: false, changed: true };
    if (effect?.type === 'start-drain') {
      const reason = `rolling restart ${next.id}${next.reason ? `: ${next.reason}` : ''}`;
      const out = await startDrainInTransaction(tx, { id: effect.drainId, server: effect.server, by: next.startedBy, reason, perMinute: next.perMinute, allowBusy: next.allowBusy ?? false, plan: input.plan, now, staleAfterMs: input.staleAfterMs });
      if (!out.ok) return { ok: false, changed: false, refusal: out.refusal };
    } else if (effect?.type === 'start-restore') {
      const out = await startRestoreInTransaction(tx, { server: effect.server, by: next.startedBy, plan: input.plan, known: true, now });
      if (!out.ok) return { ok: false, changed: false, refusal: out.refusal };
    } else if (effect?.type === 'stop-drain') {
      // a drain stopped by the abort ends incomplete (its apps left are still on the server), a restore ends restored
      const to = effect.from === 'draining' ? 'incomplete' : 'restored';
      await finishDrainPhaseInTransaction(tx, { id: effect.drainId, from: effect.from, to, actor: input.actor, detail: `stopped by the abort of rolling restart ${next.id}`, now });
    }
    await tx.query(
      `update rolling_restarts set state = $2, servers = $3::jsonb, note = $4::jsonb, ended_at = $5, revision = revision + 1, updated_at = $6 where id = $1`,
      [next.id, next.state, JSON.stringify(next.servers), next.note ? JSON.stringify(next.note) : null, next.endedAt, now],
    );
    for (const a of input.audit) {
      await recordAudit(tx, { actor: input.actor, action: a.action, target: ROLLING_RESTART_TARGET(next.id), before: { state: row.state }, after: { state: next.state }, detail: a.detail, at: now });
    }
    return { ok: true, rollingRestart: (await getRollingRestart(tx, next.id))! };
  });
}
