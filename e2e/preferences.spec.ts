// An operator's own console in Chromium: the users and tokens forms answer beside their fields in
// both languages, the language and colour scheme chosen once follow the user to a fresh browser,
// the colour scheme switch, and counts said in the singular when there is one.
import { ADMIN_PASSWORD, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'off' } });

test('users and tokens forms put the API errors beside their fields, marked for assistive technology', async ({ page }) => {
  await page.goto('/settings/users');
  const form = page.getByRole('form', { name: 'Add user' });
  const name = form.getByLabel('Name');
  const password = form.getByLabel('Initial password');
  await name.fill('not a name!');
  await password.fill('short');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(name, 'the name field marked invalid').toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/is not in the expected format/);
  await expect(password, 'the password field marked invalid').toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/needs at least 10 characters/);
  await expect(form.getByLabel('Role')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toHaveText('Nothing was saved: correct the marked fields.');

  // a refusal that names a field (the name is taken) stands beside that field too
  await name.fill('admin');
  await password.fill('a-long-enough-password');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(name).toHaveAccessibleDescription(/A user named admin exists already\./);
  await expect(password, 'the password is no longer marked').not.toHaveAttribute('aria-invalid', 'true');

  await page.goto('/settings/tokens');
  const tokens = page.getByRole('form', { name: 'Create token' });
  await tokens.getByRole('button', { name: 'Create token' }).click();
  await expect(tokens.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(tokens.getByLabel('Name')).toHaveAccessibleDescription('is required');
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the same errors in Chinese, and the last admin refused in Chinese', async ({ page }) => {
    await page.goto('/settings/users');
    const form = page.getByRole('form', { name: '添加用户' });
    await form.getByLabel('名称').fill('not a name!');
    await form.getByLabel('初始密码').fill('short');
    await form.getByRole('button', { name: '添加用户' }).click();
    await expect(form.getByLabel('名称')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel('名称')).toHaveAccessibleDescription(/格式不正确/);
    await expect(form.getByLabel('初始密码')).toHaveAccessibleDescription(/至少需要 10 个字符/);
    await expect(page.getByRole('alert').filter({ hasText: '未保存' })).toHaveText('未保存：请修正标出的字段。');
    // a 409 from the API said by its code: demoting the only admin
    await page.getByLabel('admin 的角色').selectOption('viewer');
    await expect(page.getByRole('alert').filter({ hasText: '最后一个管理员' })).toHaveText('这是最后一个管理员：请先将另一位用户设为管理员。');

    await page.goto('/settings/tokens');
    const tokens = page.getByRole('form', { name: '创建令牌' });
    await tokens.getByRole('button', { name: '创建令牌' }).click();
    await expect(tokens.getByLabel('名称')).toHaveAccessibleDescription('不能为空');
  });

  test('a page that cannot load says why in Chinese, by the code of the problem it was answered', async ({ page }) => {
    // a real refusal: no such rollout (404, rollout-not-found with its id)
    await page.goto('/rollouts/ro-nowhere');
    await expect(page.getByRole('alert').filter({ hasText: '无法加载灰度发布' })).toHaveText('无法加载灰度发布：没有灰度发布 ro-nowhere。');
    // a refusal the console cannot provoke at will: the audit log's data answered 503 not-ready
    await page.route('**/api/audit?**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'https://fulcrum.dev/problems/503', title: 'Service Unavailable', status: 503, detail: 'starting', code: 'not-ready' }),
      }),
    );
    await page.goto('/audit');
    await expect(page.getByRole('alert').filter({ hasText: '无法加载审计日志' })).toHaveText('无法加载审计日志：Fulcrum 仍在启动，请稍后再试。');
    // the English detail is not what it shows
    await expect(page.getByText('starting', { exact: true })).toHaveCount(0);
  });

  test('one rollout is counted in Chinese as in English', async ({ page, fulcrum }) => {
    const res = await fulcrum.api('/api/rollouts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'one', candidate: { kind: 'rendezvous' }, steps: [{ percent: 10, pause: { manual: true } }] }) });
    expect(res.status, 'the rollout is created').toBe(201);
    await page.goto('/rollouts');
    await expect(page.getByRole('table').getByText('1 个灰度发布，最新的在前')).toBeVisible();
    await page.getByRole('group', { name: '当前用户' }).getByLabel('语言').selectOption('en');
    await expect(page.getByRole('table').getByText('1 rollout, newest first', { exact: true })).toBeVisible();
    // the follow rate's look-back of 168 hours, said as days
    await expect(page.getByText(/in the last 7 days\./)).toBeVisible();
  });
});

test("a user's language and colour scheme follow them to a fresh browser", async ({ page, browser, baseURL }) => {
  await page.goto('/overview');
  const menu = page.getByRole('group', { name: 'Signed in' });
  await menu.getByLabel('Colour scheme').selectOption('dark');
  await expect(page.locator('html'), 'the dark scheme applies at once').toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor), { message: 'the page turns dark' }).toBe('rgb(18, 21, 27)');
  await menu.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '概览' })).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // another browser, English by Accept-Language, with none of this one's cookies
  const fresh = await browser.newContext({ baseURL, locale: 'en-US', colorScheme: 'light' });
  try {
    const other = await fresh.newPage();
    await other.goto('/overview');
    await expect(other.getByRole('heading', { level: 1, name: 'Sign in' }), 'a new browser starts in its own language').toBeVisible();
    await other.getByLabel('Name').fill('admin');
    await other.getByLabel('Password').fill(ADMIN_PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('heading', { level: 1, name: '概览' }), "the user's language, kept on the user").toBeVisible();
    await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(other.getByRole('group', { name: '当前用户' }).getByLabel('配色')).toHaveValue('dark');
    // signed out, this browser's sign-in page now speaks the user's language too
    await other.getByRole('button', { name: '退出登录' }).click();
    await expect(other.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  } finally {
    await fresh.close();
  }

  // and back to the system's scheme, light in this browser
  await page.getByRole('group', { name: '当前用户' }).getByLabel('配色').selectOption('system');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor), { message: 'the page follows the light system scheme' }).toBe('rgb(246, 247, 249)');
});
