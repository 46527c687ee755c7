// OIDC single sign-on against a small OIDC provider this test starts on loopback: a browser's walk
// through the redirects (cookies carried by hand), a session for the new user with the configured
// role, and a forged or replayed callback refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_AUTHORIZATION, freePort, startServer, type RunningServer } from './support/process.ts';
import { startOidcProvider, type TestOidcProvider } from './oidc-provider.ts';

let provider: TestOidcProvider;
let server: RunningServer;
/** the console's address: its port is chosen here, before start, because it is part of FULCRUM_PUBLIC_URL */
let consoleUrl = '';

beforeAll(async () => {
  provider = await startOidcProvider({ clientId: 'fulcrum', clientSecret: 'oidc-secret', user: { sub: 'u-42', preferred_username: 'olivia', email: 'olivia@example.com' } });
  // the console's public URL must be known before it starts (it is the redirect address)
  const port = await freePort();
  consoleUrl = `http://127.0.0.1:${port}`;
  server = await startServer({
    env: { PORT: String(port), FULCRUM_PUBLIC_URL: `http://127.0.0.1:${port}`, FULCRUM_OIDC_ISSUER: provider.issuer, FULCRUM_OIDC_CLIENT_ID: 'fulcrum', FULCRUM_OIDC_CLIENT_SECRET: 'oidc-secret', FULCRUM_OIDC_ROLE: 'operator' },
  });
}, 300_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  await provider?.close();
});

/** A browser's cookie jar for one site: Set-Cookie in, Cookie out. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
        if (/max-age=0/i.test(c)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

describe('OIDC sign-in', () => {
  it('signs a new user in through the provider with the configured role', async () => {
    const browser = jar();
    const start = await fetch(`${consoleUrl}/api/auth/oidc/start?next=/alerts`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    browser.take(start);
    const toProvider = new URL(start.headers.get('location')!);
    expect(toProvider.origin).toBe(provider.issuer);
    expect(toProvider.searchParams.get('redirect_uri')).toBe(`${consoleUrl}/api/auth/oidc/callback`);
    const back = await fetch(toProvider, { redirect: 'manual' });
    const callback = back.headers.get('location')!;
    const done = await fetch(callback, { redirect: 'manual', headers: { cookie: browser.header() } });
    expect(done.status, await done.clone().text()).toBe(303);
    expect(done.headers.get('location')).toBe('/alerts');
    browser.take(done);
    const me = await fetch(`${consoleUrl}/api/auth/me`, { headers: { cookie: browser.header() } });
    expect(await me.json()).toMatchObject({ kind: 'user', name: 'olivia', role: 'operator', via: 'session' });
    // the user is listed as a single sign-on user, without a password
    const users = (await (await fetch(`${consoleUrl}/api/users`, { headers: { authorization: ADMIN_AUTHORIZATION } })).json()) as { users: { name: string; sso: boolean }[] };
    expect(users.users.find((u) => u.name === 'olivia')).toMatchObject({ sso: true });
    // replaying the same callback fails: the code was used and the attempt's cookie is gone
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: browser.header() } });
    expect(replay.status).toBe(400);
  });

  it('sends the browser to / when next would leave the console (tab, newline, //, backslash, another site)', async () => {
    for (const next of ['/%09/evil.example/', '/%0A/evil.example/', '//evil.example', '/%5Cevil.example', 'https://evil.example/']) {
      const browser = jar();
      const start = await fetch(`${consoleUrl}/api/auth/oidc/start?next=${encodeURIComponent(decodeURIComponent(next))}`, { redirect: 'manual' });
      browser.take(start);
      const back = await fetch(start.headers.get('location')!, { redirect: 'manual' });
      const done = await fetch(back.headers.get('location')!, { redirect: 'manual', headers: { cookie: browser.header() } });
      expect(done.status, next).toBe(303);
      expect(done.headers.get('location'), next).toBe('/');
    }
  });

  it('refuses a callback whose state does not match the attempt', async () => {
    const browser = jar();
    const start = await fetch(`${consoleUrl}/api/auth/oidc/start`, { redirect: 'manual' });
    browser.take(start);
    const back = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const forged = new URL(back.headers.get('location')!);
    forged.searchParams.set('state', 'forged-state');
    const res = await fetch(forged, { redirect: 'manual', headers: { cookie: browser.header() } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/single sign-on failed/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('fulcrum_session='))).toBe(false);
  });

  it('shows the single sign-on button on the sign-in page', async () => {
    const page = await (await fetch(`${consoleUrl}/sign-in`)).text();
    expect(page).toContain('Sign in with single sign-on');
  });
});
