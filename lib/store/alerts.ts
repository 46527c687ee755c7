// Alert rules, instances, history, contact points, the notification outbox and silences; and the
// stored samples the evaluator and the backtest read.
import type { AlertState, InstanceState } from '../domain/alert-rules.ts';
import type { NotifiedAlert, OutboxItem } from '../domain/alert-notifications.ts';
import type { SamplesAt, ServerSample } from '../domain/alert-series.ts';
import type { Matcher, Recurrence } from '../domain/silences.ts';
import { DEFAULT_NOTICE_LANGUAGE, type ContactKind, type ContactSettings, type NoticeLanguage } from '../domain/contact-messages.ts';
import type { SqlClient, SqlRunner } from './db.ts';
import { isSealed, type SecretBox } from './secret-box.ts';

export interface StoredRule<B = unknown> {
  id: number;
  name: string;
  version: number;
  rule: B;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

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

export interface ContactPoint {
  id: number;
  name: string;
  kind: ContactKind;
  url: string;
  enabled: boolean;
  settings: ContactSettings;
  /** whether a signing secret is stored; the secret itself is never read out but by the notifier */
  secretSet: boolean;
  /** the language its messages are written in */
  language: NoticeLanguage;
  createdAt: string;
  updatedAt: string;
}

/** What the notifier needs of a contact point: with its secret. */
export interface ContactTarget {
  id: number;
  name: string;
  kind: ContactKind;
  url: string;
  settings: ContactSettings;
  secret: string | null;
  language: NoticeLanguage;
  /** why the stored secret cannot be read (encrypted, and FULCRUM_SECRET_KEY missing or another): nothing is sent */
  secretError?: string;
}

export interface ContactPointInput {
  name: string;
  /** default webhook */
  kind?: ContactKind;
  url: string;
  enabled: boolean;
  settings?: ContactSettings;
  /** undefined: keep the stored one (on update); null: none */
  secret?: string | null;
  /** default zh-CN */
  language?: NoticeLanguage;
}

export interface SilenceView {
  id: number;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  recurrence: Recurrence | null;
  createdBy: string;
  comment: string;
  createdAt: string;
}

export interface DueNotification {
  id: number;
  /** the alert transition it tells, or null for a rollout event */
  transitionId: number | null;
  contactPointId: number;
  receiver: string;
  url: string;
  target: ContactTarget;
  /** an alert, or a rollout's event */
  item: OutboxItem;
  attempts: number;
  createdAt: Date;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function ruleRow<B>(r: Record<string, unknown>): StoredRule<B> {
  return {
    id: Number(r.id),
    name: r.name as string,
    version: Number(r.version),
    rule: json<B>(r.body),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    updatedBy: r.updated_by as string,
  };
}

// ------------------------------------------------------------------------------------- rules

export async function createAlertRule<B extends { name: string }>(client: SqlClient, body: B, actor: string, now: Date): Promise<StoredRule<B>> {
  const [r] = await client.query(
    `insert into alert_rules (name, body, version, created_at, updated_at, updated_by) values ($1, $2, 1, $3, $3, $4) returning *`,
    [body.name, JSON.stringify(body), now, actor],
  );
  return ruleRow<B>(r!);
}

export async function getAlertRule<B>(client: SqlRunner, id: number): Promise<StoredRule<B> | null> {
  const [r] = await client.query('select * from alert_rules where id = $1', [id]);
  return r ? ruleRow<B>(r) : null;
}

export async function listAlertRules<B>(client: SqlClient): Promise<StoredRule<B>[]> {
  return (await client.query('select * from alert_rules order by name, id')).map((r) => ruleRow<B>(r));
}

/** Replaces a rule's body when `version` is still current: the new rule, or the current one (conflict), or null. */
export async function updateAlertRule<B extends { name: string }>(
  client: SqlClient,
  id: number,
  version: number,
  body: B,
  actor: string,
  now: Date,
): Promise<{ updated: StoredRule<B>; before: StoredRule<B> } | { conflict: StoredRule<B> } | null> {
  return client.transaction(async (tx) => {
    const [cur] = await tx.query('select * from alert_rules where id = $1 for update', [id]);
    if (!cur) return null;
    const before = ruleRow<B>(cur);
    if (before.version !== version) return { conflict: before };
    const [r] = await tx.query(
      `update alert_rules set name = $2, body = $3, version = version + 1, updated_at = $4, updated_by = $5 where id = $1 returning *`,
      [id, body.name, JSON.stringify(body), now, actor],
    );
    // another series or scope means other instances: the old ones go (their history stays)
    const watched = (b: unknown) => JSON.stringify([(b as { series?: unknown }).series, (b as { scope?: unknown }).scope]);
    if (watched(before.rule) !== watched(body)) await tx.query('delete from alert_instances where rule_id = $1', [id]);
    return { updated: ruleRow<B>(r!), before };
  });
}

export async function deleteAlertRule<B>(client: SqlClient, id: number): Promise<StoredRule<B> | null> {
  const [r] = await client.query('delete from alert_rules where id = $1 returning *', [id]);
  return r ? ruleRow<B>(r) : null;
}

// --------------------------------------------------------------------------------- instances

export async function listAlertInstances(client: SqlClient, filter: { ruleId?: number; state?: AlertState } = {}): Promise<AlertInstanceView[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.ruleId !== undefined) where.push(`i.rule_id = $${params.push(filter.ruleId)}`);
  if (filter.state) where.push(`i.state = $${params.push(filter.state)}`);
  else where.push(`i.state <> 'inactive'`);
  const rows = await client.query(
    `select i.*, r.name from alert_instances i join alert_rules r on r.id = i.rule_id
     where ${where.join(' and ')} order by r.name, i.rule_id, i.key`,
    params,
  );
  return rows.map((r) => ({
    ruleId: Number(r.rule_id),
    ruleName: r.name as string,
    key: r.key as string,
    state: r.state as AlertState,
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
  const rows = await tx.query('select * from alert_instances where rule_id = $1', [ruleId]);
  return new Map(
    rows.map((r) => [
      r.key as string,
      {
        state: r.state as AlertState,
        since: new Date(r.since as string).getTime(),
        activeAt: r.active_at ? new Date(r.active_at as string).getTime() : null,
        lastBreachAt: r.last_breach_at ? new Date(r.last_breach_at as string).getTime() : null,
        value: num(r.value),
        labels: json<Record<string, string>>(r.labels),
        notifiedAt: r.notified_at ? new Date(r.notified_at as string).getTime() : null,
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
    const [row] = await tx.query('select * from alert_rules where id = $1 for update', [ruleId]);
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
      const [inserted] = await tx.query<{ id: string }>(
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
  const [inst] = await tx.query<{ firing_transition_id: string | null; repeats: number }>(
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
  const rows = await client.query(
    `select * from alert_transitions ${where.length ? `where ${where.join(' and ')}` : ''} order by at desc, id desc limit $${params.push(filter.limit)}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    ruleId: Number(r.rule_id),
    ruleName: r.rule_name as string,
    key: r.key as string,
    labels: json<Record<string, string>>(r.labels),
    from: r.from_state as AlertState,
    to: r.to_state as AlertState,
    value: num(r.value),
    at: iso(r.at)!,
    silenced: Boolean(r.silenced),
  }));
}

// ---------------------------------------------------------------------------- contact points

function contactRow(r: Record<string, unknown>): ContactPoint {
  return {
    id: Number(r.id),
    name: r.name as string,
    kind: ((r.kind as string | undefined) ?? 'webhook') as ContactKind,
    url: r.url as string,
    enabled: Boolean(r.enabled),
    settings: r.settings ? json<ContactSettings>(r.settings) : {},
    secretSet: r.secret !== null && r.secret !== undefined && r.secret !== '',
    language: languageOf(r.language),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

const languageOf = (v: unknown): NoticeLanguage => (v === 'en' || v === 'zh-CN' ? v : DEFAULT_NOTICE_LANGUAGE);

function targetRow(box: SecretBox, r: Record<string, unknown>, id = Number(r.id), name = r.name as string): ContactTarget {
  const stored = (r.secret as string | null) ?? null;
  const opened = stored === null ? { secret: null } : box.open(stored);
  return {
    id,
    name,
    kind: ((r.kind as string | undefined) ?? 'webhook') as ContactKind,
    url: r.url as string,
    settings: r.settings ? json<ContactSettings>(r.settings) : {},
    secret: 'secret' in opened ? opened.secret : null,
    language: languageOf(r.language),
    ...('error' in opened ? { secretError: opened.error } : {}),
  };
}

export async function listContactPoints(client: SqlClient): Promise<ContactPoint[]> {
  return (await client.query('select * from alert_contact_points order by name')).map(contactRow);
}

export async function getContactPoint(client: SqlClient, id: number): Promise<ContactPoint | null> {
  const [r] = await client.query('select * from alert_contact_points where id = $1', [id]);
  return r ? contactRow(r) : null;
}

/** A contact point with its secret, for sending (the test button, the Alertmanager re-sender). */
export async function contactTargets(client: SqlClient, box: SecretBox, filter: { id?: number; kind?: ContactKind; enabled?: boolean } = {}): Promise<ContactTarget[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.id !== undefined) where.push(`id = $${params.push(filter.id)}`);
  if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
  if (filter.enabled !== undefined) where.push(`enabled = $${params.push(filter.enabled)}`);
  const rows = await client.query(`select * from alert_contact_points ${where.length ? `where ${where.join(' and ')}` : ''} order by id`, params);
  return rows.map((r) => targetRow(box, r));
}

/** Creates a contact point; null when the name is taken. */
export async function createContactPoint(client: SqlClient, box: SecretBox, cp: ContactPointInput, now: Date): Promise<ContactPoint | null> {
  const rows = await client.query(
    `insert into alert_contact_points (name, kind, url, enabled, settings, secret, language, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     on conflict (name) do nothing returning *`,
    [cp.name, cp.kind ?? 'webhook', cp.url, cp.enabled, JSON.stringify(cp.settings ?? {}), cp.secret ? box.seal(cp.secret) : null, cp.language ?? DEFAULT_NOTICE_LANGUAGE, now],
  );
  return rows[0] ? contactRow(rows[0]) : null;
}

/**
 * Replaces a contact point; its secret stays unless `secret` is given (null removes it), its
 * language unless `language` is. Null when there is no such contact point; `{ taken: true }` when
 * another one has the name.
 */
export async function updateContactPoint(client: SqlClient, box: SecretBox, id: number, cp: ContactPointInput, now: Date): Promise<ContactPoint | null | { taken: true }> {
  const keep = cp.secret === undefined;
  const [other] = await client.query('select id from alert_contact_points where name = $1 and id <> $2', [cp.name, id]);
  if (other) return { taken: true };
  const [r] = await client.query(
    `update alert_contact_points set name = $2, kind = $3, url = $4, enabled = $5, settings = $6, secret = case when $7 then secret else $8 end,
       language = coalesce($10, language), updated_at = $9 where id = $1 returning *`,
    [id, cp.name, cp.kind ?? 'webhook', cp.url, cp.enabled, JSON.stringify(cp.settings ?? {}), keep, keep || !cp.secret ? null : box.seal(cp.secret), now, cp.language ?? null],
  );
  return r ? contactRow(r) : null;
}

/** Seals the secrets stored in plain text (before FULCRUM_SECRET_KEY was set); the number sealed. */
export async function sealPlainSecrets(client: SqlClient, box: SecretBox): Promise<number> {
  if (!box.encrypting) return 0;
  const rows = await client.query<{ id: string; secret: string }>('select id, secret from alert_contact_points where secret is not null');
  let sealed = 0;
  for (const r of rows) {
    if (isSealed(r.secret)) continue;
    await client.query('update alert_contact_points set secret = $2 where id = $1 and secret = $3', [Number(r.id), box.seal(r.secret), r.secret]);
    sealed++;
  }
  return sealed;
}

export async function deleteContactPoint(client: SqlClient, id: number): Promise<ContactPoint | null> {
  const [r] = await client.query('delete from alert_contact_points where id = $1 returning *', [id]);
  return r ? contactRow(r) : null;
}

// ------------------------------------------------------------------------------------ outbox

/**
 * Claims the pending notifications of the contact points whose oldest pending one is due, in the
 * order they were queued (a receiver gets one alert's firing before its resolved, even after it
 * was down a while). Claimed rows are not due again for `claimMs`, so two notifiers (replicas on one
 * PostgreSQL) never send the same row at once; one that dies mid-send leaves it to be retried.
 * The claim goes through the head row's lock, whose condition PostgreSQL checks again on the newest
 * version of the row: a notifier whose snapshot predates another's claim finds the head claimed
 * (or sent) and skips that contact point. (Locking every row against a stale list of due heads let
 * two notifiers claim the same rows, one after the other: seen once in CI.)
 */
export async function dueNotifications(client: SqlClient, box: SecretBox, now: Date, limit: number, claimMs = 30_000): Promise<DueNotification[]> {
  const rows = await client.query(
    `with heads as (
       select distinct on (contact_point_id) id from alert_notifications
       where status = 'pending' order by contact_point_id, id),
     locked as (
       select n.contact_point_id from alert_notifications n join heads h on h.id = n.id
       where n.status = 'pending' and n.next_attempt_at <= $1 for update of n skip locked),
     due as (
       select n.id from alert_notifications n join locked l on l.contact_point_id = n.contact_point_id
       where n.status = 'pending' order by n.contact_point_id, n.id limit $2),
     claimed as (
       update alert_notifications n set next_attempt_at = $3 from due where n.id = due.id returning n.*)
     select claimed.*, c.name as receiver, c.url, c.kind, c.settings, c.secret, c.language from claimed join alert_contact_points c on c.id = claimed.contact_point_id
     order by claimed.contact_point_id, claimed.id`,
    [now, limit, new Date(now.getTime() + claimMs)],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    transitionId: r.transition_id === null || r.transition_id === undefined ? null : Number(r.transition_id),
    contactPointId: Number(r.contact_point_id),
    receiver: r.receiver as string,
    url: r.url as string,
    target: targetRow(box, r, Number(r.contact_point_id), r.receiver as string),
    item: json<OutboxItem>(r.body),
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at as string),
  }));
}

/** Puts claimed notifications back, untried, to be sent at `until` (a contact point's rate limit is reached; they go out grouped then). */
export async function deferNotifications(client: SqlClient, ids: readonly number[], until: Date): Promise<void> {
  if (!ids.length) return;
  await client.query(`update alert_notifications set next_attempt_at = $2 where id = any($1::bigint[]) and status = 'pending'`, [[...ids], until]);
}

/** Marks the notifications one body carried as sent, in one statement. */
export async function markNotificationsSent(client: SqlClient, ids: readonly number[], at: Date): Promise<void> {
  await client.query(`update alert_notifications set status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = null where id = any($1::bigint[])`, [[...ids], at]);
}

export async function markNotification(client: SqlClient, id: number, outcome: { sent: true; at: Date } | { sent: false; error: string; retryAt: Date | null }): Promise<void> {
  if (outcome.sent) {
    await markNotificationsSent(client, [id], outcome.at);
  } else {
    await client.query(
      `update alert_notifications set attempts = attempts + 1, last_error = $2, status = $3, next_attempt_at = coalesce($4, next_attempt_at) where id = $1`,
      [id, outcome.error.slice(0, 500), outcome.retryAt ? 'pending' : 'failed', outcome.retryAt],
    );
  }
}

export async function outboxCounts(client: SqlClient): Promise<Record<'pending' | 'sent' | 'failed', number>> {
  const rows = await client.query<{ status: string; n: string }>('select status, count(*) as n from alert_notifications group by status');
  const out = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status as keyof typeof out] = Number(r.n);
  return out;
}

// ---------------------------------------------------------------------------------- silences

function silenceRow(r: Record<string, unknown>): SilenceView {
  return {
    id: Number(r.id),
    matchers: json<Matcher[]>(r.matchers),
    startsAt: iso(r.starts_at)!,
    endsAt: iso(r.ends_at)!,
    recurrence: r.recurrence === null ? null : json<Recurrence>(r.recurrence),
    createdBy: r.created_by as string,
    comment: r.comment as string,
    createdAt: iso(r.created_at)!,
  };
}

/** Silences not yet ended at `now` (active or upcoming), or every one with `all`. */
export async function listSilences(client: SqlClient, now: Date, all = false): Promise<SilenceView[]> {
  const rows = all
    ? await client.query('select * from alert_silences order by starts_at desc, id desc')
    : await client.query('select * from alert_silences where ends_at > $1 order by starts_at, id', [now]);
  return rows.map(silenceRow);
}

export async function createSilence(client: SqlClient, s: Omit<SilenceView, 'id' | 'createdAt'>, now: Date): Promise<SilenceView> {
  const [r] = await client.query(
    `insert into alert_silences (matchers, starts_at, ends_at, recurrence, created_by, comment, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [JSON.stringify(s.matchers), new Date(s.startsAt), new Date(s.endsAt), s.recurrence ? JSON.stringify(s.recurrence) : null, s.createdBy, s.comment, now],
  );
  return silenceRow(r!);
}

/** Ends a silence now (kept for the record, like Alertmanager's expire). */
export async function expireSilence(client: SqlClient, id: number, now: Date): Promise<{ before: SilenceView; after: SilenceView } | null> {
  const [cur] = await client.query('select * from alert_silences where id = $1', [id]);
  if (!cur) return null;
  const [r] = await client.query('update alert_silences set ends_at = least(ends_at, greatest(starts_at, $2)) where id = $1 returning *', [id, now]);
  return { before: silenceRow(cur), after: silenceRow(r!) };
}

// ------------------------------------------------------------------------------- the series

function sampleRow(r: Record<string, unknown>): ServerSample {
  return {
    server: r.server_address as string,
    status: r.status as ServerSample['status'],
    appsOwned: Number(r.apps_owned),
    workersConnected: Number(r.workers_connected),
    runningInstances: Number(r.running_instances),
    capacity: Number(r.capacity),
    dataAgeS: num(r.data_age_s),
  };
}

const SAMPLE_COLUMNS = `server_address, ts, status, apps_owned, workers_connected, running_instances,
  coalesce(avg_score, 0) * workers_connected as capacity, data_age_s`;

/** The newest moment of the raw per-server series within `windowMs` before `now`, or null. */
export async function latestSamples(client: SqlClient, now: Date, windowMs: number): Promise<SamplesAt | null> {
  const rows = await client.query(
    `select ${SAMPLE_COLUMNS} from server_samples
     where ts = (select max(ts) from server_samples where ts > $1 and ts <= $2)`,
    [new Date(now.getTime() - windowMs), now],
  );
  if (!rows.length) return null;
  return { t: new Date(rows[0]!.ts as string).getTime(), samples: rows.map(sampleRow) };
}

/**
 * Every moment of the raw per-server series in [from, to], in time order. One row per moment with
 * the servers' columns as arrays: on PGlite, 24 h of 50 servers reads in about a tenth of the time
 * one row per sample takes (bench/alerts.ts).
 */
export async function sampleMoments(client: SqlClient, from: Date, to: Date): Promise<SamplesAt[]> {
  const by = 'order by server_address';
  const rows = await client.query<Record<string, unknown[] | number | string>>(
    `select (extract(epoch from ts) * 1000)::float8 as t, array_agg(server_address ${by}) as server, array_agg(status ${by}) as status,
            array_agg(apps_owned ${by}) as apps, array_agg(workers_connected ${by}) as workers, array_agg(running_instances ${by}) as running,
            array_agg((coalesce(avg_score, 0) * workers_connected)::float8 ${by}) as capacity, array_agg(data_age_s::float8 ${by}) as age
     from server_samples where ts >= $1 and ts <= $2 group by ts order by ts`,
    [from, to],
  );
  return rows.map((r) => {
    const server = r.server as string[];
    const [status, apps, workers, running, capacity, age] = ['status', 'apps', 'workers', 'running', 'capacity', 'age'].map((k) => r[k] as unknown[]);
    return {
      t: Number(r.t),
      samples: server.map((address, i) => ({
        server: address,
        status: status![i] as ServerSample['status'],
        appsOwned: Number(apps![i]),
        workersConnected: Number(workers![i]),
        runningInstances: Number(running![i]),
        capacity: Number(capacity![i]),
        dataAgeS: num(age![i]),
      })),
    };
  });
}

/** Drops history older than `historyMs` and delivered or failed notifications older than `outboxMs`. */
export async function pruneAlerts(client: SqlClient, now: Date, keep: { historyMs: number; outboxMs: number }): Promise<{ transitions: number; notifications: number; silences: number }> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const notifications = await client.query(`delete from alert_notifications where status <> 'pending' and created_at < $1 returning id`, [before(keep.outboxMs)]);
  // not in (…) with a null in the list (a rollout event's row) holds for no row: the nulls are left out
  const transitions = await client.query('delete from alert_transitions where at < $1 and id not in (select transition_id from alert_notifications where transition_id is not null) returning id', [before(keep.historyMs)]);
  const silences = await client.query('delete from alert_silences where ends_at < $1 returning id', [before(keep.historyMs)]);
  return { transitions: transitions.length, notifications: notifications.length, silences: silences.length };
}
