// The notification outbox: one row per transition (or rollout event), contact point and repeat,
// claimed by one notifier at a time, sent, deferred or failed.
import type { OutboxItem } from '../domain/alert-notifications.ts';
import type { SqlClient } from './db.ts';
import { json, type Int8, type Timestamp } from './rows.ts';
import type { SecretBox } from './secret-box.ts';
import { targetRow, type ContactPointRow, type ContactTarget } from './contact-points.ts';

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

/** A row of alert_notifications. */
interface NotificationRow {
  id: Int8;
  transition_id: Int8 | null;
  contact_point_id: Int8;
  body: unknown;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  repeat: number;
}

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
  const rows = await client.query<NotificationRow & Pick<ContactPointRow, 'url' | 'kind' | 'settings' | 'secret' | 'language'> & { receiver: string }>(
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
    receiver: r.receiver,
    url: r.url,
    target: targetRow(box, r, Number(r.contact_point_id), r.receiver),
    item: json<OutboxItem>(r.body),
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at),
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
  const rows = await client.query<{ status: NotificationRow['status']; n: Int8 }>('select status, count(*) as n from alert_notifications group by status');
  const out = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

