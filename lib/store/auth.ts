// Users, sessions and API tokens: the queries behind sign-in, the gate and the admin pages.
// Only digests and hashes are stored here; the secrets themselves never reach the store.
import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { SqlClient } from './db.ts';
import { apiTokens, sessions, users } from './schema.ts';
import type { Role } from '../domain/access.ts';

export type TokenRole = Role | 'ingest' | 'assignment';

export interface UserRow {
  id: number;
  name: string;
  role: Role;
  passwordHash: string | null;
  mustChangePassword: boolean;
  oidcSubject: string | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** the user's own choices (null: not chosen) */
  locale: string | null;
  timeZone: string | null;
  theme: string | null;
}

export interface TokenRow {
  id: number;
  name: string;
  role: TokenRole;
  tokenHash: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export async function countUsers(client: SqlClient): Promise<number> {
  const [r] = await client.query<{ n: string }>('select count(*) as n from users');
  return Number(r!.n);
}

export async function listUsers(client: SqlClient): Promise<UserRow[]> {
  return (await client.db.select().from(users).orderBy(asc(users.name))) as UserRow[];
}

export async function userByName(client: SqlClient, name: string): Promise<UserRow | undefined> {
  const [row] = await client.db.select().from(users).where(eq(users.name, name));
  return row as UserRow | undefined;
}

export async function userById(client: SqlClient, id: number): Promise<UserRow | undefined> {
  const [row] = await client.db.select().from(users).where(eq(users.id, id));
  return row as UserRow | undefined;
}

export async function userBySubject(client: SqlClient, subject: string): Promise<UserRow | undefined> {
  const [row] = await client.db.select().from(users).where(eq(users.oidcSubject, subject));
  return row as UserRow | undefined;
}

export interface NewUser {
  name: string;
  role: Role;
  passwordHash: string | null;
  mustChangePassword: boolean;
  oidcSubject?: string | null;
}

/** Inserts a user; undefined when the name (or OIDC subject) is taken. */
export async function insertUser(client: SqlClient, user: NewUser, now: Date): Promise<UserRow | undefined> {
  const [row] = await client.db
    .insert(users)
    .values({ ...user, oidcSubject: user.oidcSubject ?? null, disabled: false, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return row as UserRow | undefined;
}

export async function updateUser(
  client: SqlClient,
  id: number,
  change: Partial<Pick<UserRow, 'role' | 'passwordHash' | 'mustChangePassword' | 'disabled' | 'locale' | 'timeZone' | 'theme'>>,
  now: Date,
): Promise<UserRow | undefined> {
  const [row] = await client.db.update(users).set({ ...change, updatedAt: now }).where(eq(users.id, id)).returning();
  return row as UserRow | undefined;
}

export async function deleteUser(client: SqlClient, id: number): Promise<boolean> {
  const rows = await client.db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}

export async function insertSession(client: SqlClient, idHash: string, userId: number, now: Date, expiresAt: Date): Promise<void> {
  await client.db.insert(sessions).values({ idHash, userId, createdAt: now, expiresAt, lastSeenAt: now });
}

/** The session and its user, when the session exists, has not expired and the user is enabled. */
export async function liveSession(client: SqlClient, idHash: string, now: Date): Promise<{ user: UserRow; expiresAt: Date } | undefined> {
  const [row] = await client.db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), eq(users.disabled, false)));
  return row as { user: UserRow; expiresAt: Date } | undefined;
}

export async function deleteSession(client: SqlClient, idHash: string): Promise<void> {
  await client.db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteUserSessions(client: SqlClient, userId: number, exceptIdHash?: string): Promise<void> {
  await client.query(`delete from sessions where user_id = $1 and id_hash <> $2`, [userId, exceptIdHash ?? '']);
}

export async function deleteExpiredSessions(client: SqlClient, now: Date): Promise<number> {
  const rows = await client.db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ idHash: sessions.idHash });
  return rows.length;
}

export type NewToken = Pick<TokenRow, 'name' | 'role' | 'tokenHash' | 'prefix' | 'createdBy' | 'expiresAt'>;

export async function insertToken(client: SqlClient, token: NewToken, now: Date): Promise<TokenRow> {
  const [row] = await client.db.insert(apiTokens).values({ ...token, createdAt: now }).returning();
  return row as TokenRow;
}

export async function listTokens(client: SqlClient): Promise<TokenRow[]> {
  return (await client.db.select().from(apiTokens).orderBy(asc(apiTokens.id))) as TokenRow[];
}

/** Tokens that are neither revoked nor expired at `now`. */
export async function activeTokens(client: SqlClient, now: Date): Promise<TokenRow[]> {
  return (await client.db
    .select()
    .from(apiTokens)
    .where(and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))) as TokenRow[];
}

export async function revokeToken(client: SqlClient, id: number, now: Date): Promise<TokenRow | undefined> {
  const [row] = await client.db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row as TokenRow | undefined;
}

export async function tokenById(client: SqlClient, id: number): Promise<TokenRow | undefined> {
  const [row] = await client.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row as TokenRow | undefined;
}

export async function touchToken(client: SqlClient, id: number, now: Date): Promise<void> {
  await client.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

// ------------------------------------------------------------------------- sign-in attempt counters

export interface AttemptCountRow {
  key: string;
  attempts: number;
  windowStartMs: number;
}

const attemptRow = (r: { key: string; window_start: string | Date; attempts: number }): AttemptCountRow => ({
  key: r.key,
  attempts: Number(r.attempts),
  windowStartMs: new Date(r.window_start).getTime(),
});

/**
 * Counts one attempt on each key, atomically: the upsert takes each key's row lock, so parallel
 * attempts are numbered one after another and every replica sees the same count. A key whose
 * window is over starts a new one. Keys are locked in the order given (callers give them in one
 * order), so two attempts never wait on each other's rows.
 */
export async function reserveSignInAttempt(client: SqlClient, keys: readonly string[], now: Date, windowMs: number): Promise<AttemptCountRow[]> {
  const values = keys.map((_, i) => `($${i + 3}, $1::timestamptz, 1)`).join(', ');
  const rows = await client.query<{ key: string; window_start: string | Date; attempts: number }>(
    `insert into sign_in_attempts as a (key, window_start, attempts) values ${values}
     on conflict (key) do update set
       window_start = case when a.window_start <= $2::timestamptz then excluded.window_start else a.window_start end,
       attempts = case when a.window_start <= $2::timestamptz then 1 else a.attempts + 1 end
     returning key, window_start, attempts`,
    [now.toISOString(), new Date(now.getTime() - windowMs).toISOString(), ...keys],
  );
  return rows.map(attemptRow);
}

/** The counts of keys whose window is not over, without counting an attempt. */
export async function signInAttempts(client: SqlClient, keys: readonly string[], now: Date, windowMs: number): Promise<AttemptCountRow[]> {
  const rows = await client.query<{ key: string; window_start: string | Date; attempts: number }>(
    `select key, window_start, attempts from sign_in_attempts where key = any($1::text[]) and window_start > $2::timestamptz`,
    [[...keys], new Date(now.getTime() - windowMs).toISOString()],
  );
  return rows.map(attemptRow);
}

/**
 * Takes back attempts counted by reserveSignInAttempt (each key in the window it was counted in):
 * a refused attempt was never compared, and a right password does not count against its address.
 */
export async function releaseSignInAttempts(client: SqlClient, counted: readonly Pick<AttemptCountRow, 'key' | 'windowStartMs'>[]): Promise<void> {
  if (counted.length === 0) return;
  await client.query(
    `update sign_in_attempts a set attempts = greatest(a.attempts - 1, 0)
     from unnest($1::text[], $2::timestamptz[]) as c(key, window_start)
     where a.key = c.key and a.window_start = c.window_start`,
    [counted.map((c) => c.key), counted.map((c) => new Date(c.windowStartMs).toISOString())],
  );
}

export async function clearSignInAttempts(client: SqlClient, key: string): Promise<void> {
  await client.query(`delete from sign_in_attempts where key = $1`, [key]);
}

/** Drops counters whose window ended before `now` (windowMs long). */
export async function pruneSignInAttempts(client: SqlClient, now: Date, windowMs: number): Promise<number> {
  const rows = await client.query(`delete from sign_in_attempts where window_start <= $1::timestamptz returning key`, [new Date(now.getTime() - windowMs).toISOString()]);
  return rows.length;
}
