// Alert rules: their bodies (validated JSON) with a version for optimistic concurrency.
import type { SqlClient, SqlRunner } from './db.ts';
import { iso, json, type Int8, type Timestamp } from './rows.ts';

export interface StoredRule<B = unknown> {
  id: number;
  name: string;
  version: number;
  rule: B;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** A row of alert_rules. */
export interface AlertRuleRow {
  id: Int8;
  name: string;
  body: unknown;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string;
}

export function ruleRow<B>(r: AlertRuleRow): StoredRule<B> {
  return {
    id: Number(r.id),
    name: r.name,
    version: Number(r.version),
    rule: json<B>(r.body),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    updatedBy: r.updated_by,
  };
}

export async function createAlertRule<B extends { name: string }>(client: SqlClient, body: B, actor: string, now: Date): Promise<StoredRule<B>> {
  const [r] = await client.query<AlertRuleRow>(
    `insert into alert_rules (name, body, version, created_at, updated_at, updated_by) values ($1, $2, 1, $3, $3, $4) returning *`,
    [body.name, JSON.stringify(body), now, actor],
  );
  return ruleRow<B>(r!);
}

export async function getAlertRule<B>(client: SqlRunner, id: number): Promise<StoredRule<B> | null> {
  const [r] = await client.query<AlertRuleRow>('select * from alert_rules where id = $1', [id]);
  return r ? ruleRow<B>(r) : null;
}

export async function listAlertRules<B>(client: SqlClient): Promise<StoredRule<B>[]> {
  return (await client.query<AlertRuleRow>('select * from alert_rules order by name, id')).map((r) => ruleRow<B>(r));
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
    const [cur] = await tx.query<AlertRuleRow>('select * from alert_rules where id = $1 for update', [id]);
    if (!cur) return null;
    const before = ruleRow<B>(cur);
    if (before.version !== version) return { conflict: before };
    const [r] = await tx.query<AlertRuleRow>(
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
  const [r] = await client.query<AlertRuleRow>('delete from alert_rules where id = $1 returning *', [id]);
  return r ? ruleRow<B>(r) : null;
}

