// Alerts in Chromium against the emulated issue-181 cluster: an operator writes a max/mean rule in
// the threshold editor, sees the threshold line and the backtest count while typing, saves it, and
// watches it fire on the Alerts page and on the Overview.
import fs from 'node:fs';
import { expect, test } from './fixtures.ts';

// samples and evaluations every 2 s so the rule fires within the test's time
test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_SAMPLE_INTERVAL: '2s', FULCRUM_ALERT_EVAL_INTERVAL: '2s', FULCRUM_COLLECT_INTERVAL: '2s' } });

test('an operator creates a max/mean rule, sees its backtest, saves it and watches it fire', async ({ page }) => {
  test.setTimeout(180_000);
  // the demo's skew (max/mean 1.50) is on the Overview once collected
  await page.goto('/overview');
  await expect(async () => expect(page.getByRole('listitem').filter({ hasText: 'Max / mean' })).toContainText('1.50', { timeout: 2000 })).toPass({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Firing alerts' })).toHaveCount(0);

  await page.goto('/alerts');
  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByRole('region', { name: 'New rule' });
  await editor.getByLabel('Name').fill('Skewed cluster');
  await editor.getByLabel('Metric').selectOption('maxMean');
  await editor.getByLabel('Load measure').selectOption('apps');
  await editor.getByLabel('Comparator').selectOption('>');
  // while typing, the threshold line follows the field
  await editor.getByLabel('Threshold', { exact: true }).fill('1.8');
  const chart = editor.getByRole('figure', { name: 'Watched series with threshold' });
  await expect(chart).toContainText('threshold 1.8');
  await expect(editor.getByRole('status', { name: 'Backtest' })).toContainText('Would have fired 0 times in the last 24 h');
  await editor.getByLabel('Threshold', { exact: true }).fill('1.4');
  await editor.getByLabel('Recovery threshold').fill('1.2');
  await editor.getByLabel('Pending for (s)').fill('6');
  await expect(chart).toContainText('threshold 1.4');
  await expect(chart).toContainText('recovery 1.2');
  // 1.5 > 1.4 for longer than 6 s in the stored samples: it would have fired once
  await expect(editor.getByRole('status', { name: 'Backtest' })).toContainText('Would have fired 1 time in the last 24 h', { timeout: 30_000 });
  fs.mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: 'test-results/screens/alerts-editor.png', fullPage: true });
  await editor.getByRole('button', { name: 'Save rule' }).click();

  const row = page.getByRole('region', { name: 'Rules' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Skewed cluster' }) });
  await expect(row).toContainText('> 1.4, recovers past 1.2, for 6s');
  // pending, then firing, with the value the charts show
  await expect(row.getByText('firing', { exact: true })).toBeVisible({ timeout: 40_000 });
  await expect(row).toContainText('1.500');
  await expect(page.getByRole('region', { name: 'Active alerts' }).getByRole('row').filter({ hasText: 'Skewed cluster' })).toContainText('firing');
  await expect(page.getByRole('region', { name: 'History' })).toContainText('pending → firing');
  await page.screenshot({ path: 'test-results/screens/alerts-firing.png', fullPage: true });

  await page.goto('/overview');
  await expect(page.getByRole('region', { name: 'Firing alerts' })).toContainText('Skewed cluster: 1.500');
});
