// Failover steering in Chromium, as an operator would switch it: off by default on the Rollouts
// page, turned on with a confirmation of its own, said on the page, audited, and turned off again.
import { expect, test } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

test('an operator turns failover steering on with a confirmation and off again, both audited', async ({ page, fulcrum }) => {
  await page.goto('/rollouts');
  const panel = page.getByRole('region', { name: 'Failover steering' });
  await expect(panel.getByRole('status')).toContainText('Off: when a PowerJob server stops answering');
  await expect(panel).toContainText('No app steered yet.');
  await panel.getByLabel('Confirmation (seconds)').fill('5');
  await panel.getByRole('button', { name: 'Turn steering on' }).click();
  await expect(panel.getByRole('status')).toContainText('On: when a server has not answered for 5 s');
  await expect(panel.getByRole('status')).toContainText('Set by admin');
  const state = (await (await fulcrum.api('/api/maintenance/steering')).json()) as { enabled: boolean; confirmSeconds: number; by: string };
  expect(state).toMatchObject({ enabled: true, confirmSeconds: 5, by: 'admin' });
  await panel.getByRole('button', { name: 'Turn steering off' }).click();
  await expect(panel.getByRole('status')).toContainText('Off:');
  const audit = (await (await fulcrum.api('/api/audit?action=maintenance.steering.')).json()) as { entries: { action: string; actor: string }[] };
  expect(audit.entries.map((e) => `${e.action} by ${e.actor}`)).toEqual(['maintenance.steering.disable by admin', 'maintenance.steering.enable by admin']);
});
