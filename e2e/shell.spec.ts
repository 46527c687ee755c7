// The console shell in Chromium: navigation, honest empty pages, ingested data on screen, and the not-found page.
import fs from 'node:fs';
import { expect, test } from './fixtures.ts';

const example = JSON.parse(fs.readFileSync('docs/ingest.example.json', 'utf8'));

// each page's empty state: a heading, or (where the page is a list with its own controls) a line of text
const PAGES = [
  { name: 'Overview', empty: 'No data yet: connect a cluster' },
  { name: 'Servers', empty: 'No servers yet' },
  { name: 'Apps', empty: 'No apps yet' },
  { name: 'Workers', empty: 'No workers yet' },
  { name: 'Alerts', emptyText: 'No rules yet.' },
  { name: 'Strategies', empty: 'Catalogue' },
  { name: 'Rollouts', emptyText: 'No rollouts yet' },
  { name: 'Audit', empty: 'Nothing changed yet' },
];

test('opens on the Overview and every page says plainly that it is empty', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText([...PAGES.map((p) => p.name), 'Settings']);
  for (const p of PAGES) {
    await nav.getByRole('link', { name: p.name }).click();
    await expect(page.getByRole('heading', { level: 1, name: p.name })).toBeVisible();
    await expect(nav.getByRole('link', { name: p.name })).toHaveAttribute('aria-current', 'page');
    if (p.empty) await expect(page.getByRole('heading', { name: p.empty })).toBeVisible();
    else await expect(page.getByText(p.emptyText!).first()).toBeVisible();
  }
  // the empty Overview tells how to connect a cluster, with the data plane's address
  await page.goto('/overview');
  await expect(page.getByText(/\/v1\/ingest/)).toBeVisible();
});

test('the navigation works from the keyboard', async ({ page }) => {
  await page.goto('/overview');
  const servers = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' });
  for (let i = 0; i < 10 && !(await servers.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(servers).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
});

test('shows ingested servers and workers, and old data as stale', async ({ page, fulcrum }) => {
  expect(await fulcrum.ingest(example)).toBe(200);
  await page.goto('/servers');
  const table = page.getByRole('table');
  await expect(table.getByRole('rowheader', { name: '10.0.0.5:7700' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: '10.0.0.6:7700' })).toBeVisible();
  // the example's data is old: its servers must not look healthy
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '10.0.0.5:7700' }) });
  await expect(row.getByText('stale', { exact: true })).toBeVisible();
  await expect(row.getByText('up', { exact: true })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workers' }).click();
  await expect(page.getByRole('rowheader', { name: '10.0.1.11:27777' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: '10.0.1.12:27777' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' }).click();
  await expect(page.getByRole('rowheader', { name: 'order-service' })).toBeVisible();

  // an ingested server is unconfirmed (not delivered to workers) until an operator confirms it on its page
  await page.goto(`/servers/${encodeURIComponent('10.0.0.5:7700')}`);
  await expect(page.getByRole('table').getByText('unconfirmed: not delivered to workers')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm this server' }).click();
  // asked in the page, not by the browser
  await page.getByRole('dialog', { name: 'Confirm 10.0.0.5:7700?' }).getByRole('button', { name: 'Confirm this server' }).click();
  await expect(page.getByRole('button', { name: 'Confirm this server' })).toHaveCount(0);
  await expect(page.getByRole('table').getByText('unconfirmed: not delivered to workers')).toHaveCount(0);

  // a server that left for good is forgotten from its page, after a confirmation; the other stays
  await page.goto(`/servers/${encodeURIComponent('10.0.0.6:7700')}`);
  await page.getByRole('button', { name: 'Forget this server' }).click();
  const asked = page.getByRole('dialog', { name: 'Forget 10.0.0.6:7700?' });
  await expect(asked).toContainText('its history stays');
  await asked.getByRole('button', { name: 'Forget this server' }).click();
  await expect(page).toHaveURL(/\/servers$/);
  await expect(page.getByRole('table').getByRole('rowheader', { name: '10.0.0.5:7700' })).toBeVisible();
  await expect(page.getByRole('table').getByRole('rowheader', { name: '10.0.0.6:7700' })).toHaveCount(0);
});

test('adds, edits and removes a collector source in Settings → Sources', async ({ page }) => {
  await page.goto('/settings/sources');
  await expect(page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  await expect(page.getByText('No sources yet')).toBeVisible();
  const input = page.getByLabel('PowerJob server web address');
  await input.fill('not an address');
  await page.getByRole('button', { name: 'Add source' }).click();
  // the refusal stands beside the field, which assistive technology is told is invalid
  await expect(input, 'the address field marked invalid').toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAccessibleDescription(/is not in the expected format/);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toHaveText('Nothing was saved: correct the marked fields.');
  await input.fill('127.0.0.1:17981');
  await page.getByRole('button', { name: 'Add source' }).click();
  await expect(page.getByRole('rowheader', { name: '127.0.0.1:17981' })).toBeVisible();
  // nothing listens there: the collector says so within a round or two
  await expect(page.getByRole('row').filter({ hasText: '127.0.0.1:17981' }).getByText(/ECONNREFUSED/)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Edit 127.0.0.1:17981' }).click();
  await page.getByLabel('New address for 127.0.0.1:17981').fill('127.0.0.1:17982');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('rowheader', { name: '127.0.0.1:17982' })).toBeVisible();
  await page.getByRole('button', { name: 'Remove 127.0.0.1:17982' }).click();
  await expect(page.getByText('No sources yet')).toBeVisible();

  // each change is in the audit log, newest first, and the log filters by action
  await page.getByRole('link', { name: 'Audit' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(4); // header + 3 changes
  await expect(rows.nth(1)).toContainText('source.remove');
  await expect(rows.nth(2)).toContainText('source.update');
  await expect(rows.nth(2)).toContainText('{"address":"127.0.0.1:17982"}');
  await expect(rows.nth(3)).toContainText('source.add');
  await page.getByLabel('Action').selectOption('source.update');
  await expect(rows).toHaveCount(2);
  await expect(page).toHaveURL(/action=source\.update/);
});

test('an address no page serves, and a server nobody knows, answer 404 in the console frame', async ({ page }) => {
  for (const path of ['/no-such-page', '/overview/no-such-part', `/servers/${encodeURIComponent('10.255.255.1:7700')}`]) {
    const res = await page.goto(path);
    expect(res?.status(), `${path} answers 404`).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' }), `${path} says it is not found`).toBeVisible();
    // the console's frame stays around it: the navigation, and the way back
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to the Overview' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  }
});
