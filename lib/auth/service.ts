// Sign-in and everything it rests on: the first-start admin, sessions, HTTP Basic and API tokens,
// attempt limits, users and tokens as an admin manages them. server.ts creates one and puts it on
// the runtime; the gate and the /api/auth, /api/users and /api/tokens routes use it.
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import type { Store, TokenRole, TokenRow, UserRow } from '../store/index.ts';
import { attemptKeys, attemptRefusedForMs, DEFAULT_ATTEMPT_LIMITS, type AttemptLimits } from '../domain/attempt-limit.ts';
import type { Role } from '../domain/access.ts';
import type { Principal } from './principal.ts';
import type { ProblemCause } from '../domain/problem-codes.ts';
import { checkPassword, DUMMY_HASH, hashPassword, newApiToken, newPassword, newSessionId, sha256 } from './secrets.ts';
import { ProblemError } from '../domain/problem.ts';

export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

export interface AuthOptions {
  store: Store;
  now?: () => Date;
  sessionTtlMs: number;
  /** where initial-admin-password is written when no FULCRUM_ADMIN_PASSWORD is given */
  dataDir: string;
  adminPassword?: string | undefined;
  log: { warn(msg: string, fields?: Record<string, unknown>): void; info(msg: string, fields?: Record<string, unknown>): void };
  /** bootstrap data-plane tokens from the environment (FULCRUM_INGEST_TOKEN) */
  bootstrapTokens?: { ingest?: readonly string[]; assignment?: readonly string[] };
  limits?: Partial<AttemptLimits>;
  bcryptCost?: number;
}

export type AuthFailure = { ok: false; status: 401 | 403 | 429; detail: string; retryAfterS?: number; refusal?: ProblemCause };
export type AuthOutcome = { ok: true; principal: Principal } | AuthFailure;

export interface UserView {
  id: number;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  sso: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface TokenView {
  id: number;
  name: string;
  role: TokenRole;
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

export const userView = (u: UserRow): UserView => ({
  id: u.id,
  name: u.name,
  role: u.role,
  mustChangePassword: u.mustChangePassword,
  sso: u.oidcSubject !== null,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
});

const tokenView = (t: TokenRow, now: Date): TokenView => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  createdBy: t.createdBy,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  state: t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active',
});

const isOperatorRole = (r: TokenRole): r is Role => r === 'viewer' || r === 'operator' || r === 'admin';

export function createAuth(options: AuthOptions) {
  const { store, log } = options;
  const now = options.now ?? (() => new Date());
  const cost = options.bcryptCost;
  const limits: AttemptLimits = { ...DEFAULT_ATTEMPT_LIMITS, ...options.limits };

  // Tokens are random 256-bit strings, so a SHA-256 digest (not bcrypt) is a safe way to keep them,
  // and the active ones are held in memory: checking one costs a digest and a map lookup.
  let tokens = new Map<string, TokenRow>();
  let tokensLoadedAt = 0;
  async function refreshTokens() {
    const at = now();
    tokens = new Map((await store.activeTokens(at)).map((t) => [t.tokenHash, t]));
    tokensLoadedAt = at.getTime();
  }
  const bootstrap = {
    ingest: new Set((options.bootstrapTokens?.ingest ?? []).map(sha256)),
    assignment: new Set((options.bootstrapTokens?.assignment ?? []).map(sha256)),
  };

  // A verified HTTP Basic password is remembered for a minute (keyed by an HMAC of name and
  // password under a per-process key, and only while the stored hash is unchanged), so a script
  // that sends Basic on every call does not pay for bcrypt every time.
  const basicKey = randomBytes(32);
  const basicCache = new Map<string, { passwordHash: string; until: number }>();

  function tokenPrincipal(t: TokenRow): Principal | null {
    if (!isOperatorRole(t.role)) return null;
    return { kind: 'token', id: t.id, name: t.name, role: t.role, via: 'bearer', mustChangePassword: false };
  }

  function userPrincipal(u: UserRow, via: Principal['via']): Principal {
    return { kind: 'user', id: u.id, name: u.name, role: u.role, via, mustChangePassword: u.mustChangePassword, preferences: { locale: u.locale, timeZone: u.timeZone, theme: u.theme } };
  }

  /**
   * Checks a name and password under the attempt limits; the user on success. The attempt is
   * counted in the store (atomically, seen by every replica) before the password is compared, so
   * parallel guesses cannot all pass one check; a refused attempt, and a right password, take
   * their attempt back.
   */
  async function verifyPassword(name: string, password: string, address: string): Promise<{ ok: true; user: UserRow } | AuthFailure> {
    const at = now();
    const t = at.getTime();
    const keys = attemptKeys(name, address);
    const refused = (wait: number): AuthFailure => ({ ok: false, status: 429, detail: 'too many failed sign-in attempts; try again later', retryAfterS: Math.ceil(wait / 1000), refusal: { code: 'too-many-attempts', params: { seconds: Math.ceil(wait / 1000) } } });
    const user = await store.userByName(name);
    const cacheKey = createHmac('sha256', basicKey).update(name).update('\0').update(password).digest('hex');
    const cached = basicCache.get(cacheKey);
    if (user?.passwordHash && !user.disabled && cached && cached.until > t && cached.passwordHash === user.passwordHash) {
      // a password verified within the minute is no guess: it is not counted, but a locked account stays locked
      const counts = (await store.signInAttempts(keys, at, limits.windowMs)).map((c) => ({ ...c, attempts: c.attempts + 1 }));
      const wait = attemptRefusedForMs(counts, limits, t);
      return wait > 0 ? refused(wait) : { ok: true, user };
    }
    const counts = await store.reserveSignInAttempt(keys, at, limits.windowMs);
    const wait = attemptRefusedForMs(counts, limits, t);
    if (wait > 0) {
      // a refused attempt is not compared, so it does not count (a locked account does not lock its address too)
      await store.releaseSignInAttempts(counts);
      return refused(wait);
    }
    const good = (await checkPassword(password, user?.passwordHash ?? DUMMY_HASH)) && Boolean(user?.passwordHash);
    if (!good || !user || user.disabled) return { ok: false, status: 401, detail: 'wrong name or password', refusal: { code: 'wrong-credentials' } };
    if (basicCache.size > 10_000) basicCache.clear();
    basicCache.set(cacheKey, { passwordHash: user.passwordHash!, until: t + 60_000 });
    await store.clearSignInAttempts(keys[0]);
    await store.releaseSignInAttempts(counts.filter((c) => c.key === keys[1]));
    return { ok: true, user };
  }

  async function createSession(user: UserRow): Promise<{ sessionId: string; expiresAt: Date }> {
    const at = now();
    const sessionId = newSessionId();
    const expiresAt = new Date(at.getTime() + options.sessionTtlMs);
    await store.insertSession(sha256(sessionId), user.id, at, expiresAt);
    return { sessionId, expiresAt };
  }

  /** A new session, and the end of the one the browser signed in from (no session outlives a new sign-in). */
  async function rotateSession(user: UserRow, previousSessionId?: string): Promise<{ sessionId: string; expiresAt: Date }> {
    if (previousSessionId) await store.deleteSession(sha256(previousSessionId));
    return createSession(user);
  }

  async function countAdmins(): Promise<number> {
    return (await store.listUsers()).filter((u) => u.role === 'admin' && !u.disabled).length;
  }

  return {
    sessionTtlMs: options.sessionTtlMs,

    /** First start: with no user at all, creates `admin` (FULCRUM_ADMIN_PASSWORD, or a random one). */
    async bootstrap(): Promise<void> {
      await refreshTokens();
      if ((await store.countUsers()) > 0) return;
      const given = options.adminPassword;
      const password = given ?? newPassword();
      const created = await store.insertUser(
        { name: 'admin', role: 'admin', passwordHash: await hashPassword(password, cost), mustChangePassword: !given },
        now(),
      );
      if (!created) return; // another replica made it first
      if (given) {
        log.info('created the admin account with the password from FULCRUM_ADMIN_PASSWORD');
        return;
      }
      const file = path.join(options.dataDir, INITIAL_PASSWORD_FILE);
      fs.mkdirSync(options.dataDir, { recursive: true });
      fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
      // printed this once, so the operator can sign in; it must be changed at first sign-in
      log.warn('created the admin account with a random password, also written to the file below (owner-only); sign in as admin and change it', {
        initialAdminPassword: password,
        file,
      });
    },

    /** Who sent a request: a Bearer token, HTTP Basic, or a session cookie (in that order). */
    async authenticate(input: { authorization?: string | undefined; sessionId?: string | undefined; address: string }): Promise<AuthOutcome | null> {
      const auth = input.authorization?.trim();
      if (auth) {
        const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
        if (bearer) {
          if (now().getTime() - tokensLoadedAt > 30_000) await refreshTokens();
          const t = tokens.get(sha256(bearer[1]!));
          if (!t || t.revokedAt || (t.expiresAt && t.expiresAt <= now())) return { ok: false, status: 401, detail: 'the token is unknown, expired or revoked', refusal: { code: 'token-invalid' } };
          const p = tokenPrincipal(t);
          if (!p) return { ok: false, status: 403, detail: `a ${t.role} token is for the data plane, not the operator API`, refusal: { code: 'token-data-plane', params: { role: t.role } } };
          // last use is recorded at most once a minute per token, not as a write on every request
          const at = now();
          if (!t.lastUsedAt || at.getTime() - t.lastUsedAt.getTime() > 60_000) {
            t.lastUsedAt = at;
            void store.touchToken(t.id, at).catch(() => undefined);
          }
          return { ok: true, principal: p };
        }
        const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth);
        if (basic) {
          const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          if (colon < 1) return { ok: false, status: 401, detail: 'HTTP Basic needs name:password', refusal: { code: 'basic-malformed' } };
          const checked = await verifyPassword(decoded.slice(0, colon), decoded.slice(colon + 1), input.address);
          if (!checked.ok) return checked;
          return { ok: true, principal: userPrincipal(checked.user, 'basic') };
        }
        return { ok: false, status: 401, detail: 'Authorization must be Bearer <token> or Basic <name:password>', refusal: { code: 'authorization-malformed' } };
      }
      if (input.sessionId) {
        const live = await store.liveSession(sha256(input.sessionId), now());
        if (live) return { ok: true, principal: userPrincipal(live.user, 'session') };
      }
      return null;
    },

    /**
     * The sign-in form: a new session (a fresh id, never one the browser brought) for a right name
     * and password; the session the browser signed in from, if any, ends.
     */
    async signIn(name: string, password: string, address: string, previousSessionId?: string): Promise<{ ok: true; sessionId: string; expiresAt: Date; user: UserRow } | AuthFailure> {
      const checked = await verifyPassword(name, password, address);
      if (!checked.ok) return checked;
      return { ok: true, user: checked.user, ...(await rotateSession(checked.user, previousSessionId)) };
    },

    /** A session for a user signed in by other means (OIDC); the browser's previous session, if any, ends. */
    createSession: rotateSession,

    async signOut(sessionId: string | undefined): Promise<void> {
      if (sessionId) await store.deleteSession(sha256(sessionId));
    },

    /** Keeps a user's own language, time zone and colour scheme (null: not chosen; absent: unchanged). */
    async setPreferences(userId: number, change: { locale?: string | null; timeZone?: string | null; theme?: string | null }): Promise<{ locale: string | null; timeZone: string | null; theme: string | null }> {
      const updated = await store.updateUser(userId, change, now());
      if (!updated) throw new ProblemError(404, `no user ${userId}`, { code: 'user-not-found', params: { id: userId } });
      return { locale: updated.locale, timeZone: updated.timeZone, theme: updated.theme };
    },

    /** Changes one's own password; other sessions of the user end. */
    async changePassword(userId: number, current: string, next: string, keepSessionId?: string): Promise<UserRow> {
      const user = await store.userById(userId);
      if (!user) throw new ProblemError(404, 'no such user', { code: 'user-not-found', params: { id: userId } });
      if (!user.passwordHash || !(await checkPassword(current, user.passwordHash))) throw new ProblemError(403, 'the current password is wrong', { code: 'wrong-current-password' });
      if (current === next) throw new ProblemError(400, 'choose a password different from the current one', { code: 'same-password' });
      const updated = (await store.updateUser(user.id, { passwordHash: await hashPassword(next, cost), mustChangePassword: false }, now()))!;
      await store.deleteUserSessions(user.id, keepSessionId ? sha256(keepSessionId) : undefined);
      if (user.mustChangePassword && user.name === 'admin') fs.rmSync(path.join(options.dataDir, INITIAL_PASSWORD_FILE), { force: true });
      return updated;
    },

    /** Finds or creates the user an OIDC sign-in names (new ones get `role`). */
    async oidcUser(subject: string, preferredName: string, role: Role): Promise<UserRow> {
      const known = await store.userBySubject(subject);
      if (known) {
        if (known.disabled) throw new ProblemError(403, 'this account is disabled', { code: 'account-disabled' });
        return known;
      }
      for (let i = 0; i < 20; i++) {
        const name = i === 0 ? preferredName : `${preferredName}-${i + 1}`;
        const created = await store.insertUser({ name, role, passwordHash: null, mustChangePassword: false, oidcSubject: subject }, now());
        if (created) return created;
      }
      throw new ProblemError(409, `no free user name like ${preferredName}`, { code: 'no-free-user-name', params: { name: preferredName } });
    },

    // ---------------------------------------------------------------- users (admin)
    async listUsers(): Promise<UserView[]> {
      return (await store.listUsers()).map(userView);
    },

    async createUser(input: { name: string; role: Role; password: string }): Promise<UserView> {
      const created = await store.insertUser(
        { name: input.name, role: input.role, passwordHash: await hashPassword(input.password, cost), mustChangePassword: true },
        now(),
      );
      if (!created) throw new ProblemError(409, `a user named ${input.name} exists`, { code: 'user-exists', params: { name: input.name } });
      return userView(created);
    },

    async getUser(id: number): Promise<UserView | undefined> {
      const u = await store.userById(id);
      return u && userView(u);
    },

    async updateUser(id: number, change: { role?: Role; disabled?: boolean; password?: string }): Promise<{ before: UserView; after: UserView }> {
      const user = await store.userById(id);
      if (!user) throw new ProblemError(404, `no user ${id}`, { code: 'user-not-found', params: { id } });
      const losesAdmin = user.role === 'admin' && !user.disabled && ((change.role && change.role !== 'admin') || change.disabled === true);
      if (losesAdmin && (await countAdmins()) <= 1) throw new ProblemError(409, 'this is the last admin; make another admin first', { code: 'last-admin' });
      const updated = (await store.updateUser(
        id,
        {
          ...(change.role ? { role: change.role } : {}),
          ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
          ...(change.password ? { passwordHash: await hashPassword(change.password, cost), mustChangePassword: true } : {}),
        },
        now(),
      ))!;
      if (change.password || change.disabled) await store.deleteUserSessions(id);
      return { before: userView(user), after: userView(updated) };
    },

    async deleteUser(id: number): Promise<UserView> {
      const user = await store.userById(id);
      if (!user) throw new ProblemError(404, `no user ${id}`, { code: 'user-not-found', params: { id } });
      if (user.role === 'admin' && !user.disabled && (await countAdmins()) <= 1) throw new ProblemError(409, 'this is the last admin; make another admin first', { code: 'last-admin' });
      await store.deleteUser(id);
      return userView(user);
    },

    // ---------------------------------------------------------------- tokens (admin)
    async listTokens(): Promise<TokenView[]> {
      const at = now();
      return (await store.listTokens()).map((t) => tokenView(t, at));
    },

    /** Creates a token; the secret is in the answer and nowhere else, ever. */
    async createToken(input: { name: string; role: TokenRole; expiresAt: Date | null }, createdBy: string): Promise<{ token: string; view: TokenView }> {
      const { token, prefix } = newApiToken();
      const row = await store.insertToken({ ...input, tokenHash: sha256(token), prefix, createdBy }, now());
      await refreshTokens();
      return { token, view: tokenView(row, now()) };
    },

    async revokeToken(id: number): Promise<{ before: TokenView; after: TokenView }> {
      const before = await store.tokenById(id);
      if (!before) throw new ProblemError(404, `no token ${id}`, { code: 'token-not-found', params: { id } });
      if (before.revokedAt) throw new ProblemError(409, `token ${id} is already revoked`, { code: 'token-revoked', params: { id } });
      const after = (await store.revokeToken(id, now()))!;
      await refreshTokens();
      return { before: tokenView(before, now()), after: tokenView(after, now()) };
    },

    /** For the data plane: whether a Bearer token may ingest (or ask for assignments). Synchronous. */
    dataPlaneToken(token: string, scope: 'ingest' | 'assignment'): boolean {
      const digest = sha256(token);
      if (bootstrap[scope].has(digest)) return true;
      const t = tokens.get(digest);
      return Boolean(t && t.role === scope && !t.revokedAt && !(t.expiresAt && t.expiresAt <= now()));
    },

    /** Whether any active token of this data-plane scope exists (then the assignment API requires one). */
    hasDataPlaneTokens(scope: 'ingest' | 'assignment'): boolean {
      const at = now();
      for (const t of tokens.values()) if (t.role === scope && !(t.expiresAt && t.expiresAt <= at)) return true;
      return false;
    },

    refreshTokens,
  };
}

export type Auth = ReturnType<typeof createAuth>;
