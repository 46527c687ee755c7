// The default start: an emulated PowerJob cluster shows PowerJob's skew within a minute, says it
// is a demo, and its fault buttons move apps the way PowerJob does.
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181' } });

test('shows the issue-181 skew, marked as a demo, and a stopped server hands its apps over', async ({ page, fulcrum }) => {
  test.setTimeout(120_000);
  await page.goto('/servers');
  await expect(page.getByRole('note', { name: 'Demo cluster' })).toContainText('emulated PowerJob cluster');
  // the collector polls every 10 s: the skew appears within a minute of the start
  const { first, share } = await demoSkew(fulcrum);
  const rows = page.getByRole('table').getByRole('row');
  await expect(async () => {
    await page.reload();
    await expect(rows.filter({ has: page.getByRole('rowheader', { name: first }) })).toContainText(share, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });

  await page.getByRole('button', { name: `Stop ${first}` }).click();
  await expect(page.getByRole('button', { name: `Start ${first}` })).toBeVisible();
  // its workers re-discover within 10 s and the other server takes every app; the stopped one shows down
  await expect(async () => {
    await page.reload();
    const row = rows.filter({ has: page.getByRole('rowheader', { name: first }) });
    await expect(row.getByText('down', { exact: true })).toBeVisible({ timeout: 1000 });
    await expect(rows.filter({ hasText: '100%' })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
});
