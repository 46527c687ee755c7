// Silences: matchers over a time range (with an optional recurring window), expired rather than deleted.
import type { Matcher, Recurrence } from '../domain/silences.ts';
import type { SqlClient } from './db.ts';
import { iso, json, type Int8, type Timestamp } from './rows.ts';

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

/** A row of alert_silences. */
interface SilenceRow {
  id: Int8;
  matchers: unknown;
  starts_at: Timestamp;
  ends_at: Timestamp;
  recurrence: unknown;
  created_by: string;
  comment: string;
  created_at: Timestamp;
}

function silenceRow(r: SilenceRow): SilenceView {
  return {
    id: Number(r.id),
    matchers: json<Matcher[]>(r.matchers),
    startsAt: iso(r.starts_at)!,
    endsAt: iso(r.ends_at)!,
    recurrence: r.recurrence === null ? null : json<Recurrence>(r.recurrence),
    createdBy: r.created_by,
    comment: r.comment,
    createdAt: iso(r.created_at)!,
  };
}

/** Silences not yet ended at `now` (active or upcoming), or every one with `all`. */
export async function listSilences(client: SqlClient, now: Date, all = false): Promise<SilenceView[]> {
  const rows = all
    ? await client.query<SilenceRow>('select * from alert_silences order by starts_at desc, id desc')
    : await client.query<SilenceRow>('select * from alert_silences where ends_at > $1 order by starts_at, id', [now]);
  return rows.map(silenceRow);
}

export async function createSilence(client: SqlClient, s: Omit<SilenceView, 'id' | 'createdAt'>, now: Date): Promise<SilenceView> {
  const [r] = await client.query<SilenceRow>(
    `insert into alert_silences (matchers, starts_at, ends_at, recurrence, created_by, comment, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [JSON.stringify(s.matchers), new Date(s.startsAt), new Date(s.endsAt), s.recurrence ? JSON.stringify(s.recurrence) : null, s.createdBy, s.comment, now],
  );
  return silenceRow(r!);
}

/** Ends a silence now (kept for the record, like Alertmanager's expire). */
export async function expireSilence(client: SqlClient, id: number, now: Date): Promise<{ before: SilenceView; after: SilenceView } | null> {
  const [cur] = await client.query<SilenceRow>('select * from alert_silences where id = $1', [id]);
  if (!cur) return null;
  const [r] = await client.query<SilenceRow>('update alert_silences set ends_at = least(ends_at, greatest(starts_at, $2)) where id = $1 returning *', [id, now]);
  return { before: silenceRow(cur), after: silenceRow(r!) };
}

