// Alert instances (each rule × key's firing state), their evaluation in one locked transaction,
// and the history of every transition.
import type { AlertState, InstanceState } from '../domain/alert-rules.ts';
import type { NotifiedAlert } from '../domain/alert-notifications.ts';
import type { SqlClient, SqlRunner } from './db.ts';
import { iso, ms, num, json, type Int8, type Timestamp } from './rows.ts';
import { ruleRow, type AlertRuleRow, type StoredRule } from './alert-rules.ts';

export interface AlertInstanceView {
  ruleId: number;
  ruleName: string;
  key: string;
  state: Exclude<AlertState, 'inactive'> | 'inactive';
  value: number | null;
  since: string;
  labels: Record<string, string>;
  evaluatedAt: string;
  /** when the current firing was last queued to the contact points; null when not (silenced, or not firing) */
  lastNotifiedAt: string | null;
}

export interface TransitionView {
  id: number;
  ruleId: number;
  ruleName: string;
  key: string;
  labels: Record<string, string>;
  from: AlertState;
  to: AlertState;
  value: number | null;
  at: string;
  silenced: boolean;
}

/** A row of alert_instances. */
interface AlertInstanceRow {
  rule_id: Int8;
  key: string;
  labels: unknown;
  state: AlertState;
  since: Timestamp;
  active_at: Timestamp | null;
  last_breach_at: Timestamp | null;
  value: number | null;
  evaluated_at: Timestamp;
  firing_transition_id: Int8 | null;
  notified_at: Timestamp | null;
  repeats: number;
}

/** A row of alert_transitions. */
interface TransitionRow {
  id: Int8;
  rule_id: Int8;
  rule_name: string;
  key: string;
  labels: unknown;
  from_state: AlertState;
  to_state: AlertState;
  value: number | null;
  at: Timestamp;
  silenced: boolean;
}

export async function listAlertInstances(client: SqlClient, filter: { ruleId?: number; state?: AlertState } = {}): Promise<AlertInstanceView[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.ruleId !== undefined) where.push(`i.rule_id = $${params.push(filter.ruleId)}`);
  if (filter.state) where.push(`i.state = $${params.push(filter.state)}`);
  else where.push(`i.state <> 'inactive'`);
  const rows = await client.query<AlertInstanceRow & { name: string }>(
    `select i.*, r.name from alert_instances i join alert_rules r on r.id = i.rule_id
     where ${where.join(' and ')} order by r.name, i.rule_id, i.key`,
    params,
  );
  return rows.map((r) => ({
    ruleId: Number(r.rule_id),
    ruleName: r.name,
    key: r.key,
    state: r.state,
    value: num(r.value),
    since: iso(r.since)!,
    labels: json<Record<string, string>>(r.labels),
    evaluatedAt: iso(r.evaluated_at)!,
    lastNotifiedAt: r.state === 'firing' || r.state === 'nodata' ? iso(r.notified_at) : null,
  }));
}

export type KnownInstance = InstanceState & {
  labels: Record<string, string>;
  /** when a firing notification for the current firing was last queued; null when never (it was silenced) */
  notifiedAt: number | null;
};

async function loadAlertInstances(tx: SqlRunner, ruleId: number): Promise<Map<string, KnownInstance>> {
  const rows = await tx.query<AlertInstanceRow>('select * from alert_instances where rule_id = $1', [ruleId]);
  return new Map(
    rows.map((r) => [
      r.key,
      {
        state: r.state,
        since: new Date(r.since).getTime(),
        activeAt: ms(r.active_at),
        lastBreachAt: ms(r.last_breach_at),
        value: num(r.value),
        labels: json<Record<string, string>>(r.labels),
        notifiedAt: ms(r.notified_at),
      },
    ]),
  );
}

export interface EvaluationResult {
  key: string;
  labels: Record<string, string>;
  next: InstanceState;
  transition: { from: AlertState; to: AlertState; value: number | null; at: number; silenced: boolean; notify: NotifiedAlert | null } | null;
  /** no transition, still firing, and due to be told again (repeat interval, or a silence that ended) */
  repeat?: NotifiedAlert | null;
}

/**
 * One evaluation of one rule, in one transaction: the rule row is locked, its instances' states are
 * read, `evaluate` (pure) gives the next states, and they are saved with each transition in the
 * history and, for each transition to tell, one outbox row per enabled contact point. The lock
 * means two evaluators (replicas on one PostgreSQL) never both make the same transition; the
 * unique (transition, contact point) key means a transition is queued at most once.
 */
export async function evaluateAlertRule<B>(
  client: SqlClient,
  ruleId: number,
  evaluate: (rule: StoredRule<B>, known: ReadonlyMap<string, KnownInstance>) => readonly EvaluationResult[],
  now: Date,
): Promise<{ transitions: number; queued: number }> {
  return client.transaction(async (tx) => {
    const [row] = await tx.query<AlertRuleRow>('select * from alert_rules where id = $1 for update', [ruleId]);
    // deleted since the round began
    if (!row) return { transitions: 0, queued: 0 };
    const rule = ruleRow<B>(row);
    const results = evaluate(rule, await loadAlertInstances(tx, ruleId));
    let transitions = 0;
    let queued = 0;
    for (const r of results) {
      const s = r.next;
      await tx.query(
        `insert into alert_instances (rule_id, key, labels, state, since, active_at, last_breach_at, value, evaluated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (rule_id, key) do update set labels = excluded.labels, state = excluded.state, since = excluded.since,
           active_at = excluded.active_at, last_breach_at = excluded.last_breach_at, value = excluded.value, evaluated_at = excluded.evaluated_at`,
        [ruleId, r.key, JSON.stringify(r.labels), s.state, new Date(s.since), s.activeAt === null ? null : new Date(s.activeAt), s.lastBreachAt === null ? null : new Date(s.lastBreachAt), s.value, now],
      );
      const t = r.transition;
      if (!t) {
        if (r.repeat) queued += await queueRepeat(tx, ruleId, r.key, r.repeat, now);
        continue;
      }
      transitions++;
      const [inserted] = await tx.query<{ id: Int8 }>(
        `insert into alert_transitions (rule_id, rule_name, key, labels, from_state, to_state, value, at, silenced)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
        [ruleId, rule.name, r.key, JSON.stringify(r.labels), t.from, t.to, t.value, new Date(t.at), t.silenced],
      );
      const told = Boolean(t.notify) && !t.silenced;
      if (t.to === 'firing' || t.to === 'nodata') {
        // what a repeat refers to, and whether this firing has been told (not when silenced)
        await tx.query('update alert_instances set firing_transition_id = $3, notified_at = $4, repeats = 0 where rule_id = $1 and key = $2', [
          ruleId,
          r.key,
          Number(inserted!.id),
          told ? now : null,
        ]);
      }
      if (!told) continue;
      const outbox = await tx.query(
        `insert into alert_notifications (transition_id, contact_point_id, body, status, attempts, next_attempt_at, created_at)
         select $1, id, $2, 'pending', 0, $3, $3 from alert_contact_points where enabled
         on conflict (transition_id, contact_point_id, repeat) do nothing returning id`,
        [Number(inserted!.id), JSON.stringify(t.notify), now],
      );
      queued += outbox.length;
    }
    return { transitions, queued };
  });
}

/** A firing instance told again: one outbox row per enabled contact point under the next repeat number. */
async function queueRepeat(tx: SqlRunner, ruleId: number, key: string, alert: NotifiedAlert, now: Date): Promise<number> {
  const [inst] = await tx.query<Pick<AlertInstanceRow, 'firing_transition_id' | 'repeats'>>(
    'update alert_instances set notified_at = $3, repeats = repeats + 1 where rule_id = $1 and key = $2 and firing_transition_id is not null returning firing_transition_id, repeats',
    [ruleId, key, now],
  );
  if (!inst?.firing_transition_id) return 0;
  const outbox = await tx.query(
    `insert into alert_notifications (transition_id, contact_point_id, body, status, attempts, next_attempt_at, created_at, repeat)
     select $1, id, $2, 'pending', 0, $3, $3, $4 from alert_contact_points where enabled
     on conflict (transition_id, contact_point_id, repeat) do nothing returning id`,
    [Number(inst.firing_transition_id), JSON.stringify(alert), now, Number(inst.repeats)],
  );
  return outbox.length;
}

export async function listAlertTransitions(client: SqlClient, filter: { ruleId?: number; limit: number; since?: Date }): Promise<TransitionView[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.ruleId !== undefined) where.push(`rule_id = $${params.push(filter.ruleId)}`);
  if (filter.since) where.push(`at >= $${params.push(filter.since)}`);
  const rows = await client.query<TransitionRow>(
    `select * from alert_transitions ${where.length ? `where ${where.join(' and ')}` : ''} order by at desc, id desc limit $${params.push(filter.limit)}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    ruleId: Number(r.rule_id),
    ruleName: r.rule_name,
    key: r.key,
    labels: json<Record<string, string>>(r.labels),
    from: r.from_state,
    to: r.to_state,
    value: num(r.value),
    at: iso(r.at)!,
    silenced: Boolean(r.silenced),
  }));
}

