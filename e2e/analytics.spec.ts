// The analytics pages in Chromium against the running server with the emulated issue-181 cluster.
import fs from 'node:fs';
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181' } });

const shot = async (page: import('@playwright/test').Page, name: string) => {
  // for a person to look at; not committed (test-results/ is ignored)
  fs.mkdirSync('test-results/screens', { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
};

test('the Overview shows the issue-181 skew against the fair share', async ({ page, fulcrum }) => {
  test.setTimeout(120_000);
  const skew = await demoSkew(fulcrum);
  await page.goto('/overview');
  const maxMean = page.getByRole('listitem').filter({ hasText: 'Max / mean' });
  await expect(async () => {
    await expect(maxMean).toContainText(skew.maxMean, { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('listitem').filter({ hasText: "Jain's index" })).toContainText(skew.jain);
  await expect(page.getByRole('figure', { name: /Load per server/ })).toContainText('fair share 10.0');
  await expect(page.getByRole('region', { name: 'Apps by server' })).toContainText(`${skew.apps} apps · ${skew.share} of apps owned`);
  await expect(page.getByText(/Updated \d+ s ago/)).toBeVisible();
  // other measures and ranges answer too
  await page.getByLabel('Load measure').selectOption('workers');
  await expect(page.getByRole('listitem').filter({ hasText: 'Max / mean' })).toContainText('workers connected');
  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '7d' }).click();
  await expect(page.getByRole('figure', { name: /over time/ })).toBeVisible();
  await shot(page, 'overview');
});

test('a demo server stopped from the console shows on the Overview at its next refresh', async ({ page, fulcrum }) => {
  test.setTimeout(120_000);
  const skew = await demoSkew(fulcrum);
  await page.goto('/overview');
  const maxMean = page.getByRole('listitem').filter({ hasText: 'Max / mean' });
  await expect(async () => expect(maxMean).toContainText(skew.maxMean, { timeout: 2000 })).toPass({ timeout: 60_000 });
  const servers = (await (await fulcrum.api('/api/demo/servers')).json()) as { servers: { address: string }[] };
  const second = servers.servers[1]!.address;
  expect((await fulcrum.api(`/api/demo/servers/${encodeURIComponent(second)}/stop`, { method: 'POST' })).status).toBe(200);
  // no reload: the page refreshes itself every 5 s, the collector polls every 10 s
  await expect(page.getByText(`Left out of the figures (down or stale): ${second}`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: second }) }).getByText('down', { exact: true })).toBeVisible();
});

test('Workers: filters, sorting and paging live in the URL, survive a reload, and export as CSV', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/workers');
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('table')).toContainText('55 workers', { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 1 of 2');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(1 + 5);

  await page.getByLabel('Tag').fill('blue');
  await expect(page).toHaveURL(/tag=blue/);
  await expect(page).not.toHaveURL(/page=2/);
  const caption = page.getByRole('table').locator('caption');
  // the URL changes before the filtered answer arrives: wait for the count to leave the unfiltered 55
  await expect(caption).not.toHaveText('55 workers');
  await expect(caption).toHaveText(/^\d+ workers$/);
  const blue = Number((await caption.textContent())!.split(' ')[0]);
  expect(blue).toBeGreaterThan(5);
  expect(blue).toBeLessThan(55);
  await page.getByRole('button', { name: 'Worker' }).click(); // sorted ascending by address already: now descending
  await expect(page).toHaveURL(/order=desc/);

  await page.reload();
  await expect(page.getByLabel('Tag')).toHaveValue('blue');
  await expect(caption).toHaveText(`${blue} workers`);
  const firstRow = page.getByRole('table').getByRole('row').nth(1);
  const firstAddress = (await firstRow.getByRole('rowheader').textContent())!;

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  expect(csv[0]).toMatch(/^worker,app,app_id,server,status/);
  expect(csv).toHaveLength(1 + blue);
  expect(csv[1]!.startsWith(firstAddress)).toBe(true);
  expect(csv.slice(1).every((line) => line.split(',')[7] === 'blue')).toBe(true);
  await shot(page, 'workers');
});

test('Apps and server detail show which server owns what', async ({ page, fulcrum }) => {
  test.setTimeout(120_000);
  const skew = await demoSkew(fulcrum);
  await page.goto('/apps');
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('table')).toContainText('20 apps', { timeout: 2000 });
  }).toPass({ timeout: 60_000 });
  await shot(page, 'apps');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
  const first = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('rowheader', { name: skew.first }) }).getByRole('link');
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Server ${skew.first}`);
  await expect(page.getByRole('table').filter({ hasText: `${skew.apps} apps` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Binding history' })).toBeVisible();
  await shot(page, 'server');
});
