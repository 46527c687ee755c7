// Maintenance in Chromium, as an operator would do it: the freeze switch on the Rollouts page
// (a reason required, beside its field), its line on the Overview's status strip, and unfreezing
// through the in-page dialog.
import { expect, test } from './fixtures.ts';

test('an operator freezes every move with a reason, the Overview says so, and unfreezing asks first', async ({ page, fulcrum }) => {
  await page.goto('/rollouts');
  const panel = page.getByRole('region', { name: 'Freeze switch' });
  await expect(panel.getByRole('status')).toHaveText(/^Moves run/);
  // no reason: refused beside the field, nothing changed
  await panel.getByRole('button', { name: 'Freeze moves' }).click();
  const reason = panel.getByRole('textbox', { name: 'Reason' });
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.locator('#freeze-reason-error')).toBeVisible();
  expect(((await (await fulcrum.api('/api/maintenance/freeze')).json()) as { frozen: boolean }).frozen, 'frozen after a refused freeze').toBe(false);

  await reason.fill('PowerJob upgrade');
  await panel.getByRole('button', { name: 'Freeze moves' }).click();
  await expect(panel.getByRole('status')).toHaveText(/^Every move is frozen by admin since .+: PowerJob upgrade\./);
  const state = (await (await fulcrum.api('/api/maintenance/freeze')).json()) as { frozen: boolean; by: string; reason: string };
  expect(state).toMatchObject({ frozen: true, by: 'admin', reason: 'PowerJob upgrade' });

  await page.goto('/overview');
  await expect(page.getByRole('region', { name: 'Cluster status' }).getByText('Moves frozen by admin: PowerJob upgrade')).toBeVisible({ timeout: 60_000 });

  await page.goto('/rollouts');
  await panel.getByRole('button', { name: 'Unfreeze moves' }).click();
  const dialog = page.getByRole('dialog', { name: 'Unfreeze moves?' });
  await expect(dialog).toBeVisible();
  // Cancel is the safe choice: still frozen
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByRole('status')).toHaveText(/^Every move is frozen/);
  await panel.getByRole('button', { name: 'Unfreeze moves' }).click();
  await dialog.getByRole('button', { name: 'Unfreeze moves' }).click();
  await expect(panel.getByRole('status')).toHaveText(/^Moves run/);
  const audit = (await (await fulcrum.api('/api/audit?action=maintenance.')).json()) as { entries: { action: string; actor: string }[] };
  expect(audit.entries.map((e) => `${e.action} by ${e.actor}`)).toEqual(['maintenance.unfreeze by admin', 'maintenance.freeze by admin']);
});
