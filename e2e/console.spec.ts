// The console for operators in Chromium: in Chinese from a zh-CN browser and after switching, no
// page wider than the window at 768 and 1440 px, field-level errors in both languages, the rule
// editor from the keyboard, and the rollout detail offering only what its state allows.
import type { Page } from '@playwright/test';
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s' } });

/** How far the page is wider than its window (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('a zh-CN browser gets the console in Chinese; switching to English is kept across pages and reloads', async ({ page }) => {
    await page.goto('/overview');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '概览' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link')).toHaveText(['概览', '服务器', '应用', '执行器', '告警', '策略', '灰度发布', '审计日志', '设置']);
    // figures and dates in Chinese too
    await expect(page.getByRole('list', { name: '均衡指标' }).getByRole('listitem').first()).toContainText('最大/平均', { timeout: 30_000 });
    await nav.getByRole('link', { name: '灰度发布' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '灰度发布' })).toBeVisible();
    await expect(page.getByText('还没有灰度发布')).toBeVisible();

    await page.getByRole('group', { name: '当前用户' }).getByLabel('语言').selectOption('en');
    await expect(page.getByRole('heading', { level: 1, name: 'Rollouts' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Rollouts' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();

    // and back to Chinese, by choice this time
    await page.getByRole('group', { name: 'Signed in' }).getByLabel('Language').selectOption('zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '服务器' })).toBeVisible();
  });

  test('the sign-in page follows the browser', async ({ anonPage }) => {
    await anonPage.goto('/sign-in');
    await expect(anonPage.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    await expect(anonPage.getByLabel('用户名')).toBeVisible();
  });

  test.describe('in Shanghai', () => {
    test.use({ timezoneId: 'Asia/Shanghai' });

    test('dates say their time zone: UTC until the operator picks the browser\'s own', async ({ page }) => {
      await page.goto('/settings/sources');
      await page.getByLabel('PowerJob 服务器 Web 地址').fill('127.0.0.1:17991');
      await page.getByRole('button', { name: '添加数据源' }).click();
      await page.goto('/audit');
      const when = page.getByRole('table').getByRole('row').nth(1).getByRole('cell').first();
      await expect(when).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2} UTC$/);
      await page.getByRole('group', { name: '当前用户' }).getByLabel('时区').selectOption('Asia/Shanghai');
      await expect(when).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2} GMT\+8$/);
      await page.reload();
      await expect(when).toHaveText(/GMT\+8$/);
    });
  });
});

test('an English browser (and one with no preference) gets English', async ({ page, anonPage }) => {
  await page.goto('/overview');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const res = await anonPage.request.get('/sign-in', { headers: { 'accept-language': '' } });
  expect(await res.text()).toContain('<html lang="en"');
  const zh = await anonPage.request.get('/sign-in', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
  expect(await zh.text()).toContain('<html lang="zh-CN"');
  // the small ones: an icon, and /settings opens its first tab
  const icon = await anonPage.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/icon/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/settings\/sources$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  // the sign-in page fits a narrow window too
  for (const width of [1440, 768]) {
    await anonPage.setViewportSize({ width, height: 900 });
    await anonPage.goto('/sign-in');
    await expect(anonPage.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(await overflow(anonPage)).toBeLessThanOrEqual(0);
  }
});

test('no page is wider than the window at 768 and 1440 px, and the menu folds at 768', async ({ page, fulcrum }) => {
  test.setTimeout(300_000);
  const skew = await demoSkew(fulcrum);
  // something on every page: a rule, a silence, a contact point, a rollout, audit entries
  await fulcrum.api('/api/alert-rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Skewed cluster with a long name to see how it wraps', series: { metric: 'maxMean', measure: 'apps' }, comparator: '>', threshold: 1.3, forSeconds: 10, severity: 'warning', description: 'a long description {{value}} '.repeat(5) }) });
  const created = (await (await fulcrum.api('/api/rollouts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'spread the first ten apps over both servers', candidate: { kind: 'bounded-load', params: { epsilon: 0.25 } }, selector: { apps: { include: ['app-0*'] } }, steps: [{ percent: 10, pause: { manual: true } }, { percent: 100, pause: { manual: true } }], guardrails: [{ kind: 'fairness', metric: 'maxMean', threshold: 1.8, action: 'pause' }] }) })).json()) as { id: string };
  await fulcrum.api('/api/sources', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address: '127.0.0.1:17993' }) });
  const pages = ['/overview', '/servers', `/servers/${encodeURIComponent(skew.first)}`, '/apps', '/workers', '/alerts', '/strategies', '/rollouts', '/rollouts/new', `/rollouts/${created.id}`, '/audit', '/settings/sources', '/settings/measures', '/settings/users', '/settings/tokens'];
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // wait for the page's data (tables, charts) before measuring
      await expect(page.getByText(/Loading|加载中/)).toHaveCount(0, { timeout: 30_000 });
      await expect.poll(() => overflow(page), { message: `${path} at ${width} px is wider than the window` }).toBeLessThanOrEqual(0);
    }
  }
  // at 768 the navigation is behind the Menu button, and opens from the keyboard
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Apps' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});

for (const lang of [
  { locale: 'en-US', newRule: 'New rule', threshold: 'Threshold', maxMean: 'max/mean is never below 1', steps: 'Steps', stepsDown: 'step percents must not go down', guard: 'Guardrail: max/mean above', create: 'Create rollout', name: 'Name' },
  { locale: 'zh-CN', newRule: '新建规则', threshold: '阈值', maxMean: '最大/平均值不会低于 1', steps: '步骤', stepsDown: '各步骤的百分比不能下降', guard: '护栏：最大/平均值高于', create: '创建灰度发布', name: '名称' },
]) {
  test.describe(`field errors in ${lang.locale}`, () => {
    test.use({ locale: lang.locale });

    test(`errors stand beside their fields, marked invalid, in ${lang.locale}`, async ({ page }) => {
      await page.goto('/alerts');
      await page.getByRole('button', { name: lang.newRule }).click();
      const editor = page.getByRole('region', { name: lang.newRule });
      const threshold = editor.getByRole('spinbutton', { name: new RegExp(`^${lang.threshold}`) });
      await threshold.fill('0.5');
      await expect(threshold).toHaveAttribute('aria-invalid', 'true');
      const describedBy = (await threshold.getAttribute('aria-describedby'))!;
      await expect(page.locator(`[id="${describedBy}"]`)).toContainText(lang.maxMean);
      await threshold.fill('1.5');
      await expect(threshold).not.toHaveAttribute('aria-invalid', 'true');

      // the API's errors, by their path, on the rollout form's fields
      await page.goto('/rollouts/new');
      await page.getByLabel(lang.name, { exact: true }).fill('down and up');
      await page.getByRole('textbox', { name: new RegExp(`^${lang.steps}`) }).fill('50% manual, 10% manual');
      await page.getByRole('textbox', { name: new RegExp(`^${lang.guard}`) }).fill('0.8');
      await page.getByRole('button', { name: lang.create }).click();
      const steps = page.getByRole('textbox', { name: new RegExp(`^${lang.steps}`) });
      await expect(steps).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator(`[id="ro-steps-error"]`)).toContainText(lang.stepsDown);
      const guard = page.getByRole('textbox', { name: new RegExp(`^${lang.guard}`) });
      await expect(guard).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('[id="ro-maxMean-error"]')).toContainText(lang.maxMean);
      // focus went to the first field in error
      await expect(steps).toBeFocused();
    });
  });
}

test('the rule editor from the keyboard: focus moves in, Escape closes it and gives focus back', async ({ page }) => {
  await page.goto('/alerts');
  const newRule = page.getByRole('button', { name: 'New rule' });
  await newRule.focus();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('region', { name: 'New rule' });
  await expect(editor.getByLabel('Name')).toBeFocused();
  await page.keyboard.type('typed from the keyboard');
  await page.keyboard.press('Tab');
  await expect(editor.getByLabel('Metric')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(newRule).toBeFocused();
  // a skip link leads past the navigation
  await page.goto('/overview');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('the rollout detail offers only the actions its state allows, says its spec, and confirms an abort in the page', async ({ page, fulcrum }) => {
  test.setTimeout(180_000);
  await demoSkew(fulcrum);
  const created = (await (await fulcrum.api('/api/rollouts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'only what applies', candidate: { kind: 'least-loaded' }, selector: { apps: { include: ['app-0*'] } }, steps: [{ percent: 100, pause: { manual: true } }], guardrails: [{ kind: 'fairness', metric: 'maxMean', threshold: 1.9, action: 'abort' }], moves: { enabled: true, perMinute: 60 } }) })).json()) as { id: string };
  await page.goto(`/rollouts/${created.id}`);
  const controls = page.getByRole('group', { name: 'Controls' });
  await expect(controls.getByRole('button')).toHaveText(['Start']);
  const spec = page.getByRole('definition');
  await expect(page.getByLabel('What this rollout does')).toContainText('apps app-0*');
  await expect(page.getByLabel('What this rollout does')).toContainText('Max / mean > 1.9 → abort');
  await expect(page.getByLabel('What this rollout does')).toContainText('at most 60 a minute');
  await expect(spec.first()).toBeVisible();
  await controls.getByRole('button', { name: 'Start' }).click();
  await expect(controls.getByRole('button')).toHaveText(['Pause', 'Promote', 'Promote to 100%', 'Abort']);
  // the cohort's apps move; an abort says which ones go back, and Cancel does nothing
  await expect(page.getByRole('table').filter({ hasText: /\d+ moves/ })).toContainText(/moved|verified/, { timeout: 90_000 });
  await controls.getByRole('button', { name: 'Abort' }).click();
  const dialog = page.getByRole('dialog', { name: 'Abort only what applies?' });
  await expect(dialog).toContainText(/move back to the servers they came from|moves back to the server it came from/);
  await expect(dialog.getByRole('listitem').first()).toContainText('app-0');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('running');
  await controls.getByRole('button', { name: 'Abort' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Abort' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('aborted');
  await expect(controls.getByRole('button')).toHaveText(['Retry']);
});

test('the Servers page refreshes itself: a stopped server shows down without a reload', async ({ page, fulcrum }) => {
  test.setTimeout(120_000);
  const skew = await demoSkew(fulcrum);
  await page.goto('/servers');
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: skew.first }) });
  await expect(row.getByText('up', { exact: true })).toBeVisible();
  expect((await fulcrum.api(`/api/demo/servers/${encodeURIComponent(skew.first)}/stop`, { method: 'POST' })).status).toBe(200);
  // no reload: the page re-renders every 5 s, the collector polls every 10 s
  await expect(row.getByText('down', { exact: true })).toBeVisible({ timeout: 40_000 });
});
