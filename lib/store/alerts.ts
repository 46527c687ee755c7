// The alert store in one namespace (lib/store/index.ts reads it as `alerts`): rules
// (alert-rules.ts), instances and history (alert-instances.ts), contact points (contact-points.ts),
// the outbox (outbox.ts), silences (silences.ts) and the samples the evaluator reads
// (alert-samples.ts); and the retention that spans them.
import type { SqlClient } from './db.ts';

export * from './alert-rules.ts';
export * from './alert-instances.ts';
export * from './contact-points.ts';
export * from './outbox.ts';
export * from './silences.ts';
export * from './alert-samples.ts';

/** Drops history older than `historyMs` and delivered or failed notifications older than `outboxMs`. */
export async function pruneAlerts(client: SqlClient, now: Date, keep: { historyMs: number; outboxMs: number }): Promise<{ transitions: number; notifications: number; silences: number }> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const notifications = await client.query(`delete from alert_notifications where status <> 'pending' and created_at < $1 returning id`, [before(keep.outboxMs)]);
  // not in (…) with a null in the list (a rollout event's row) holds for no row: the nulls are left out
  const transitions = await client.query('delete from alert_transitions where at < $1 and id not in (select transition_id from alert_notifications where transition_id is not null) returning id', [before(keep.historyMs)]);
  const silences = await client.query('delete from alert_silences where ends_at < $1 returning id', [before(keep.historyMs)]);
  return { transitions: transitions.length, notifications: notifications.length, silences: silences.length };
}

