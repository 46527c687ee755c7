// The creation form's plan in Chromium: each step's predicted balance and moves, and the apps that
// would move (from → to, their load) with the totals, under the measure the rollout balances.
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181' } });

test('the creation form previews each step and lists the apps that would move', async ({ page, fulcrum }) => {
  const skew = await demoSkew(fulcrum);
  await page.goto('/rollouts/new');
  await page.getByLabel('Name', { exact: true }).fill('even out by plan');
  await page.getByLabel('Candidate strategy').selectOption('least-loaded');
  await page.getByLabel('Steps').fill('10% manual, 50% manual, 100% manual');
  await page.getByLabel("Move cohort apps to the candidate's choice").check();
  const previewed = page.waitForRequest((r) => r.url().endsWith('/api/strategies/preview'));
  await page.getByRole('button', { name: 'Preview' }).click();
  // the preview buckets the cohorts by the id the rollout is then created with
  const rolloutId = ((await previewed).postDataJSON() as { rolloutId?: string }).rolloutId;
  expect(rolloutId, 'the rollout id the preview bucketed the cohorts by').toMatch(/^ro-[0-9a-f]{10}$/);

  const steps = page.getByRole('table').filter({ hasText: 'The plan step by step' });
  await expect(steps.locator('caption')).toContainText(`max/mean now ${skew.maxMean}`);
  // the fewest moves that even out n and 20 − n apps: n − 10, all off the busier server
  const needed = skew.apps - 10;
  await expect(steps.locator('caption')).toContainText(`at least ${needed} moves`);
  await expect(steps.getByRole('rowheader')).toHaveText(['10%', '50%', '100%']);
  await expect(steps.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '100%' }) }).getByRole('cell').nth(1)).toHaveText('1.00');

  const moves = page.getByRole('table').filter({ hasText: 'Apps that would move' });
  await expect(moves.locator('caption')).toHaveText(`Apps that would move: ${needed}, load ${needed}`);
  await expect(moves.locator('tbody tr')).toHaveCount(needed);
  for (const row of await moves.locator('tbody tr').all()) await expect(row).toContainText(`${skew.first} →`);
  await expect(moves.locator('tfoot')).toHaveText(`Total${needed}`);

  // by workers connected: the same form, another measure; the rollout's spec keeps it
  await page.getByLabel('Balance by').selectOption({ label: 'workers connected' });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(steps.getByRole('rowheader')).toHaveText(['10%', '50%', '100%']);
  await page.getByRole('button', { name: 'Create rollout' }).click();
  await expect(page, 'the created rollout has the id its preview bucketed by').toHaveURL(new RegExp(`/rollouts/${rolloutId}$`));
  await expect(page.getByRole('heading', { name: /Rollout even out by plan/ })).toContainText('draft');
  await expect(page.getByRole('definition').filter({ hasText: 'workers connected' })).toBeVisible();
});

test('a move budget that is not a whole number is shown beside its field', async ({ page }) => {
  await page.goto('/rollouts/new');
  await page.getByLabel("Move cohort apps to the candidate's choice").check();
  await page.getByLabel('Move budget (whole rollout)').fill('2.5');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByLabel('Move budget (whole rollout)')).toHaveAccessibleDescription(/a whole number of moves/);
});
