// A delivered strategy takes effect the way it does on real PowerJob workers: only after they
// restart (they read server-address at start), and only where an app has no live owner. Demo
// scenario `delivery`: 3 servers, 12 apps, ordered 4.3 lists, every app on the first server.
import { expect, test } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'delivery', FULCRUM_ROLLOUT_INTERVAL: '1s', FULCRUM_COLLECT_INTERVAL: '2s' } });

type Overview = { servers: { address: string; health: string; appsOwned: number }[] };

test('a strategy delivered by a rollout reaches the workers at their restart and decides where apps land when their owner stops', async ({ page, fulcrum }) => {
  test.setTimeout(180_000);
  const owned = async () => {
    const o = (await (await fulcrum.api('/api/overview?measure=apps')).json()) as Overview;
    return Object.fromEntries(o.servers.filter((s) => s.health === 'up').map((s) => [s.address, s.appsOwned]));
  };
  let first = '';
  await expect(async () => {
    const counts = await owned();
    const [top] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    expect(Object.keys(counts), 'three demo servers collected').toHaveLength(3);
    expect(top?.[1], 'every app on one server (ordered lists)').toBe(12);
    first = top![0];
  }).toPass({ timeout: 60_000 });

  // a rollout of round-robin to every worker, without moves: it changes only what workers are told
  const created = await fulcrum.api('/api/rollouts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'deliver round-robin', candidate: { kind: 'round-robin' }, steps: [{ percent: 100, pause: { manual: true } }] }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await fulcrum.api(`/api/rollouts/${id}/start`, { method: 'POST' })).status).toBe(200);

  await page.goto('/servers');
  const faults = page.getByRole('region', { name: 'Demo cluster faults' });
  const status = faults.getByRole('status', { name: 'Worker processes' });
  await expect(status).toContainText('24 workers: 0 restarting, 0 holding a list delivered at their start.');
  await faults.getByRole('button', { name: 'Rolling restart of all workers' }).click();
  // one worker a second, each down 5 s: all 24 hold the delivered list within about 30 s
  await expect(async () => {
    await page.reload();
    await expect(status).toContainText('24 workers: 0 restarting, 24 holding a list delivered at their start.', { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  // the owner lives: the restart alone moved nothing
  expect((await owned())[first], 'the apps stay with their live owner after the restart').toBe(12);

  // the Rollouts page says which channels deliver the rollout and what each reached
  await page.goto('/rollouts');
  const row = page.getByRole('table').filter({ hasText: '1 rollout, newest first' }).getByRole('row').filter({ hasText: 'deliver round-robin' });
  await expect(row).toContainText('assignment API: 24 workers');
  const channels = page.getByRole('table').filter({ hasText: 'Delivery channels' });
  await expect(channels.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Assignment API' }) })).toContainText('ok');
  await expect(page.getByText(/reaches a PowerJob worker at its next start/)).toBeVisible();
  // what one worker is told, shaped for its version, and when it takes effect
  const ask = page.getByRole('region', { name: 'What is a worker told?' });
  await ask.getByLabel('App').fill('app-01');
  await ask.getByLabel('Worker address').fill('10.9.0.1:27777');
  await ask.getByLabel('Client version').fill('5.1.1');
  await ask.getByRole('button', { name: 'Ask' }).click();
  const told = ask.getByRole('definition');
  await expect(told.nth(1)).toContainText(`round-robin (rollout ${id}, in its cohort: true)`);
  await expect(told.nth(2)).toContainText('PowerJob 5.1.0 and later: the worker shuffles this list once at start');
  await expect(told.nth(3)).toHaveText("at the worker's next start, and only where its app has no live owner");
  await ask.getByLabel('Client version').fill('4.3.9');
  await ask.getByRole('button', { name: 'Ask' }).click();
  await expect(told.nth(2)).toContainText('PowerJob below 5.1.0: the worker keeps this order');
  await page.goto('/servers');

  await faults.getByRole('button', { name: `Stop ${first}` }).click();
  // ordered lists would hand all 12 apps to the next server; round-robin's lists name each app's own next server
  await expect(async () => {
    const counts = await owned();
    const holders = Object.entries(counts).filter(([address, n]) => address !== first && n > 0);
    expect(holders.map(([, n]) => n).reduce((a, b) => a + b, 0), 'every app taken over by a live server').toBe(12);
    expect(holders, 'both remaining servers took apps over').toHaveLength(2);
  }).toPass({ timeout: 90_000 });
});
