// The sign-in service over real stores (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeTargets } from '../store/test-support.ts';
import type { Store } from '../store/index.ts';
import { createAuth, INITIAL_PASSWORD_FILE, type Auth } from './service.ts';
import { policyPath, queryHasNul } from './gate.ts';

const quiet = { warn: () => undefined, info: () => undefined };

describe.each(storeTargets())('auth service on $name', (target) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let auth: Auth;
  let clock = new Date('2026-01-01T00:00:00Z');
  const logged: Record<string, unknown>[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-auth-'));
  beforeAll(async () => {
    ({ store, dispose } = await target.create());
    auth = createAuth({
      store,
      now: () => clock,
      sessionTtlMs: 3_600_000,
      dataDir,
      log: { ...quiet, warn: (_m, f) => void logged.push(f ?? {}) },
      limits: { perAccount: 3, perAddress: 10, windowMs: 60_000 },
      bcryptCost: 4,
    });
    await auth.bootstrap();
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates admin at first start with a random password, logged once and in an owner-only file', async () => {
    const file = path.join(dataDir, INITIAL_PASSWORD_FILE);
    const password = fs.readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logged).toEqual([expect.objectContaining({ initialAdminPassword: password })]);
    await auth.bootstrap(); // a second start creates nobody and logs nothing
    expect(await store.countUsers()).toBe(1);
    expect(logged).toHaveLength(1);
    const signed = await auth.signIn('admin', password, '10.0.0.1');
    expect(signed.ok && signed.user.mustChangePassword).toBe(true);
    if (!signed.ok) return;
    const session = await auth.authenticate({ sessionId: signed.sessionId, address: '10.0.0.1' });
    expect(session).toMatchObject({ ok: true, principal: { name: 'admin', role: 'admin', via: 'session', mustChangePassword: true } });
    await auth.changePassword(signed.user.id, password, 'admin-password-2', signed.sessionId);
    expect(fs.existsSync(file)).toBe(false);
    expect(await auth.authenticate({ sessionId: signed.sessionId, address: '10.0.0.1' })).toMatchObject({ ok: true, principal: { mustChangePassword: false } });
  });

  it('accepts HTTP Basic, limits failed attempts per account, and a session expires', async () => {
    const basic = (name: string, pw: string) => `Basic ${Buffer.from(`${name}:${pw}`).toString('base64')}`;
    expect(await auth.authenticate({ authorization: basic('admin', 'admin-password-2'), address: '10.0.0.2' })).toMatchObject({ ok: true, principal: { via: 'basic' } });
    for (let i = 0; i < 3; i++) expect(await auth.authenticate({ authorization: basic('admin', 'wrong'), address: '10.0.0.2' })).toMatchObject({ ok: false, status: 401 });
    // locked: even the right password is refused until the window passes
    expect(await auth.authenticate({ authorization: basic('admin', 'admin-password-2'), address: '10.0.0.3' })).toMatchObject({ ok: false, status: 429 });
    clock = new Date(clock.getTime() + 61_000);
    const signed = await auth.signIn('admin', 'admin-password-2', '10.0.0.3');
    expect(signed.ok).toBe(true);
    if (!signed.ok) return;
    clock = new Date(clock.getTime() + 3_600_001);
    expect(await auth.authenticate({ sessionId: signed.sessionId, address: '10.0.0.3' })).toBeNull();
    const out = await auth.signIn('admin', 'admin-password-2', '10.0.0.3');
    if (!out.ok) throw new Error('sign-in failed');
    await auth.signOut(out.sessionId);
    expect(await auth.authenticate({ sessionId: out.sessionId, address: '10.0.0.3' })).toBeNull();
  });

  it('limits failures per address across accounts', async () => {
    for (let i = 0; i < 10; i++) await auth.signIn(`nobody-${i}`, 'x', '192.0.2.9');
    expect(await auth.signIn('admin', 'admin-password-2', '192.0.2.9')).toMatchObject({ ok: false, status: 429 });
    expect((await auth.signIn('admin', 'admin-password-2', '192.0.2.10')).ok).toBe(true);
  });

  it('counts parallel attempts before comparing: 40 guesses at one account, 60 from one address, over two replicas', async () => {
    // two services over one store stand for two replicas: the counters are in the store, not in either
    const replica = () => createAuth({ store, now: () => clock, sessionTtlMs: 3_600_000, dataDir, log: quiet, limits: { perAccount: 5, perAddress: 30, windowMs: 60_000 }, bcryptCost: 4 });
    const replicas = [replica(), replica()];
    await auth.createUser({ name: 'paula', role: 'viewer', password: 'paula-password-1' });
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => replicas[i % 2]!.signIn('paula', i === 20 ? 'paula-password-1' : `guess-${i}`, `198.51.100.${i}`)),
    );
    const compared = guesses.filter((g) => g.ok || g.status !== 429);
    expect(compared.length, 'attempts whose password was compared (the limit is 5)').toBeLessThanOrEqual(5);
    expect(guesses.filter((g) => !g.ok && g.status === 429).every((g) => !g.ok && g.retryAfterS! > 0 && g.retryAfterS! <= 60)).toBe(true);
    const sprayed = await Promise.all(Array.from({ length: 60 }, (_, i) => replicas[i % 2]!.signIn(`spray-${i}`, 'x', '203.0.113.7')));
    expect(sprayed.filter((g) => g.ok || g.status !== 429).length, 'attempts from one address compared (the limit is 30)').toBeLessThanOrEqual(30);
    // HTTP Basic goes through the same counters
    const basic = `Basic ${Buffer.from('paula:paula-password-1').toString('base64')}`;
    expect(await replicas[0]!.authenticate({ authorization: basic, address: '198.51.100.200' })).toMatchObject({ ok: false, status: 429 });
    clock = new Date(clock.getTime() + 61_000);
    expect(await replicas[1]!.authenticate({ authorization: basic, address: '203.0.113.7' })).toMatchObject({ ok: true });
  });

  it('does not count refused attempts: a locked account does not lock its address too', async () => {
    clock = new Date(clock.getTime() + 61_000);
    for (let i = 0; i < 3; i++) expect(await auth.signIn('locked-out', 'x', '192.0.2.77')).toMatchObject({ status: 401 });
    for (let i = 0; i < 20; i++) expect(await auth.signIn('locked-out', 'x', '192.0.2.77')).toMatchObject({ status: 429 });
    expect((await auth.signIn('admin', 'admin-password-2', '192.0.2.77')).ok, 'the address has 3 of its 10').toBe(true);
  });

  it('signs in with a fresh session id and ends the session the browser signed in from', async () => {
    clock = new Date(clock.getTime() + 61_000);
    const first = await auth.signIn('admin', 'admin-password-2', '10.0.0.5');
    if (!first.ok) throw new Error('sign-in failed');
    const again = await auth.signIn('admin', 'admin-password-2', '10.0.0.5', first.sessionId);
    if (!again.ok) throw new Error('sign-in failed');
    expect(again.sessionId).not.toBe(first.sessionId);
    expect(await auth.authenticate({ sessionId: first.sessionId, address: '10.0.0.5' }), 'the old session ended').toBeNull();
    expect(await auth.authenticate({ sessionId: again.sessionId, address: '10.0.0.5' })).toMatchObject({ ok: true });
    // a single sign-on over a password session ends it too
    const sso = await auth.createSession(again.user, again.sessionId);
    expect(await auth.authenticate({ sessionId: again.sessionId, address: '10.0.0.5' })).toBeNull();
    await auth.signOut(sso.sessionId);
  });

  it('issues tokens shown once and stored as digests; expired and revoked ones stop working', async () => {
    const bearer = (t: string) => ({ authorization: `Bearer ${t}`, address: '10.0.0.4' });
    const op = await auth.createToken({ name: 'deploy', role: 'operator', expiresAt: new Date(clock.getTime() + 60_000) }, 'admin');
    expect(op.token).toMatch(/^fulcrum_/);
    expect(JSON.stringify(await store.listTokens())).not.toContain(op.token);
    expect(await auth.authenticate(bearer(op.token))).toMatchObject({ ok: true, principal: { kind: 'token', name: 'deploy', role: 'operator' } });
    clock = new Date(clock.getTime() + 60_001);
    expect(await auth.authenticate(bearer(op.token))).toMatchObject({ ok: false, status: 401 });
    const viewer = await auth.createToken({ name: 'grafana', role: 'viewer', expiresAt: null }, 'admin');
    expect(await auth.authenticate(bearer(viewer.token))).toMatchObject({ ok: true });
    await auth.revokeToken(viewer.view.id);
    expect(await auth.authenticate(bearer(viewer.token))).toMatchObject({ ok: false, status: 401 });
    await expect(auth.revokeToken(viewer.view.id)).rejects.toMatchObject({ httpStatus: 409 });
    const ingest = await auth.createToken({ name: 'agent', role: 'ingest', expiresAt: null }, 'admin');
    expect(auth.dataPlaneToken(ingest.token, 'ingest')).toBe(true);
    expect(auth.dataPlaneToken(ingest.token, 'assignment')).toBe(false);
    expect(await auth.authenticate(bearer(ingest.token))).toMatchObject({ ok: false, status: 403 });
    expect((await auth.listTokens()).map((t) => t.state)).toEqual(['expired', 'revoked', 'active']);
  });

  it('keeps at least one admin', async () => {
    const [admin] = await auth.listUsers();
    await expect(auth.updateUser(admin!.id, { role: 'viewer' })).rejects.toMatchObject({ httpStatus: 409 });
    await expect(auth.deleteUser(admin!.id)).rejects.toMatchObject({ httpStatus: 409 });
    const other = await auth.createUser({ name: 'olga', role: 'admin', password: 'olga-password-1' });
    expect(other.mustChangePassword).toBe(true);
    await expect(auth.createUser({ name: 'olga', role: 'viewer', password: 'olga-password-1' })).rejects.toMatchObject({ httpStatus: 409 });
    const { after } = await auth.updateUser(admin!.id, { role: 'operator' });
    expect(after.role).toBe('operator');
  });
});

describe('policyPath', () => {
  it('decodes and lower-cases normal paths, refuses tricks', () => {
    expect(policyPath('/api/sources/10.0.0.5%3A7700?x=1')).toBe('/api/sources/10.0.0.5:7700');
    expect(policyPath('/api/user%73')).toBe('/api/users');
    expect(policyPath('/API/Users')).toBe('/api/users');
    for (const bad of ['/api/../api/users', '/api/%2e%2e/users', '/api/sources/a%2F..%2Fusers', '//evil', '/api/%ZZ', 'api/users', '/api/x%00', '/api\\users']) {
      expect(policyPath(bad), bad).toBeNull();
    }
  });
});

describe('queryHasNul', () => {
  it('finds a NUL in the query string, raw or percent-encoded, in a name or a value', () => {
    for (const bad of ['/api/apps?app=%00', '/api/apps?a%00=1', '/api/apps?app=x%00y&page=1', '/api/apps?app=\0']) expect(queryHasNul(bad), bad).toBe(true);
    for (const good of ['/api/apps', '/api/apps?app=billing&page=2', '/api/apps?app=%2500', '/api/x?%ZZ=1']) expect(queryHasNul(good), good).toBe(false);
  });
});
