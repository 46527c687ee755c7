// Contact points: where notifications go (webhooks and chat robots), their kind's settings, and the
// signing secret, sealed at rest and read out only for sending.
import { DEFAULT_NOTICE_LANGUAGE, type ContactKind, type ContactSettings, type NoticeLanguage } from '../domain/contact-messages.ts';
import type { SqlClient } from './db.ts';
import { iso, json, type Int8, type Timestamp } from './rows.ts';
import { isSealed, type SecretBox } from './secret-box.ts';

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

/** A row of alert_contact_points. */
export interface ContactPointRow {
  id: Int8;
  name: string;
  kind: ContactKind | null;
  url: string;
  enabled: boolean;
  settings: unknown;
  secret: string | null;
  language: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

function contactRow(r: ContactPointRow): ContactPoint {
  return {
    id: Number(r.id),
    name: r.name,
    kind: r.kind ?? 'webhook',
    url: r.url,
    enabled: Boolean(r.enabled),
    settings: r.settings ? json<ContactSettings>(r.settings) : {},
    secretSet: r.secret !== null && r.secret !== undefined && r.secret !== '',
    language: languageOf(r.language),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

const languageOf = (v: unknown): NoticeLanguage => (v === 'en' || v === 'zh-CN' ? v : DEFAULT_NOTICE_LANGUAGE);

/** A contact point's row, or the columns of one a query joined in, with its secret opened. */
export function targetRow(box: SecretBox, r: Pick<ContactPointRow, 'kind' | 'url' | 'settings' | 'secret' | 'language'>, id: number, name: string): ContactTarget {
  const stored = r.secret ?? null;
  const opened = stored === null ? { secret: null } : box.open(stored);
  return {
    id,
    name,
    kind: r.kind ?? 'webhook',
    url: r.url,
    settings: r.settings ? json<ContactSettings>(r.settings) : {},
    secret: 'secret' in opened ? opened.secret : null,
    language: languageOf(r.language),
    ...('error' in opened ? { secretError: opened.error } : {}),
  };
}

export async function listContactPoints(client: SqlClient): Promise<ContactPoint[]> {
  return (await client.query<ContactPointRow>('select * from alert_contact_points order by name')).map(contactRow);
}

export async function getContactPoint(client: SqlClient, id: number): Promise<ContactPoint | null> {
  const [r] = await client.query<ContactPointRow>('select * from alert_contact_points where id = $1', [id]);
  return r ? contactRow(r) : null;
}

/** A contact point with its secret, for sending (the test button, the Alertmanager re-sender). */
export async function contactTargets(client: SqlClient, box: SecretBox, filter: { id?: number; kind?: ContactKind; enabled?: boolean } = {}): Promise<ContactTarget[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.id !== undefined) where.push(`id = $${params.push(filter.id)}`);
  if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
  if (filter.enabled !== undefined) where.push(`enabled = $${params.push(filter.enabled)}`);
  const rows = await client.query<ContactPointRow>(`select * from alert_contact_points ${where.length ? `where ${where.join(' and ')}` : ''} order by id`, params);
  return rows.map((r) => targetRow(box, r, Number(r.id), r.name));
}

/** Creates a contact point; null when the name is taken. */
export async function createContactPoint(client: SqlClient, box: SecretBox, cp: ContactPointInput, now: Date): Promise<ContactPoint | null> {
  const rows = await client.query<ContactPointRow>(
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
  const [r] = await client.query<ContactPointRow>(
    `update alert_contact_points set name = $2, kind = $3, url = $4, enabled = $5, settings = $6, secret = case when $7 then secret else $8 end,
       language = coalesce($10, language), updated_at = $9 where id = $1 returning *`,
    [id, cp.name, cp.kind ?? 'webhook', cp.url, cp.enabled, JSON.stringify(cp.settings ?? {}), keep, keep || !cp.secret ? null : box.seal(cp.secret), now, cp.language ?? null],
  );
  return r ? contactRow(r) : null;
}

/** Seals the secrets stored in plain text (before FULCRUM_SECRET_KEY was set); the number sealed. */
export async function sealPlainSecrets(client: SqlClient, box: SecretBox): Promise<number> {
  if (!box.encrypting) return 0;
  const rows = await client.query<{ id: Int8; secret: string }>('select id, secret from alert_contact_points where secret is not null');
  let sealed = 0;
  for (const r of rows) {
    if (isSealed(r.secret)) continue;
    await client.query('update alert_contact_points set secret = $2 where id = $1 and secret = $3', [Number(r.id), box.seal(r.secret), r.secret]);
    sealed++;
  }
  return sealed;
}

export async function deleteContactPoint(client: SqlClient, id: number): Promise<ContactPoint | null> {
  const [r] = await client.query<ContactPointRow>('delete from alert_contact_points where id = $1 returning *', [id]);
  return r ? contactRow(r) : null;
}

