// Rollout events to contact points in Chromium: an operator edits a contact point (name, language;
// a field error beside its field; a stored secret kept when not typed anew), ticks it in the
// rollout creation form, sees it in the rollout's spec, starts the rollout and the contact point's
// receiver gets the start, in the language chosen, linking to the rollout.
import { expect, test, webhookReceiver } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'off' } });

interface Body {
  alerts: { labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string }[];
}

test('edits a contact point, chooses it for a rollout, and its receiver is told of the start in its language', async ({ page, fulcrum }) => {
  test.setTimeout(120_000);
  const receiver = await webhookReceiver<Body>();
  try {
    // a DingTalk robot with a secret, made through the API: its secret must survive an edit that does not type it
    const robot = await fulcrum.api('/api/contact-points', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ding', kind: 'dingtalk', url: 'http://127.0.0.1:9/robot/send?access_token=t', secret: 'SECabc', settings: { keywords: ['Fulcrum'] } }),
    });
    expect(robot.status).toBe(201);

    await page.goto('/alerts');
    const cps = page.getByRole('region', { name: 'Contact points' });
    const add = cps.getByRole('form', { name: 'New contact point' });
    await add.getByLabel('Name').fill('ops-hook');
    await add.getByLabel('Webhook URL').fill(receiver.url);
    await add.getByRole('button', { name: 'Add contact point' }).click();
    const row = cps.getByRole('row').filter({ hasText: 'ops-hook' });
    // a new contact point writes in Chinese unless told otherwise
    await expect(row).toContainText('简体中文');

    await cps.getByRole('button', { name: 'Edit ops-hook' }).click();
    const edit = cps.getByRole('form', { name: 'Edit contact point ops-hook' });
    await expect(edit.getByLabel('Webhook URL')).toHaveValue(receiver.url);
    // a wrong URL: the error stands beside the field, nothing is saved
    await edit.getByLabel('Webhook URL').fill('not a url');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit.getByLabel('Webhook URL')).toHaveAttribute('aria-invalid', 'true');
    await expect(edit.getByLabel('Webhook URL')).toHaveAccessibleDescription('is not in the expected format');
    await expect(edit.getByRole('alert')).toContainText('Nothing was saved');
    await edit.getByLabel('Webhook URL').fill(receiver.url);
    await edit.getByLabel('Name').fill('ops-webhook');
    await edit.getByLabel('Language').selectOption('en');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit).toHaveCount(0);
    await expect(cps.getByRole('row').filter({ hasText: 'ops-webhook' })).toContainText('English');

    // the robot's secret shows as set, is not filled in, and stays when another field is changed
    await cps.getByRole('button', { name: 'Edit ding' }).click();
    const ding = cps.getByRole('form', { name: 'Edit contact point ding' });
    await expect(ding.getByLabel('Signing secret')).toHaveValue('');
    await expect(ding.getByLabel('Signing secret')).toHaveAttribute('placeholder', /set \(not shown\)/);
    await ding.getByLabel('Name').fill('ding-ops');
    await ding.getByRole('button', { name: 'Save changes' }).click();
    await expect(cps.getByRole('row').filter({ hasText: 'ding-ops' })).toContainText('secret set');
    const listed = (await (await fulcrum.api('/api/contact-points')).json()) as { contactPoints: { name: string; secretSet: boolean; secret?: string }[] };
    expect(listed.contactPoints.find((c) => c.name === 'ding-ops')).toMatchObject({ secretSet: true });
    expect(JSON.stringify(listed), 'the secret is never answered back').not.toContain('SECabc');

    // a contact point that does not exist is refused, by its path
    const refused = await fulcrum.api('/api/rollouts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nobody', candidate: { kind: 'rendezvous', params: {} }, steps: [{ percent: 100, pause: { manual: true } }], notify: { contactPoints: [9999] } }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['notify.contactPoints.0']);

    // the rollout tells ops-webhook of every event
    await page.goto('/rollouts/new');
    await page.getByLabel('Name', { exact: true }).fill('told rollout');
    await page.getByLabel('Steps').fill('10% manual, 100% manual');
    await page.getByRole('group', { name: 'Contact points told of this rollout' }).getByRole('checkbox', { name: /^ops-webhook/ }).check();
    await expect(page.getByRole('group', { name: 'Events told' }).getByRole('checkbox', { name: 'started' })).toBeChecked();
    await page.getByRole('button', { name: 'Create rollout' }).click();
    await expect(page.getByRole('heading', { name: /Rollout told rollout/ })).toContainText('draft');
    const spec = page.getByRole('definition').filter({ hasText: 'ops-webhook' });
    await expect(spec).toHaveText('ops-webhook: every event');
    const id = /\/rollouts\/([^/?#]+)/.exec(page.url())![1]!;

    await page.getByRole('group', { name: 'Controls' }).getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('heading', { name: /Rollout told rollout/ })).toContainText('running');
    await expect.poll(() => receiver.bodies.length, { message: 'the start reaching the webhook receiver', timeout: 30_000 }).toBeGreaterThan(0);
    const [alert] = receiver.bodies[0]!.alerts;
    expect(alert!.labels).toMatchObject({ alertname: 'FulcrumRollout', rollout: 'told rollout', rollout_id: id, event: 'started' });
    expect(alert!.annotations.summary).toBe('Rollout told rollout: started');
    expect(alert!.generatorURL).toMatch(new RegExp(`/rollouts/${id}$`));
  } finally {
    await receiver.close();
  }
});
