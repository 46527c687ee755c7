// The controller's texts in a Chinese console (issue 21): a rollout paused by its fairness guardrail
// shows its reason, its events (action and detail) and its audit entries in Chinese, with no English
// reason words left, while the API keeps the English `reason` for scripts beside its code.
import { demoSkew, expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_ROLLOUT_INTERVAL: '1s' }, locale: 'zh-CN' });
// the time counts from the server's start (the fixture): a loaded machine takes a while to start it
test.describe.configure({ timeout: 240_000 });

/** words of the English texts the controller writes: none may reach a zh-CN page */
const ENGLISH = /guardrail|paused|aborted|is above|is below|jobs of moved apps|step \d+ of|started|promoted|completed|by an operator|created:/i;

test('a rollout paused by its guardrail says why in Chinese: reason, events and audit entries', async ({ page, fulcrum }) => {
  const skew = await demoSkew(fulcrum);
  // the demo cluster's max/mean is above 1.2 from the start: the guardrail fires at the first tick
  const created = await fulcrum.api('/api/rollouts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'guarded', candidate: { kind: 'least-loaded' }, steps: [{ percent: 50, pause: { manual: true } }, { percent: 100, pause: { manual: true } }], guardrails: [{ kind: 'fairness', metric: 'maxMean', threshold: 1.2, action: 'pause' }] }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await fulcrum.api(`/api/rollouts/${id}/start`, { method: 'POST' })).status).toBe(200);
  let rollout: { state: string; reason: string | null; reasonCode: string | null } | null = null;
  await expect
    .poll(async () => (rollout = (await (await fulcrum.api(`/api/rollouts/${id}`)).json()) as typeof rollout)?.state, { timeout: 60_000, message: `the guardrail pauses the rollout (max/mean ${skew.maxMean} > 1.2)` })
    .toBe('paused');
  // scripts keep the English reason, beside its code
  expect(rollout!.reason).toMatch(/^guardrail: maxMean [\d.]+ is above 1\.2$/);
  expect(rollout!.reasonCode).toBe('guardrail-fairness');

  await page.goto(`/rollouts/${id}`);
  // the heading waits for the rollout's first load, which a loaded machine takes a while to answer
  await expect(page.getByRole('heading', { level: 1 }), 'the rollout page loads, paused').toContainText('已暂停', { timeout: 30_000 });
  const lede = page.locator('p.lede');
  await expect(lede).toContainText(/原因：护栏：最大\/平均 为 [\d.]+，高于 1\.2/);
  await expect(lede).not.toContainText(ENGLISH);
  const events = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '详情' }) }).last();
  await expect(events.getByRole('row').filter({ hasText: '护栏' }).first()).toContainText(/护栏：最大\/平均 为 [\d.]+，高于 1\.2；已暂停/);
  await expect(events.getByRole('row').filter({ hasText: '开始' }).first()).toContainText('已开始；第 1/2 步，50%');
  await expect(events).not.toContainText(ENGLISH);

  await page.goto(`/audit?target=${encodeURIComponent(`rollout:${id}`)}`);
  const audit = page.getByRole('table');
  await expect(audit.getByRole('row').filter({ hasText: 'rollout.guardrail' })).toContainText(/护栏：最大\/平均 为 [\d.]+，高于 1\.2；已暂停/);
  // the action names stay as the audit filter knows them; the details are said in Chinese
  for (const detail of await audit.locator('td .note').allInnerTexts()) expect(detail).not.toMatch(ENGLISH);
});
