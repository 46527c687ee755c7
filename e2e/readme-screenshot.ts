// Regenerates the README screenshot (docs/screenshot.png): npm run screenshot. Not part of npm test.
import fs from 'node:fs';
import { expect, test } from './fixtures.ts';

test('README screenshot of the Servers page', async ({ page, fulcrum }) => {
  const example = JSON.parse(fs.readFileSync('docs/ingest.example.json', 'utf8'));
  // fresh times, so the screenshot shows live data
  const now = Date.now();
  for (const s of example.servers) s.observedAt = now;
  for (const w of example.servers[0].apps[0].workers) w.lastActiveTime = now - 2000;
  for (const h of example.heartbeats) h.heartbeatTime = now - 1000;
  expect(await fulcrum.ingest(example)).toBe(200);
  await page.setViewportSize({ width: 1280, height: 560 });
  await page.goto('/servers');
  // workers are counted by a background fold a few seconds after the ingest: wait until the row
  // shows them (apps owned and workers connected both read 2), or the image undercounts
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '10.0.0.5:7700' }) });
  await expect(async () => {
    await page.reload();
    await expect(row.getByRole('cell', { name: '2', exact: true })).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
});
