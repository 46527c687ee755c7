// Sign-in in Chromium: signing in and out, a viewer who sees no edit controls and is refused by
// the API anyway, admin pages for users and tokens, and the first-start password flow.
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_PASSWORD, expect, test } from './fixtures.ts';

test('signs in, is refused a wrong password, and signs out', async ({ anonPage: page }) => {
  await page.goto('/servers');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fservers$/);
  await page.getByLabel('Name').fill('admin');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong name or password.' })).toBeVisible();
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === 'fulcrum_session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  await expect(page.getByText('admin (admin)')).toBeVisible();
  // signing out is a request and then a full page load of the sign-in page: wait for that load
  // (bounded by the test's timeout), not for expect's 5 s, which a loaded 2-core machine overran
  // (CI run of 2026-12-03 at load 15: still on /servers after 5 s)
  await Promise.all([page.waitForURL(/\/sign-in$/, { waitUntil: 'load' }), page.getByRole('button', { name: 'Sign out' }).click()]);
  await page.goto('/overview');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  // the old cookie is dead on the server too, not just dropped by the browser
  await page.context().addCookies([cookie]);
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
});

test('a viewer sees no edit controls and gets 403 when calling the API anyway', async ({ page, anonPage, fulcrum }) => {
  // the admin adds a viewer in Settings → Users
  await page.goto('/settings/users');
  await page.getByRole('form', { name: 'Add user' }).getByLabel('Name').fill('vera');
  await page.getByRole('form', { name: 'Add user' }).getByLabel('Initial password').fill('vera-initial-1');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('rowheader', { name: 'vera' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'vera' })).toContainText('must change password');

  // vera signs in, must choose her own password first
  await anonPage.goto('/sign-in');
  await anonPage.getByLabel('Name').fill('vera');
  await anonPage.getByLabel('Password').fill('vera-initial-1');
  await anonPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(anonPage.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await anonPage.getByLabel('Current password').fill('vera-initial-1');
  await anonPage.getByLabel('New password', { exact: true }).fill('vera-chosen-22');
  await anonPage.getByLabel('New password again').fill('vera-chosen-22');
  await anonPage.getByRole('button', { name: 'Change password' }).click();
  await expect(anonPage.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(anonPage.getByText('vera (viewer)')).toBeVisible();

  // she reads sources and weights but gets no edit controls, and no Users or Tokens
  await anonPage.goto('/settings/sources');
  await expect(anonPage.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  await expect(anonPage.getByRole('button', { name: 'Add source' })).toHaveCount(0);
  await expect(anonPage.getByLabel('PowerJob server web address')).toHaveCount(0);
  await expect(anonPage.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await anonPage.goto('/settings/measures');
  await expect(anonPage.getByText('Only an admin changes the weights.')).toBeVisible();
  await expect(anonPage.getByRole('button', { name: 'Save weights' })).toHaveCount(0);
  // nor on alerts and rollouts, which she reads
  await anonPage.goto('/alerts');
  await expect(anonPage.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await expect(anonPage.getByRole('heading', { name: 'Silences' })).toBeVisible();
  await expect(anonPage.getByRole('button', { name: 'New rule' })).toHaveCount(0);
  await expect(anonPage.getByRole('button', { name: 'Add silence' })).toHaveCount(0);
  await expect(anonPage.getByRole('button', { name: 'Add contact point' })).toHaveCount(0);
  await anonPage.goto('/rollouts');
  await expect(anonPage.getByRole('heading', { level: 1, name: 'Rollouts' })).toBeVisible();
  await expect(anonPage.getByRole('link', { name: 'New rollout' })).toHaveCount(0);
  await anonPage.goto('/rollouts/new');
  await expect(anonPage.getByText('Creating a rollout needs the operator role')).toBeVisible();
  await expect(anonPage.getByRole('button', { name: 'Create rollout' })).toHaveCount(0);

  // calling the API from her browser anyway: 403, and nothing changed
  const statuses = await anonPage.evaluate(async () => {
    const post = (url: string, body: unknown, method = 'POST') =>
      fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
    return [
      await post('/api/sources', { address: '127.0.0.1:17990' }),
      await post('/api/settings/mix-weights', { apps: 9, workers: 0, running: 0 }, 'PUT'),
      await post('/api/demo/servers', {}),
      await fetch('/api/users').then((r) => r.status),
    ];
  });
  expect(statuses).toEqual([403, 403, 403, 403]);
  expect(((await (await fulcrum.api('/api/sources')).json()) as { sources: unknown[] }).sources).toEqual([]);
  expect(await (await fulcrum.api('/api/settings/mix-weights')).json()).not.toMatchObject({ apps: 9 });
  const users = await anonPage.goto('/settings/users');
  expect(users?.status()).toBe(403);
});

test('an admin creates a token, shown once, that works until revoked', async ({ page, fulcrum }) => {
  await page.goto('/settings/tokens');
  const form = page.getByRole('form', { name: 'Create token' });
  await form.getByLabel('Name').fill('grafana');
  await form.getByLabel('Role').selectOption('viewer');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByLabel('New token').textContent())!;
  expect(token).toMatch(/^fulcrum_/);
  const asToken = () => fetch(`${fulcrum.consoleUrl}/api/overview`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  expect(await asToken()).toBe(200);
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);
  await page.getByRole('button', { name: 'Revoke grafana' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'grafana' })).toContainText('revoked');
  expect(await asToken()).toBe(401);
});

test.describe('first start without FULCRUM_ADMIN_PASSWORD', () => {
  test.use({ env: { FULCRUM_ADMIN_PASSWORD: '' } });

  test('the random admin password is in an owner-only file and must be changed at first sign-in', async ({ page, fulcrum }) => {
    const file = path.join(fulcrum.dataDir, 'initial-admin-password');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const initial = fs.readFileSync(file, 'utf8').trim();
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel('Name').fill('admin');
    await page.getByLabel('Password').fill(initial);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('status')).toContainText('choose your own before you continue');
    // nothing else opens until the password is changed
    await page.goto('/overview');
    await expect(page).toHaveURL(/\/change-password$/);
    await page.getByLabel('Current password').fill(initial);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('New password again').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription('needs at least 10 characters');
    await page.getByLabel('New password', { exact: true }).fill('my-own-admin-pw');
    await page.getByLabel('New password again').fill('my-own-admin-pw');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    expect(fs.existsSync(file)).toBe(false);
    const basic = (pw: string) => ({ authorization: `Basic ${Buffer.from(`admin:${pw}`).toString('base64')}` });
    expect((await fetch(`${fulcrum.consoleUrl}/api/overview`, { headers: basic(initial) })).status).toBe(401);
    expect((await fetch(`${fulcrum.consoleUrl}/api/overview`, { headers: basic('my-own-admin-pw') })).status).toBe(200);
  });
});
