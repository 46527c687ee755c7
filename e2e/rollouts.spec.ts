// Rollouts in Chromium: an operator creates one with the preview, starts and promotes it, watches
// the cohort against the control group, and aborts another; the Overview chart marks the steps.
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s' } });

test('creates a rollout with the preview, starts and promotes it, sees the fairness improve, and aborts another', async ({ page, fulcrum }) => {
  test.setTimeout(240_000);
  const skew = await demoSkew(fulcrum);

  await page.goto('/rollouts');
  await expect(page.getByText('No rollouts yet')).toBeVisible();
  await page.getByRole('link', { name: 'New rollout' }).click();
  await page.getByLabel('Name', { exact: true }).fill('balance the first ten');
  await page.getByLabel('Candidate strategy').selectOption('least-loaded');
  await page.getByLabel('Steps').fill('10% manual, 50% manual, 100% manual');
  await page.getByLabel("Move cohort apps to the candidate's choice").check();
  await page.getByLabel('Moves per minute').fill('60');
  // without a selector the preview re-elects every app; with one, only the apps it admits
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('table').filter({ hasText: 'Preview of least-loaded' });
  await expect(preview.locator('caption')).toContainText('(2 servers, 20 apps');
  await expect(preview.locator('caption')).not.toContainText('moving only');
  await page.getByLabel('App names or patterns').fill('app-0*');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(preview.locator('caption')).toContainText('moving only the 9 apps the selector admits');
  await expect(preview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'now' }) })).toContainText(skew.maxMean);
  await expect(preview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'with moves (rebalanced)' }) })).toContainText('1.00');
  await page.getByRole('button', { name: 'Create rollout' }).click();

  await expect(page.getByRole('heading', { name: /Rollout balance the first ten/ })).toContainText('draft');
  const controls = page.getByRole('group', { name: 'Controls' });
  // a draft offers only Start
  await expect(controls.getByRole('button')).toHaveText(['Start']);
  await controls.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { name: /Rollout balance/ })).toContainText('running');
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(0)).toContainText('here now');
  await expect(controls.getByRole('button', { name: 'Start' })).toHaveCount(0);
  await controls.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(1)).toContainText('here now');
  await expect(page.getByText(/now at 50%/)).toBeVisible();
  // the controller samples cohort and control; the chart says the latest figures and marks the steps
  const chart = page.getByRole('figure', { name: 'Fairness of the cohort against the control group' });
  await expect(chart).toContainText(/Latest: cluster \d\.\d\d/, { timeout: 20_000 });
  await expect(chart).toContainText('50%');
  const history = page.getByRole('table').filter({ hasText: 'History, newest first' });
  for (const action of ['create', 'start', 'promote']) await expect(history.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
  // to 100 %: the cohort's apps move to the candidate's choice, and the whole cluster evens out
  await controls.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(page.getByText(/now at 100%/)).toBeVisible();
  const latestCluster = async () => Number(/Latest: cluster (\d+\.\d+)/.exec((await chart.textContent()) ?? '')?.[1] ?? NaN);
  await expect.poll(latestCluster, { timeout: 90_000, intervals: [2000] }).toBeLessThan(1.3);
  await expect(page.getByRole('table').filter({ hasText: /\d+ moves/ })).toContainText('verified', { timeout: 60_000 });
  const first = page.url();

  // another rollout over the other apps, started and then aborted
  await page.goto('/rollouts/new');
  await page.getByLabel('Name', { exact: true }).fill('the other ten');
  await page.getByLabel('Candidate strategy').selectOption('round-robin');
  await page.getByLabel('App names or patterns').fill('app-1*, app-20');
  await page.getByRole('button', { name: 'Create rollout' }).click();
  await expect(page.getByRole('heading', { name: /Rollout the other ten/ })).toContainText('draft');
  await page.getByRole('group', { name: 'Controls' }).getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { name: /Rollout the other ten/ })).toContainText('running');
  await page.getByRole('group', { name: 'Controls' }).getByRole('button', { name: 'Abort' }).click();
  await page.getByRole('dialog', { name: 'Abort the other ten?' }).getByRole('button', { name: 'Abort' }).click();
  await expect(page.getByRole('heading', { name: /Rollout the other ten/ })).toContainText('aborted');
  await expect(page.getByRole('group', { name: 'Controls' }).getByRole('button', { name: 'Retry' })).toBeEnabled();

  await page.goto('/rollouts');
  const list = page.getByRole('table').filter({ hasText: '2 rollouts' });
  await expect(list.getByRole('row').filter({ hasText: 'balance the first ten' })).toContainText('running');
  await expect(list.getByRole('row').filter({ hasText: 'the other ten' })).toContainText('aborted');
  await page.goto(first);
  await expect(page.getByRole('heading', { name: /Rollout balance/ })).toContainText('running');

  // the Overview's fairness chart marks the rollout steps
  await page.goto('/overview');
  await expect(page.getByRole('figure', { name: /over time/ })).toContainText('rollout the other ten: abort', { timeout: 30_000 });
});
