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

  // before and after the plan per server: bars, and the same figures in the table (n → 10 on the busier server)
  await expect(page.getByRole('figure', { name: 'Load per server (apps owned) now and after the plan' })).toBeVisible();
  const perServer = page.getByRole('table').filter({ hasText: 'Load per server: now and rebalanced' });
  await expect(perServer.getByRole('columnheader', { name: 'least-loaded: after the plan' })).toBeVisible();
  await expect(perServer.getByRole('row').filter({ has: page.getByRole('rowheader', { name: skew.first }) })).toContainText(`${skew.apps}10`);

  // the parameters are fields from the strategy's schema, defaults filled in; a bad value is named beside its field
  await page.getByLabel('Candidate strategy').selectOption('bounded-load');
  await expect(page.getByLabel('epsilon', { exact: true })).toHaveValue('0.25');
  await expect(page.getByLabel('rebalance', { exact: true })).toHaveValue('consistent');
  await page.getByLabel('epsilon', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Run preview' }).click();
  await expect(page.getByLabel('epsilon', { exact: true })).toHaveAccessibleDescription(/more than 0/);
  await expect(page.getByLabel('epsilon', { exact: true })).toBeFocused();
  await page.getByLabel('epsilon', { exact: true }).fill('0.5');
  await page.getByLabel('rebalance', { exact: true }).selectOption('minimal');
  await page.getByRole('button', { name: 'Run preview' }).click();
  await expect(page.getByRole('table').filter({ hasText: 'Predicted fairness and moves' }).getByRole('rowheader', { name: 'bounded-load (rebalanced)' })).toBeVisible();
  await expect(page.getByLabel('epsilon', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');

  // the raw JSON box stays, as an advanced option: what it sends is checked by the server, the field named
  await page.getByText('Advanced: the parameters as JSON').click();
  await expect(page.getByLabel('Parameters (JSON)')).toHaveValue('{"epsilon":0.5,"rebalance":"minimal"}');
  await page.getByLabel('Parameters (JSON)').fill('{"epsilon": -1}');
  await expect(page.getByLabel('epsilon', { exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Run preview' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'invalid strategy' })).toContainText('candidate.params.epsilon');
  await page.getByRole('button', { name: 'Use the fields again' }).click();
  await expect(page.getByLabel('epsilon', { exact: true })).toBeEnabled();

  // the Overview's measures: by workers connected the plan balances workers
  for (const label of ['apps owned', 'workers connected', 'running instances', 'worker capacity (Σ score)', 'weighted mix']) {
    await expect(page.getByLabel('Load measure').getByRole('option', { name: label, exact: true })).toBeAttached();
  }
  await page.getByLabel('Load measure').selectOption({ label: 'workers connected' });
  await page.getByRole('button', { name: 'Run preview' }).click();
  await expect(page.getByText(/Live cluster: 2 servers, 20 apps, \d+ workers; load measured in workers connected/)).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Load per server (workers connected) now and after the plan' })).toBeVisible();
  await page.getByLabel('Load measure').selectOption({ label: 'apps owned' });

  for (const scenario of ['issue-181', 'zipf-8', 'weighted-8', 'join-8-9', 'leave-8-7', 'large']) {
    await page.getByRole('combobox', { name: 'Cluster', exact: true }).selectOption(scenario);
    await page.getByRole('button', { name: 'Run preview' }).click();
    await expect(page.getByText(new RegExp(`Scenario ${scenario}: \\d+ servers`))).toBeVisible({ timeout: 30_000 });
  }
});
