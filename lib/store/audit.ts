// The audit log's queries: append an entry, and list entries newest first with filters and a cursor.
import type { SqlRunner } from './db.ts';
import type { RolloutText, RolloutTextParams } from '../domain/rollout-texts.ts';

export interface AuditEntryInput {
  /** Who: a user name, a token name, or `system:<job>` for a background job. */
  actor: string;
  /** What, as `<thing>.<verb>`: `source.add`, `alert-rule.update`, `rollout.promote` … */
  action: string;
  /** Which: the changed thing's kind and id, e.g. `source:10.0.0.5:7700`, `rollout:42`. */
  target: string;
  before?: unknown;
  after?: unknown;
  detail?: string;
  /** the detail as a code and its params, when it is one of lib/domain/rollout-texts.ts */
  detailText?: RolloutText | null;
  at: Date;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  detail: string | null;
  detailCode: string | null;
  detailParams: RolloutTextParams | null;
}

export interface AuditFilter {
  actor?: string;
  /** An action, or a prefix ending in `.` (`rollout.` matches every rollout action). */
  action?: string;
  /** Exact target, or a prefix ending in `:` (`rollout:` matches every rollout). */
  target?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (the cursor of the previous page). */
  before?: number;
  limit: number;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export async function recordAudit(sql: SqlRunner, e: AuditEntryInput): Promise<number> {
  const [row] = await sql.query<{ id: string }>(
    `insert into audit_log (at, actor, action, target, before, after, detail, detail_code, detail_params)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9::jsonb) returning id`,
    [e.at, e.actor, e.action, e.target, json(e.before), json(e.after), e.detail ?? null, e.detailText?.code ?? null, e.detailText ? JSON.stringify(e.detailText.params) : null],
  );
  return Number(row!.id);
}

function prefixOrExact(column: string, value: string, separator: string, params: unknown[]): string {
  if (value.endsWith(separator)) {
    params.push(value.replace(/[\\%_]/g, (c) => `\\${c}`) + '%');
    return `${column} like $${params.length}`;
  }
  params.push(value);
  return `${column} = $${params.length}`;
}

export async function listAudit(sql: SqlRunner, f: AuditFilter): Promise<{ entries: AuditEntry[]; next: number | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.actor) {
    params.push(f.actor);
    where.push(`actor = $${params.length}`);
  }
  if (f.action) where.push(prefixOrExact('action', f.action, '.', params));
  if (f.target) where.push(prefixOrExact('target', f.target, ':', params));
  if (f.from) {
    params.push(f.from);
    where.push(`at >= $${params.length}`);
  }
  if (f.to) {
    params.push(f.to);
    where.push(`at < $${params.length}`);
  }
  if (f.before !== undefined) {
    params.push(f.before);
    where.push(`id < $${params.length}`);
  }
  params.push(f.limit + 1);
  const rows = await sql.query<{ id: string; at: Date; actor: string; action: string; target: string; before: unknown; after: unknown; detail: string | null; detail_code: string | null; detail_params: RolloutTextParams | null }>(
    `select id, at, actor, action, target, before, after, detail, detail_code, detail_params from audit_log
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by id desc limit $${params.length}`,
    params,
  );
  const more = rows.length > f.limit;
  const entries = rows.slice(0, f.limit).map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    before: r.before ?? null,
    after: r.after ?? null,
    detail: r.detail,
    detailCode: r.detail_code ?? null,
    detailParams: r.detail_params ?? null,
  }));
  return { entries, next: more ? entries[entries.length - 1]!.id : null };
}

/** The distinct actors and action kinds seen, for the Audit page's filter menus. */
export async function auditFacets(sql: SqlRunner): Promise<{ actors: string[]; actions: string[] }> {
  const actors = await sql.query<{ actor: string }>('select distinct actor from audit_log order by actor limit 500');
  const actions = await sql.query<{ action: string }>('select distinct action from audit_log order by action limit 500');
  return { actors: actors.map((r) => r.actor), actions: actions.map((r) => r.action) };
}
