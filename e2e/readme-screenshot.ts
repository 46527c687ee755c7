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
  await expect(page.getByRole('rowheader', { name: '10.0.0.5:7700' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
});
