// The large demo (50 servers, 2,000 apps, 20,000 workers) in Chromium: the collector signs in to
// the emulated 5.1 servers, so every server reports without errors and apps have names; the
// Overview's load chart keeps one readable label per server (horizontal, paged) with the fair share.
import { expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'large' } });

test('the large demo: servers without login errors, app names, and an Overview readable at 50 servers', async ({ page, fulcrum }) => {
  test.setTimeout(300_000);
  // every server reports, and the collector's login gave app names (not bare ids)
  await expect(async () => {
    const o = (await (await fulcrum.api('/api/overview?measure=apps')).json()) as { servers: { health: string; statusReason: string | null }[]; apps: { appName: string | null }[] };
    expect(o.servers.length).toBe(50);
    expect(o.servers.filter((s) => s.health === 'up').length).toBe(50);
    expect(o.apps.length).toBeGreaterThan(1500);
    expect(o.apps.filter((a) => a.appName === null).length).toBe(0);
  }).toPass({ timeout: 180_000, intervals: [3000] });
  const sources = (await (await fulcrum.api('/api/sources')).json()) as { sources: { address: string; lastError: string | null; loggedIn: boolean }[] };
  expect(sources.sources.filter((s) => s.lastError !== null).map((s) => `${s.address}: ${s.lastError}`)).toEqual([]);
  expect(sources.sources.every((s) => s.loggedIn)).toBe(true);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/overview');
  const chart = page.getByRole('figure', { name: /Load per server/ });
  await expect(chart).toHaveAttribute('data-layout', 'horizontal');
  await expect(chart.getByRole('navigation', { name: 'Servers in the chart' })).toContainText('Servers 1–25 of 50');
  await expect(chart).toContainText('fair share');
  // one label per bar, none overlapping the next
  const boxes = async () =>
    chart
      .locator('.recharts-cartesian-axis-tick-value')
      .evaluateAll((els) => els.filter((e) => /:\d+$/.test(e.textContent ?? '')).map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })));
  await expect.poll(async () => (await boxes()).length, { timeout: 30_000 }).toBe(25);
  const labels = (await boxes()).sort((a, b) => a.top - b.top);
  for (let i = 1; i < labels.length; i++) expect(labels[i]!.top, `label ${i} starts below label ${i - 1}`).toBeGreaterThanOrEqual(labels[i - 1]!.bottom - 0.5);
  await chart.getByRole('button', { name: 'Less busy' }).click();
  await expect(chart.getByRole('navigation', { name: 'Servers in the chart' })).toContainText('Servers 26–50 of 50');

  // apps by server: one line per server, the first 20 shown, search narrows to the servers holding a match
  const binding = page.getByRole('region', { name: 'Apps by server' });
  await expect(binding.locator('details')).toHaveCount(20);
  await binding.getByRole('button', { name: 'Show all 50 servers' }).click();
  await expect(binding.locator('details')).toHaveCount(50);
  const oneApp = (await binding.locator('summary .top').first().textContent())!.replace(/^top: /, '').split(' ')[0]!;
  await binding.getByLabel('Find an app').fill(oneApp);
  await expect(binding.getByRole('status')).toContainText('on 1 server');
  await expect(binding.locator('details')).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // the servers page: no server row says it was refused
  await page.goto('/servers');
  await expect(page.getByRole('table')).toContainText('50 servers');
  await expect(page.getByRole('table')).not.toContainText('not login');
});
