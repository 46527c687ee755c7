// Regenerates the README screenshot (docs/screenshot.png): npm run screenshot. Not part of npm test.
// The Overview on the emulated PowerJob issue-181 cluster: 15 of 20 apps on the first server.
import { expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181' } });

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
