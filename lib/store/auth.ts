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
  change: Partial<Pick<UserRow, 'role' | 'passwordHash' | 'mustChangePassword' | 'disabled'>>,
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
