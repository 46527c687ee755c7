// Moves in Chromium, on a demo whose apps run a job every 5 or 10 s (scenario issue-181-jobs): an
// operator allows moving apps with no quiet window, sees a move converge worker by worker, and the
// job-failure guardrail pause the rollout, naming the apps whose runs failed.
import { expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181-jobs', FULCRUM_ROLLOUT_INTERVAL: '1s', FULCRUM_COLLECT_INTERVAL: '2s' } });

test('a converging move and a rollout paused by its job-failure guardrail, the failing apps named', async ({ page, fulcrum }) => {
  test.setTimeout(300_000);
  // the demo's apps are collected before a rollout plans anything
  await expect.poll(async () => ((await (await fulcrum.api('/api/apps?pageSize=100')).json()) as { total: number }).total, { timeout: 60_000, message: 'twenty demo apps collected' }).toBe(20);
  await page.goto('/rollouts/new');
  await page.getByLabel('Name', { exact: true }).fill('move busy apps');
  await page.getByLabel('Candidate strategy').selectOption('least-loaded');
  await page.getByLabel('Steps').fill('100% manual');
  await page.getByLabel("Move cohort apps to the candidate's choice").check();
  await page.getByLabel('Moves per minute').fill('60');
  await page.getByLabel(/Also move apps with no quiet window/).check();
  await expect(page.getByLabel(/Pause when moved apps/)).toBeChecked();
  await page.getByRole('button', { name: 'Create rollout' }).click();
  await expect(page.getByRole('heading', { name: /Rollout move busy apps/ })).toContainText('draft');
  await page.getByRole('group', { name: 'Controls' }).getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { name: /Rollout move busy apps/ })).toContainText('running');

  // an app's workers follow one by one at PowerJob's 50 %: its move shows how many have arrived
  const moves = page.getByRole('table').filter({ hasText: /\d+ moves/ });
  await expect(moves.getByRole('row').filter({ hasText: 'converging' }).first()).toContainText(/\d+ of \d+ workers on 127\.0\.0\.\d+:\d+/, { timeout: 120_000 });

  // the new owner had no heartbeats of a moved app's workers yet: its runs failed, and the guardrail paused the rollout
  await expect(page.getByRole('heading', { name: /Rollout move busy apps/ })).toContainText('paused', { timeout: 120_000 });
  await expect(page.getByText(/Reason: guardrail: jobs of moved apps fail: app-\d\d \d+ of \d+ runs failed or lost since its move/)).toBeVisible();
});

test.describe("on the issue-181 demo, whose servers follow at PowerJob's shipped 50 %", () => {
  test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s', FULCRUM_COLLECT_INTERVAL: '2s' } });

  test('the Rollouts page measures how fast moved workers follow and advises setting the percentage to 100', async ({ page, fulcrum }) => {
    test.setTimeout(300_000);
    await expect.poll(async () => ((await (await fulcrum.api('/api/apps?pageSize=100')).json()) as { total: number }).total, { timeout: 60_000, message: 'twenty demo apps collected' }).toBe(20);
    await page.goto('/rollouts');
    const panel = page.getByRole('region', { name: 'How fast workers follow a move' });
    await expect(panel).toContainText('Not measured yet');
    await expect(panel).toContainText("That is the demo cluster's setting (50 %), until measured.");
    // a rollout that moves apps: its moves' workers follow one by one
    const created = await fulcrum.api('/api/rollouts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'spread', candidate: { kind: 'least-loaded' }, steps: [{ percent: 100, pause: { manual: true } }], moves: { enabled: true, perMinute: 60, verifySeconds: 150 } }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fulcrum.api(`/api/rollouts/${id}/start`, { method: 'POST' })).status).toBe(200);
    // once enough moves have converged, the panel gives the measured figure and the advice (it refreshes every 30 s)
    await expect(panel).toContainText(/Measured from \d+ moves \(\d+ worker arrivals\): .* follows with a chance of [\d.]+ % \(95 % interval [\d.]+–[\d.]+ %\)/, { timeout: 240_000 });
    await expect(panel.getByRole('note')).toContainText(/Set oms\.accurate\.select\.server\.percentage=100 on every PowerJob server: every worker of a 10-worker app would then be on its new server within \d+ sec instead of [\d.]+ (sec|min)/);
    await expect(panel).toContainText(/Of \d+ verified moves, half had every worker on the new server within/);
  });
});
