// A rollout by workers in Chromium: the creation form's preview promises the workers' max/mean at
// 100 %, the rollout makes its moves on the issue-181 demo (apps of 1 to 4 workers, three quarters
// of them on one server), and the Overview's workers figures and servers table then show that spread.
import { expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s', FULCRUM_COLLECT_INTERVAL: '2s' } });

type Overview = { fairness: { maxMean: number }; servers: { address: string; health: string; workersConnected: number }[] };

test('a rollout by workers evens the workers the preview said it would', async ({ page, fulcrum }) => {
  test.setTimeout(480_000);
  const overview = async () => (await (await fulcrum.api('/api/overview?measure=workers')).json()) as Overview;
  // every demo app collected with its workers, unchanged over two readings, before the preview reads it
  let last = '';
  await expect
    .poll(
      async () => {
        const apps = (await (await fulcrum.api('/api/apps?pageSize=100')).json()) as { total: number };
        const o = await overview();
        const now = JSON.stringify([apps.total, o.servers.map((s) => [s.address, s.health, s.workersConnected])]);
        const stable = apps.total === 20 && o.servers.every((s) => s.health === 'up') && now === last;
        last = now;
        return stable;
      },
      { timeout: 90_000, intervals: [2_000], message: 'twenty demo apps collected and the workers per server unchanged over two readings' },
    )
    .toBe(true);
  const before = await overview();
  expect(before.fairness.maxMean, 'the demo skewed by workers to begin with').toBeGreaterThan(1.2);

  await page.goto('/rollouts/new');
  await page.getByLabel('Name', { exact: true }).fill('even out workers');
  await page.getByLabel('Candidate strategy').selectOption('least-loaded');
  await page.getByLabel('Balance by').selectOption({ label: 'workers connected' });
  await page.getByLabel('Steps').fill('100% manual');
  await page.getByLabel("Move cohort apps to the candidate's choice").check();
  await page.getByLabel('Moves per minute').fill('60');
  await page.getByRole('button', { name: 'Preview' }).click();
  const steps = page.getByRole('table').filter({ hasText: 'The plan step by step' });
  const last100 = steps.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '100%' }) });
  await expect(last100).toBeVisible();
  const promised = (await last100.getByRole('cell').nth(1).textContent())!.trim();
  const moved = Number((await last100.getByRole('cell').nth(2).textContent())!.trim());
  expect(Number(promised), 'the preview promises a better workers spread than now').toBeLessThan(before.fairness.maxMean);
  expect(moved, 'the preview moves apps').toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Create rollout' }).click();
  await expect(page.getByRole('heading', { name: /Rollout even out workers/ })).toContainText('draft');
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('group', { name: 'Controls' }).getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { name: /Rollout even out workers/ })).toContainText('running');

  // the moves the preview listed, made and verified (every worker of each moved app on its new owner)
  await expect
    .poll(
      async () => {
        const r = (await (await fulcrum.api(`/api/rollouts/${id}`)).json()) as { moves: { status: string }[] };
        return `${r.moves.filter((m) => m.status === 'verified').length} verified of ${r.moves.length}`;
      },
      { timeout: 360_000, intervals: [3_000], message: `the rollout's ${moved} moves made and verified` },
    )
    .toBe(`${moved} verified of ${moved}`);

  // the Overview by workers: the max/mean the preview promised, and the servers table's workers add up to it
  await page.goto('/overview');
  await page.getByLabel('Load measure').selectOption({ label: 'workers connected' });
  const card = page.getByRole('list', { name: 'Fairness figures' }).getByRole('listitem').filter({ hasText: 'Max / mean' });
  await expect(card, `the workers' max/mean the preview promised (${promised})`).toContainText(promised, { timeout: 30_000 });
  await expect(page.getByRole('figure', { name: 'Load per server (workers connected) with the fair share' })).toBeVisible();
  const rows = page.getByRole('table').filter({ hasText: 'Workers connected' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const workers = await Promise.all((await rows.all()).map(async (r) => Number(await r.getByRole('cell').nth(4).textContent())));
  const total = workers.reduce((a, b) => a + b, 0);
  expect((Math.max(...workers) / (total / workers.length)).toFixed(2), `workers per server ${workers.join(', ')}`).toBe(promised);
});
