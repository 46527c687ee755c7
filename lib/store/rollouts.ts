// Rollouts in the store: the rollout rows (spec, state, timers, revision), their events, the app
// moves they made and the cohort/control fairness samples. Changes are compare-and-set on the revision.
import { and, asc, desc, eq, gte, inArray, like, lte, sql } from 'drizzle-orm';
import type { SqlClient, SqlRunner } from './db.ts';
import { rolloutEvents, rolloutMoves, rollouts, rolloutSamples } from './schema.ts';
import { rolloutSpec, type Rollout, type RolloutState, type Transition } from '../domain/rollout.ts';
import { recordAudit, type AuditEntryInput } from './audit.ts';
import type { FollowStep } from '../domain/follow-rate.ts';
import { noticeEventOf, rolloutNoticeOf, type SavedTransition } from '../domain/rollout-notices.ts';
import { isRolloutTextCode, type RolloutTextParams } from '../domain/rollout-texts.ts';

/** a jsonb parameter: the value as JSON, or SQL null */
const jsonOrNull = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export interface StoredRollout extends Rollout {
  name: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
}

export interface RolloutEventRow {
  id: number;
  rolloutId: string;
  at: Date;
  actor: string;
  action: string;
  fromState: string;
  toState: string;
  step: number;
  percent: number;
  detail: string;
  /** the detail as a code and its params (lib/domain/rollout-texts.ts); none on older rows and on texts not the controller's */
  code?: string | null;
  params?: RolloutTextParams | null;
}

export type MoveStatus = 'moved' | 'verified' | 'conflict' | 'missing' | 'failed' | 'reverted';
export interface RolloutMoveRow {
  id: number;
  rolloutId: string;
  appId: number;
  appName: string | null;
  fromServer: string | null;
  toServer: string;
  purpose: 'forward' | 'revert';
  status: MoveStatus;
  requestedAt: Date;
  verifiedAt: Date | null;
  detail: string | null;
  /** the detail as a code and its params (0017) */
  code?: string | null;
  params?: RolloutTextParams | null;
  /** how many of the app's live workers reported to toServer when the move last progressed (null: none yet) */
  workersSeen: number | null;
  workersTotal: number | null;
  /** when workersSeen last grew: an open move's window counts from here */
  progressAt: Date | null;
  /** the looks that saw more workers arrive (and the one that gave up): the measured follow rate's evidence */
  followTrace: FollowStep[] | null;
}

/** A new move row: its progress starts empty. */
export type NewRolloutMove = Omit<RolloutMoveRow, 'id' | 'workersSeen' | 'workersTotal' | 'progressAt' | 'followTrace'>;
/** A change to a move: its status (verified, failed …) and, for an open move, how far it has converged. */
export interface MoveUpdate {
  id: number;
  status: MoveStatus;
  verifiedAt?: Date | null;
  /** a new detail, with its code and params (none: a detail without a code) */
  detail?: string | null;
  code?: string | null;
  params?: RolloutTextParams | null;
  progress?: { seen: number; total: number; at: Date };
  /** appended to the move's follow trace */
  step?: FollowStep;
}

export interface RolloutSampleRow {
  at: Date;
  step: number;
  percent: number;
  cohortApps: number;
  cohortMaxMean: number | null;
  controlMaxMean: number | null;
  clusterMaxMean: number | null;
  clusterJain: number | null;
}

type Row = typeof rollouts.$inferSelect;
function toRollout(r: Row): StoredRollout {
  return {
    id: r.id,
    name: r.name,
    spec: rolloutSpec.parse(r.spec),
    state: r.state as RolloutState,
    step: r.step,
    percent: r.percent,
    stepStartedAt: r.stepStartedAt,
    pausedAt: r.pausedAt,
    reason: r.reason,
    reasonText: r.reasonCode && isRolloutTextCode(r.reasonCode) ? { code: r.reasonCode, params: r.reasonParams ?? {} } : null,
    revision: r.revision,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    startedAt: r.startedAt,
  };
}

export async function createRollout(client: SqlClient, r: Rollout, actor: string, now: Date): Promise<StoredRollout> {
  await client.transaction(async (tx) => {
    await tx.query(
      `insert into rollouts (id, name, spec, state, step, percent, step_started_at, paused_at, reason, revision, created_at, updated_at, started_at)
       values ($1, $2, $3, $4, $5, $6, null, null, null, 1, $7, $7, null)`,
      [r.id, r.spec.name, JSON.stringify(r.spec), r.state, r.step, r.percent, now],
    );
    const steps = r.spec.steps.map((s) => `${s.percent}%`).join(' → ');
    await tx.query(
      `insert into rollout_events (rollout_id, at, actor, action, from_state, to_state, step, percent, detail, code, params) values ($1, $2, $3, 'create', 'draft', 'draft', 0, 0, $4, 'created', $5)`,
      [r.id, now, actor, `created: ${r.spec.candidate.kind} over ${steps}`, JSON.stringify({ kind: r.spec.candidate.kind, steps })],
    );
    await recordAudit(tx, { actor, action: 'rollout.create', target: `rollout:${r.id}`, after: { name: r.spec.name, state: r.state, spec: r.spec }, at: now });
  });
  return (await getRollout(client, r.id))!;
}

export async function getRollout(client: SqlClient, id: string): Promise<StoredRollout | null> {
  const [row] = await client.db.select().from(rollouts).where(eq(rollouts.id, id));
  return row ? toRollout(row) : null;
}

export async function listRollouts(client: SqlClient, filter: { states?: RolloutState[] } = {}): Promise<StoredRollout[]> {
  const rows = await client.db
    .select()
    .from(rollouts)
    .where(filter.states?.length ? inArray(rollouts.state, filter.states) : undefined)
    .orderBy(desc(rollouts.createdAt), asc(rollouts.id));
  return rows.map(toRollout);
}

/**
 * Stores a transition when the rollout is still at `expectedRevision` (else false: someone else
 * changed it first, and the caller reloads), with its event, in one transaction.
 */
export async function saveTransition(client: SqlClient, next: Rollout, expectedRevision: number, transition: Transition, actor: string, now: Date): Promise<boolean> {
  return client.transaction(async (tx) => {
    const updated = await tx.query<{ id: string }>(
      `update rollouts set state = $3, step = $4, percent = $5, step_started_at = $6, paused_at = $7, reason = $8,
         reason_code = $10, reason_params = $11::jsonb, revision = revision + 1, updated_at = $9,
         started_at = case when started_at is null and $3 = 'running' then $9::timestamptz else started_at end
       where id = $1 and revision = $2 returning id`,
      [next.id, expectedRevision, next.state, next.step, next.percent, next.stepStartedAt, next.pausedAt, next.reason, now, next.reasonText?.code ?? null, jsonOrNull(next.reasonText?.params)],
    );
    if (updated.length === 0) return false;
    const [event] = await tx.query<{ id: string }>(
      `insert into rollout_events (rollout_id, at, actor, action, from_state, to_state, step, percent, detail, code, params) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [next.id, now, actor, transition.action, transition.from, transition.to, transition.step, transition.percent, transition.detail, transition.text?.code ?? null, jsonOrNull(transition.text?.params)],
    );
    // the reason's code: the rollout's own (0021), else the transition's when it is the reason (a failed move)
    const reasonText = next.reasonText ?? (transition.text && transition.detail === next.reason ? transition.text : null);
    await queueRolloutNotice(tx, next, Number(event!.id), transition, next.reason, actor, now, reasonText);
    // the audit log gets the same change, in the same transaction
    await recordAudit(tx, {
      actor,
      action: `rollout.${transition.action}`,
      target: `rollout:${next.id}`,
      before: { state: transition.from },
      after: { state: next.state, step: next.step, percent: next.percent, reason: next.reason },
      detail: transition.detail,
      detailText: transition.text ?? null,
      at: now,
    });
    return true;
  });
}

/**
 * The outbox rows of a rollout event, in the transaction that saves it: one per enabled contact
 * point the rollout's spec names, when it tells of this event (lib/domain/rollout-notices.ts).
 * Written with the event, so a crash never loses one; delivered by the alert notifier.
 */
async function queueRolloutNotice(
  tx: SqlRunner,
  rollout: Pick<Rollout, 'id' | 'spec'>,
  eventId: number,
  t: SavedTransition,
  reason: string | null,
  actor: string,
  at: Date,
  reasonText: { code?: string | null; params?: RolloutTextParams | null } | null = null,
): Promise<number> {
  const notice = rolloutNoticeOf(rollout, t, reason, actor, at, reasonText);
  if (!notice) return 0;
  const rows = await tx.query(
    `insert into alert_notifications (rollout_event_id, contact_point_id, body, status, attempts, next_attempt_at, created_at)
     select $1, id, $2, 'pending', 0, $3, $3 from alert_contact_points where enabled and id = any($4::bigint[])
     on conflict (rollout_event_id, contact_point_id) do nothing returning id`,
    [eventId, JSON.stringify(notice), at, rollout.spec.notify!.contactPoints],
  );
  return rows.length;
}

/** An event that changes no state (a move, a verification): history only. */
export async function recordRolloutEvent(client: SqlClient, e: Omit<RolloutEventRow, 'id'>): Promise<void> {
  await client.db.insert(rolloutEvents).values(e);
}

export async function listRolloutEvents(client: SqlClient, rolloutId: string, limit = 200): Promise<RolloutEventRow[]> {
  const rows = await client.db.select().from(rolloutEvents).where(eq(rolloutEvents.rolloutId, rolloutId)).orderBy(desc(rolloutEvents.at), desc(rolloutEvents.id)).limit(limit);
  return rows;
}

/** State changes of every rollout in a time range: the step markers of the Overview chart. */
export async function rolloutMarkers(client: SqlClient, from: Date, to: Date): Promise<(RolloutEventRow & { name: string })[]> {
  const rows = await client.db
    .select({ e: rolloutEvents, name: rollouts.name })
    .from(rolloutEvents)
    .innerJoin(rollouts, eq(rollouts.id, rolloutEvents.rolloutId))
    .where(and(gte(rolloutEvents.at, from), lte(rolloutEvents.at, to), sql`${rolloutEvents.action} not in ('create', 'move', 'verify')`))
    .orderBy(asc(rolloutEvents.at))
    .limit(500);
  return rows.map((r) => ({ ...r.e, name: r.name }));
}

export async function recordMove(client: SqlClient, m: NewRolloutMove): Promise<number> {
  const [row] = await client.db.insert(rolloutMoves).values(m).returning({ id: rolloutMoves.id });
  return row!.id;
}

/**
 * A move's row, its rollout event and its audit entry, written together: a leader that dies
 * between them must not leave a move the history does not show (or the other way round).
 * `update` marks an earlier move (verified, failed) in the same transaction.
 */
export async function recordMoveWithHistory(
  client: SqlClient,
  entry: {
    move?: NewRolloutMove;
    update?: MoveUpdate;
    event?: Omit<RolloutEventRow, 'id'>;
    audit?: AuditEntryInput;
  },
): Promise<number | null> {
  return client.transaction(async (tx) => {
    let id: number | null = null;
    if (entry.move) {
      const m = entry.move;
      const [row] = await tx.query<{ id: string }>(
        `insert into rollout_moves (rollout_id, app_id, app_name, from_server, to_server, purpose, status, requested_at, verified_at, detail, code, params)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
        [m.rolloutId, m.appId, m.appName, m.fromServer, m.toServer, m.purpose, m.status, m.requestedAt, m.verifiedAt, m.detail, m.code ?? null, jsonOrNull(m.params)],
      );
      id = Number(row!.id);
    }
    if (entry.update) {
      const u = entry.update;
      await tx.query(
        `update rollout_moves set status = $2,
           verified_at = case when $3::boolean then $4::timestamptz else verified_at end,
           detail = case when $5::boolean then $6::text else detail end,
           code = case when $5::boolean then $12::text else code end,
           params = case when $5::boolean then $13::jsonb else params end,
           workers_seen = case when $7::boolean then $8::integer else workers_seen end,
           workers_total = case when $7::boolean then $9::integer else workers_total end,
           progress_at = case when $7::boolean then $10::timestamptz else progress_at end,
           follow_trace = case when $11::jsonb is null then follow_trace else coalesce(follow_trace, '[]'::jsonb) || jsonb_build_array($11::jsonb) end
         where id = $1`,
        [u.id, u.status, u.verifiedAt !== undefined, u.verifiedAt ?? null, u.detail !== undefined, u.detail ?? null, u.progress !== undefined, u.progress?.seen ?? null, u.progress?.total ?? null, u.progress?.at ?? null, u.step ? JSON.stringify(u.step) : null, u.code ?? null, jsonOrNull(u.params)],
      );
    }
    if (entry.event) {
      const e = entry.event;
      const [event] = await tx.query<{ id: string }>(
        `insert into rollout_events (rollout_id, at, actor, action, from_state, to_state, step, percent, detail, code, params) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
        [e.rolloutId, e.at, e.actor, e.action, e.fromState, e.toState, e.step, e.percent, e.detail, e.code ?? null, jsonOrNull(e.params)],
      );
      // an event that tells (a failed move of a rollout that keeps balancing): its spec says to whom
      const told: SavedTransition = { action: e.action, from: e.fromState, to: e.toState, step: e.step, percent: e.percent };
      if (noticeEventOf(told)) {
        const [row] = await tx.query<{ spec: unknown }>('select spec from rollouts where id = $1', [e.rolloutId]);
        if (row) await queueRolloutNotice(tx, { id: e.rolloutId, spec: rolloutSpec.parse(typeof row.spec === 'string' ? JSON.parse(row.spec) : row.spec) }, Number(event!.id), told, e.detail, e.actor, e.at, e);
      }
    }
    if (entry.audit) await recordAudit(tx, entry.audit);
    return id;
  });
}

export async function updateMove(client: SqlClient, id: number, patch: Omit<MoveUpdate, 'id'>): Promise<void> {
  const { progress, step, ...rest } = patch;
  await client.db
    .update(rolloutMoves)
    .set({
      ...rest,
      ...(progress ? { workersSeen: progress.seen, workersTotal: progress.total, progressAt: progress.at } : {}),
      ...(step ? { followTrace: sql`coalesce(${rolloutMoves.followTrace}, '[]'::jsonb) || jsonb_build_array(${JSON.stringify(step)}::jsonb)` } : {}),
    })
    .where(eq(rolloutMoves.id, id));
}

export interface MoveFilter {
  rolloutId?: string;
  /** rollout ids that start with this (failover steering's `st-`) */
  rolloutIdPrefix?: string;
  status?: MoveStatus;
  /** any of these statuses */
  statuses?: MoveStatus[];
  /** requested at or after */
  since?: Date;
  limit?: number;
}

export async function listMoves(client: SqlClient, filter: MoveFilter = {}): Promise<RolloutMoveRow[]> {
  const where = and(
    filter.rolloutId ? eq(rolloutMoves.rolloutId, filter.rolloutId) : undefined,
    filter.rolloutIdPrefix ? like(rolloutMoves.rolloutId, `${filter.rolloutIdPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    filter.status ? eq(rolloutMoves.status, filter.status) : undefined,
    filter.statuses ? inArray(rolloutMoves.status, filter.statuses) : undefined,
    filter.since ? gte(rolloutMoves.requestedAt, filter.since) : undefined,
  );
  const rows = await client.db.select().from(rolloutMoves).where(where).orderBy(desc(rolloutMoves.requestedAt), desc(rolloutMoves.id)).limit(filter.limit ?? 1000);
  return rows as RolloutMoveRow[];
}

/** Moves (either purpose, every rollout) requested since `since`: the bounded rate is shared. */
export async function countMovesSince(client: SqlClient, since: Date): Promise<number> {
  const [r] = await client.query<{ n: string }>(`select count(*) as n from rollout_moves where requested_at >= $1 and status <> 'conflict' and status <> 'missing'`, [since]);
  return Number(r!.n);
}

export async function recordRolloutSample(client: SqlClient, rolloutId: string, s: RolloutSampleRow): Promise<void> {
  await client.db.insert(rolloutSamples).values({ rolloutId, ...s }).onConflictDoNothing();
}

export async function rolloutSampleSeries(client: SqlClient, rolloutId: string, limit = 2000): Promise<RolloutSampleRow[]> {
  const rows = await client.db
    .select()
    .from(rolloutSamples)
    .where(eq(rolloutSamples.rolloutId, rolloutId))
    .orderBy(desc(rolloutSamples.at))
    .limit(limit);
  return rows.reverse().map(({ rolloutId: _, ...r }) => r);
}
