// Maintenance in Chromium, as an operator would do it: the freeze switch on the Rollouts page
// (a reason required, beside its field), its line on the Overview's status strip, and unfreezing
// through the in-page dialog; the move windows' editor; cordoning a server through its page's dialog.
// The rolling-restart panel on the Servers page.
import fs from 'node:fs';
import { expect, test } from './fixtures.ts';

const example = JSON.parse(fs.readFileSync('docs/ingest.example.json', 'utf8'));

// each test walks several pages and waits on refreshes: on a busy machine one took 59 s of the default 60
test.describe.configure({ timeout: 180_000 });

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

  // the strip stands above the figures: the Overview needs data to show them
  expect(await fulcrum.ingest(example)).toBe(200);
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

test('move windows: errors stand beside the zone and the window, and a saved window says whether moves may happen now', async ({ page, fulcrum }, testInfo) => {
  await page.goto('/rollouts');
  const editor = page.getByRole('region', { name: 'Move windows' });
  await expect(editor.getByRole('status').first()).toHaveText('Rollout moves may happen at any time.');
  await editor.getByRole('checkbox', { name: 'Rollout moves only in these windows' }).check();
  const zone = editor.getByRole('textbox', { name: 'Time zone (IANA)' });
  const first = editor.getByRole('textbox', { name: 'Window 1' });
  await expect(first).toHaveValue('Mon-Fri 01:00-05:00');
  await zone.fill('Mars/Olympus');
  await editor.getByRole('button', { name: 'Add a window' }).click();
  const second = editor.getByRole('textbox', { name: 'Window 2' });
  await second.fill('Mun 01:00-05:00');
  await editor.getByRole('button', { name: 'Save move windows' }).click();
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.locator('#mw-timeZone-error')).toHaveText('is not an IANA time zone (for example Asia/Shanghai or UTC)');
  await expect(second).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.locator('#window-1-error')).toHaveText('unknown day: use Mon … Sun, a range (Mon-Fri), a list (Sat,Sun) or daily');
  await expect(first).not.toHaveAttribute('aria-invalid', 'true');
  expect(((await (await fulcrum.api('/api/maintenance/move-windows')).json()) as { rollout: unknown }).rollout, 'windows after a refused save').toBeNull();

  await zone.fill('Asia/Shanghai');
  await second.fill('daily 00:00-24:00');
  await editor.getByRole('button', { name: 'Save move windows' }).click();
  await expect(editor.getByRole('status').first()).toHaveText('Rollout moves may happen now.');
  await expect(zone).not.toHaveAttribute('aria-invalid', 'true');
  const saved = (await (await fulcrum.api('/api/maintenance/move-windows')).json()) as { timeZone: string; rollout: string[]; status: { rollout: { allowedNow: boolean } } };
  expect(saved).toMatchObject({ timeZone: 'Asia/Shanghai', rollout: ['Mon-Fri 01:00-05:00', 'daily 00:00-24:00'], status: { rollout: { allowedNow: true } } });
  // only the first window: it says until when moves wait, or until when they may happen
  await editor.getByRole('button', { name: 'Remove window 2' }).click();
  await editor.getByRole('button', { name: 'Save move windows' }).click();
  await expect(editor.getByRole('status').first()).toHaveText(/^(Outside the move windows: rollout moves wait until .+\.|Rollout moves may happen now, until .+\.)$/);
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 1100 });
    await page.screenshot({ path: testInfo.outputPath(`rollouts-maintenance-${width}.png`), fullPage: true });
  }
});

test('cordon and uncordon a server through the dialog on its page; the last live one is refused with the reason', async ({ page, fulcrum }, testInfo) => {
  const [a, b] = ['10.0.0.1:7700', '10.0.0.2:7700'];
  let n = 0;
  // fresh snapshots of both servers (a server stops counting as live when its data grows stale)
  const report = async () => expect(await fulcrum.ingest({ batchId: `cordon-${n++}`, servers: [a, b].map((address) => ({ address, observedAt: new Date().toISOString(), status: 'up' })) })).toBe(200);
  await report();
  for (const s of [a, b]) expect((await fulcrum.api(`/api/servers/${encodeURIComponent(s)}/confirm`, { method: 'POST' })).status).toBe(200);

  await page.goto(`/servers/${encodeURIComponent(a)}`);
  await page.getByRole('button', { name: 'Cordon this server' }).click();
  const dialog = page.getByRole('dialog', { name: `Cordon ${a}?` });
  await expect(dialog).toContainText('The apps it owns now stay on it.');
  await dialog.getByRole('button', { name: 'Cordon this server' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cordoned by admin since' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Uncordon this server' })).toBeVisible();
  for (const width of [1440, 768]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.screenshot({ path: testInfo.outputPath(`server-cordoned-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  await report();
  await page.goto(`/servers/${encodeURIComponent(b)}`);
  await page.getByRole('button', { name: 'Cordon this server' }).click();
  await page.getByRole('dialog', { name: `Cordon ${b}?` }).getByRole('button', { name: 'Cordon this server' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `${b} is the last live server that is not cordoned` })).toBeVisible();
  const state = (await (await fulcrum.api('/api/maintenance')).json()) as { cordoned: { address: string; by: string }[] };
  expect(state.cordoned.map((c) => `${c.address} by ${c.by}`), 'cordoned after the refusal').toEqual([`${a} by admin`]);

  await page.goto(`/servers/${encodeURIComponent(a)}`);
  await page.getByRole('button', { name: 'Uncordon this server' }).click();
  await page.getByRole('dialog', { name: `Uncordon ${a}?` }).getByRole('button', { name: 'Uncordon this server' }).click();
  await expect(page.getByRole('button', { name: 'Cordon this server' })).toBeVisible();
  await expect(page.getByText('Cordoned by admin since')).toHaveCount(0);
  const audit = (await (await fulcrum.api('/api/audit?action=server.')).json()) as { entries: { action: string }[] };
  expect(audit.entries.map((e) => e.action).filter((x) => x !== 'server.confirm')).toEqual(['server.uncordon', 'server.cordon']);
});

test('drain a server through its page: the dialog says what moves, the progress shows it drained, the last live one is refused, restore brings it back', async ({ page, fulcrum }) => {
  const [a, b] = ['10.0.0.1:7700', '10.0.0.2:7700'];
  let n = 0;
  // fresh snapshots of both servers (a server stops counting as live when its data grows stale); the ingested servers own no app
  const report = async () => expect(await fulcrum.ingest({ batchId: `drain-${n++}`, servers: [a, b].map((address) => ({ address, observedAt: new Date().toISOString(), status: 'up' })) })).toBe(200);
  await report();
  for (const s of [a, b]) expect((await fulcrum.api(`/api/servers/${encodeURIComponent(s)}/confirm`, { method: 'POST' })).status).toBe(200);

  await page.goto(`/servers/${encodeURIComponent(a)}`);
  await page.getByRole('button', { name: 'Drain this server' }).click();
  const dialog = page.getByRole('dialog', { name: `Drain ${a}?` });
  await expect(dialog).toContainText('it owns no app, so nothing moves');
  await dialog.getByRole('button', { name: 'Drain this server' }).click();
  const progress = page.getByRole('region', { name: 'Drain progress' });
  await expect(progress.getByRole('progressbar', { name: 'Drain progress' })).toBeVisible();
  // the leader's controller ends the drain at its next tick; the page refreshes by itself
  await expect(progress.getByRole('status')).toHaveText(/^Drained: it owns no app/, { timeout: 60_000 });
  await expect(progress).toContainText('0 of 0 done, 0 converging, 0 left, 0 skipped');
  await expect(page.getByRole('button', { name: 'Cordon this server' })).toHaveCount(0);

  await report();
  await page.goto(`/servers/${encodeURIComponent(b)}`);
  await page.getByRole('button', { name: 'Drain this server' }).click();
  await page.getByRole('dialog', { name: `Drain ${b}?` }).getByRole('button', { name: 'Drain this server' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `${b} is the last live server that is not cordoned` })).toBeVisible();
  const state = (await (await fulcrum.api('/api/maintenance')).json()) as { drains: { server: string }[] };
  expect(state.drains.map((d) => d.server), 'drains after the refusal').toEqual([a]);

  await page.goto(`/servers/${encodeURIComponent(a)}`);
  await page.getByRole('button', { name: 'Restore this server' }).click();
  await page.getByRole('dialog', { name: `Restore ${a}?` }).getByRole('button', { name: 'Restore this server' }).click();
  await expect(page.getByRole('button', { name: 'Drain this server' })).toBeVisible({ timeout: 60_000 });
  const audit = (await (await fulcrum.api('/api/audit?action=server.')).json()) as { entries: { action: string }[] };
  expect(audit.entries.map((e) => e.action).filter((x) => x !== 'server.confirm')).toEqual(['server.uncordon', 'server.restored', 'server.restore', 'server.drained', 'server.drain', 'server.cordon']);
});

test('the rolling-restart panel: an empty pick is refused beside the field, one started says when a server is safe, the Overview names it, it is back, abort asks first', async ({ page, fulcrum }) => {
  const [a, b] = ['10.0.0.1:7700', '10.0.0.2:7700'];
  // the ingested servers own no app, so each drain ends at once; fresh snapshots keep them live
  expect(await fulcrum.ingest({ batchId: 'rolling-0', servers: [a, b].map((address) => ({ address, observedAt: new Date().toISOString(), status: 'up' })) })).toBe(200);
  for (const s of [a, b]) expect((await fulcrum.api(`/api/servers/${encodeURIComponent(s)}/confirm`, { method: 'POST' })).status).toBe(200);

  await page.goto('/servers');
  const panel = page.getByRole('region', { name: 'Rolling restart' });
  await expect(panel).toContainText('No rolling restart is running.');
  await panel.getByRole('button', { name: 'Start rolling restart' }).click();
  const servers = panel.getByRole('group', { name: 'Servers, ticked in the order to restart them' });
  await expect(servers).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.getByRole('alert')).toBeVisible();

  await panel.getByRole('checkbox', { name: b }).check();
  await panel.getByRole('checkbox', { name: a }).check();
  await expect(servers).toContainText(`${a} (2)`);
  await panel.getByLabel('Reason (optional)').fill('kernel update');
  await panel.getByRole('button', { name: 'Start rolling restart' }).click();
  // the leader's ticks drain the first server (nothing to move) and say it is safe; the panel refreshes by itself
  await expect(panel).toContainText(`${b} owns no app: safe to restart now.`, { timeout: 60_000 });
  await expect(panel.getByRole('status')).toContainText(`Running · 0 of 2 servers done · at ${b} (1 of 2): safe to restart now`);

  await page.goto('/overview');
  await expect(page.getByRole('region', { name: 'Cluster status' })).toContainText(`Rolling restart (running): 0 of 2 servers done, at ${b}`);

  await page.goto('/servers');
  await panel.getByRole('button', { name: 'It is back (continue)' }).click();
  await expect(panel.getByRole('status')).toContainText('1 of 2 servers done', { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Abort' }).click();
  await page.getByRole('dialog', { name: 'Abort the rolling restart?' }).getByRole('button', { name: 'Abort' }).click();
  await expect(panel).toContainText('The last one: aborted, 1 of 2 servers done.', { timeout: 60_000 });
  const audit = (await (await fulcrum.api('/api/audit?action=rolling-restart.')).json()) as { entries: { action: string; actor: string }[] };
  expect(audit.entries.filter((e) => !e.actor.startsWith('system:')).map((e) => e.action).reverse()).toEqual(['rolling-restart.start', 'rolling-restart.back', 'rolling-restart.abort']);
});
