// The Strategies page in Chromium: the catalogue, and the preview on the live demo cluster and on
// the synthetic scenarios.
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181' } });

test('previews strategies on the live demo cluster and on every synthetic scenario', async ({ page, fulcrum }) => {
  test.setTimeout(150_000);
  // wait for the collector to have the demo's apps
  const skew = await demoSkew(fulcrum);
  await page.goto('/strategies');
  const catalogue = page.getByRole('table').filter({ hasText: '9 strategies' });
  for (const kind of ['ordered', 'shuffle', 'rendezvous', 'bounded-load', 'least-loaded', 'zone-aware']) {
    await expect(catalogue.getByRole('rowheader', { name: kind, exact: true })).toBeVisible();
  }
  await page.getByLabel('Candidate strategy').selectOption('least-loaded');
  await page.getByRole('button', { name: 'Run preview' }).click();
  const results = page.getByRole('table').filter({ hasText: 'Predicted fairness and moves' });
  await expect(results.getByRole('rowheader', { name: 'current' })).toBeVisible();
  // the issue-181 skew now, and an even spread under least-loaded
  await expect(results.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'current' }) })).toContainText(skew.maxMean);
  await expect(results.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'least-loaded (rebalanced)' }) })).toContainText('1.00');
  await expect(page.getByText(/Live cluster: 2 servers, 20 apps/)).toBeVisible();
  // the fewest moves that even the demo out (n − 10, all off the busier server), listed with their load
  const moves = page.getByRole('table').filter({ hasText: 'Apps that would move' });
  await expect(moves.locator('caption')).toHaveText(`Apps that would move: ${skew.apps - 10}, load ${skew.apps - 10}`);
  for (const row of await moves.locator('tbody tr').all()) await expect(row).toContainText(`${skew.first} →`);

  // bad parameters are refused with the field named
  await page.getByLabel('Candidate strategy').selectOption('bounded-load');
  await page.getByLabel('Parameters (JSON)').fill('{"epsilon": -1}');
  await page.getByRole('button', { name: 'Run preview' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'invalid strategy' })).toContainText('candidate.params.epsilon');
  await page.getByLabel('Parameters (JSON)').fill('{}');

  for (const scenario of ['issue-181', 'zipf-8', 'weighted-8', 'join-8-9', 'leave-8-7', 'large']) {
    await page.getByRole('combobox', { name: 'Cluster', exact: true }).selectOption(scenario);
    await page.getByRole('button', { name: 'Run preview' }).click();
    await expect(page.getByText(new RegExp(`Scenario ${scenario}: \\d+ servers`))).toBeVisible({ timeout: 30_000 });
  }
});
