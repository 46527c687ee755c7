// Regenerates the screenshots in docs/: npm run screenshot. Not part of npm test.
// docs/screenshot.png: the README's Overview on the emulated PowerJob issue-181 cluster (15 of 20
// apps on the first server). docs/screenshots/: the Overview, a rollout and the alert editor in
// English and Chinese at 1440 and 768 px wide.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s' } });

test('README screenshot of the Overview', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/overview');
  // the skew, once the collector has reported it
  await expect(async () => {
    await expect(page.getByRole('listitem').filter({ hasText: 'Max / mean' })).toContainText('1.50', { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('figure', { name: /Load per server/ })).toContainText('fair share 10.0');
  // a minute of history, so the chart over time has a line to draw
  await page.waitForTimeout(60_000);
  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: 'Max / mean' })).toContainText('1.50');
  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '15m' }).click();
  await expect(page.getByRole('figure', { name: /over time/ })).toBeVisible();
  await page.waitForTimeout(2000);
  await page.screenshot({ path: 'docs/screenshot.png', fullPage: false });
});

const LANGS = [
  { locale: 'en', overview: 'Overview', figures: 'Fairness figures', newRule: 'New rule', threshold: 'Threshold', backtest: 'Backtest', controls: 'Controls' },
  { locale: 'zh-CN', overview: '概览', figures: '均衡指标', newRule: '新建规则', threshold: '阈值', backtest: '回测', controls: '操作' },
];
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 768, height: 1024 },
];

async function shoot(page: Page, name: string) {
  // charts draw after their container is measured; give the frame a moment to settle
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
}

test('screenshots of the Overview, a rollout and the alert editor in both languages at 1440 and 768 px', async ({ page, fulcrum, baseURL }) => {
  test.setTimeout(420_000);
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await demoSkew(fulcrum);
  const json = { 'content-type': 'application/json' };
  const created = (await (
    await fulcrum.api('/api/rollouts', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        name: 'balance the first ten apps',
        candidate: { kind: 'least-loaded' },
        selector: { apps: { include: ['app-0*'] } },
        steps: [{ percent: 10, pause: { seconds: 600 } }, { percent: 50, pause: { manual: true } }, { percent: 100, pause: { manual: true } }],
        guardrails: [{ kind: 'fairness', metric: 'maxMean', threshold: 1.8, action: 'abort' }],
        moves: { enabled: true, perMinute: 60 },
      }),
    })
  ).json()) as { id: string };
  await fulcrum.api(`/api/rollouts/${created.id}/start`, { method: 'POST', headers: json, body: '{}' });
  await fulcrum.api(`/api/rollouts/${created.id}/promote`, { method: 'POST', headers: json, body: '{}' });
  // a minute of samples, so the charts over time have lines
  await page.waitForTimeout(60_000);
  for (const lang of LANGS) {
    await page.context().addCookies([{ name: 'fulcrum-locale', value: lang.locale, url: baseURL! }]);
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      const tag = `${lang.locale}-${size.width}`;
      await page.goto('/overview');
      await expect(page.getByRole('list', { name: lang.figures }).getByRole('listitem').first()).toBeVisible();
      await shoot(page, `overview-${tag}`);
      await page.goto(`/rollouts/${created.id}`);
      await expect(page.getByRole('group', { name: lang.controls })).toBeVisible();
      await expect(page.getByRole('figure').first()).toBeVisible();
      await shoot(page, `rollout-${tag}`);
      await page.goto('/alerts');
      await page.getByRole('button', { name: lang.newRule }).click();
      const editor = page.getByRole('region', { name: lang.newRule });
      await editor.getByRole('spinbutton', { name: new RegExp(`^${lang.threshold}`) }).fill('1.3');
      await expect(editor.getByRole('status', { name: lang.backtest })).toContainText(/\d/, { timeout: 30_000 });
      await editor.scrollIntoViewIfNeeded();
      await shoot(page, `alert-editor-${tag}`);
    }
  }
});
