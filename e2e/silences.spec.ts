// Silences in Chromium as an Alertmanager user writes them: a nonsense matcher is refused with its
// error beside the field, the quoted silence alertname="apps skew" previews the pending alert it
// covers, and when the rule fires the Active alerts table says "silenced" and the webhook receiver
// gets nothing; once the silence is expired the notification goes out (so the receiver would have
// seen it).
import fs from 'node:fs';
import { demoSkew, expect, test, webhookReceiver } from './fixtures.ts';

test.use({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_SAMPLE_INTERVAL: '2s', FULCRUM_ALERT_EVAL_INTERVAL: '2s', FULCRUM_COLLECT_INTERVAL: '2s' } });

test('the quoted silence alertname="apps skew" withholds the notification until it is expired', async ({ page, fulcrum }) => {
  test.setTimeout(240_000);
  const receiver = await webhookReceiver<{ status: string; alerts: { labels: Record<string, string> }[] }>();
  const { bodies, url: hook } = receiver;
  const told = () => bodies.filter((b) => b.alerts.some((a) => a.labels.alertname === 'apps skew'));
  try {
    const api = (method: string, path: string, body: unknown) => fulcrum.api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await api('POST', '/api/contact-points', { name: 'on-call', url: hook })).status).toBe(201);
    // the demo's max/mean under apps is 1.4 or more once every app is elected
    await demoSkew(fulcrum);
    // pending for 40 s first, which leaves time to write the silence
    const rule = { name: 'apps skew', series: { metric: 'maxMean', measure: 'apps' }, comparator: '>', threshold: 1.2, forSeconds: 40, severity: 'warning' };
    expect((await api('POST', '/api/alert-rules', rule)).status).toBe(201);

    await page.goto('/alerts');
    const silences = page.getByRole('region', { name: 'Silences' });
    const field = silences.getByLabel('Matchers');
    // nonsense is refused, with the error at its matcher, before and on saving
    await field.fill('alertname="apps skew", nonsense');
    const errors = silences.getByRole('list', { name: 'Matcher errors' });
    await expect(errors, 'the preview names the matcher that does not parse').toContainText('matcher 2: nonsense: no operator', { timeout: 20_000 });
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await silences.getByLabel('Comment').fill('release of the scheduler');
    await silences.getByRole('button', { name: 'Add silence' }).click();
    await expect(silences.getByRole('alert'), 'the save is refused').toContainText('not saved');
    await expect(silences.getByRole('row').filter({ hasText: 'release of the scheduler' })).toHaveCount(0);

    // the quoted value, as Alertmanager users write it: the preview finds the pending alert
    await field.fill('alertname="apps skew"');
    await expect(errors.getByRole('listitem')).toHaveCount(0, { timeout: 20_000 });
    const preview = silences.getByRole('status', { name: 'Silence preview' });
    await expect(preview, 'the preview lists the pending alert the silence covers').toContainText('would silence 1 of the 1 active alert now', { timeout: 30_000 });
    await expect(preview).toContainText('apps skew (pending)');
    await silences.getByRole('button', { name: 'Add silence' }).click();
    const row = silences.getByRole('row').filter({ hasText: 'release of the scheduler' });
    await expect(row, 'the silence is listed with the value unquoted once and re-quoted for display').toContainText('alertname="apps skew"');

    // it fires under the silence: marked silenced, not told
    const active = page.getByRole('region', { name: 'Active alerts' }).getByRole('row').filter({ hasText: 'apps skew' });
    await expect(active, 'the rule fires after its 40 s pending').toContainText('firing', { timeout: 90_000 });
    await expect(active).toContainText('silenced');
    await expect(active).toContainText('not yet (silenced)');
    await expect(page.getByRole('region', { name: 'History' }), 'the firing is kept, marked silenced').toContainText('pending → firing (silenced)');
    // the notifier polls every second; the firing was evaluated at least one evaluation ago
    const history = (await (await fulcrum.api('/api/alerts/history?limit=20')).json()) as { transitions: { ruleName: string; to: string; silenced: boolean; at: string }[] };
    const firing = history.transitions.find((t) => t.ruleName === 'apps skew' && t.to === 'firing');
    expect(firing?.silenced, 'the firing transition is silenced').toBe(true);
    await expect.poll(async () => ((await (await fulcrum.api('/api/alerts')).json()) as { alerts: { evaluatedAt: string }[] }).alerts.some((a) => Date.parse(a.evaluatedAt) > Date.parse(firing!.at) + 3_000), { message: 'evaluations go on past the firing', timeout: 30_000 }).toBe(true);
    expect(told(), 'no notification of "apps skew" while silenced').toEqual([]);
    fs.mkdirSync('test-results/screens', { recursive: true });
    await page.screenshot({ path: 'test-results/screens/alerts-silenced.png', fullPage: true });

    // expired: the next evaluation tells the receiver (so it was reachable all along)
    await row.getByRole('button', { name: 'Expire' }).click();
    await expect.poll(() => told().length, { message: 'the firing notification reaches the receiver once the silence is expired', timeout: 60_000 }).toBeGreaterThan(0);
    expect(told()[0]).toMatchObject({ status: 'firing', alerts: [{ labels: { alertname: 'apps skew', severity: 'warning' } }] });
    await expect(active).not.toContainText('silenced', { timeout: 20_000 });
  } finally {
    await receiver.close();
  }
});
