// Fulcrum's Alertmanager contact point against a real Alertmanager (Debian's prometheus-alertmanager,
// started here on loopback): the notifier pushes a firing alert to its API v2, which lists it active
// with Fulcrum's labels and an endsAt in the future (valid until re-sent, as Prometheus sends them);
// the re-sender keeps it current; the resolved one ends it. Alertmanager's own webhook receiver
// (a loopback server here) gets the firing and then the resolved group from Alertmanager.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ruleBody } from '../lib/domain/alert-rules.ts';
import type { Store } from '../lib/store/index.ts';
import { storeTargets } from '../lib/store/test-support.ts';
import { deliverNotifications, resendToAlertmanagers } from '../lib/jobs/alerts.ts';
import { queueTransition } from '../lib/jobs/alert-test-support.ts';
import { eventually } from './support/process.ts';
import { startAlertmanager, type RunningTool } from './prometheus-support.ts';

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
  generatorURL: string;
}

const OPTIONS = { externalUrl: 'http://fulcrum.test', retryBaseMs: 1_000, retryCapMs: 4_000, retryForMs: 3_600_000, timeoutMs: 5_000, alertmanagerValidForMs: 240_000 };

describe('the Alertmanager contact point against a real Alertmanager', () => {
  const target = storeTargets()[0]!;
  let env: Awaited<ReturnType<typeof target.create>>;
  let store: Store;
  let am: RunningTool;
  let hook: http.Server;
  const fromAm: { status: string; alerts: { status: string; labels: Record<string, string> }[] }[] = [];

  beforeAll(async () => {
    hook = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        fromAm.push(JSON.parse(data));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    am = await startAlertmanager(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/from-alertmanager`);
    env = await target.create();
    store = env.store;
  });
  afterAll(async () => {
    await am?.stop();
    await new Promise((r) => hook?.close(r));
    await env?.dispose();
  });

  const amAlerts = async () => (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as AmAlert[];

  it('pushes a firing alert, re-sends it while it fires, and ends it on resolve', async () => {
    const now = new Date();
    const rule = await store.createAlertRule(ruleBody.parse({ name: 'apps skew', series: { metric: 'serverShare', measure: 'apps' }, comparator: '>', threshold: 0.5, forSeconds: 0, severity: 'warning' }), 'test', now);
    const cp = await store.createContactPoint({ name: 'alertmanager', kind: 'alertmanager', url: am.url, enabled: true }, now);
    expect(cp?.kind).toBe('alertmanager');

    await queueTransition(store, rule.id, 'server=10.0.0.5:7700', { server: '10.0.0.5:7700' }, 'firing', now);
    expect(await deliverNotifications(store, now, OPTIONS)).toMatchObject({ sent: 1, failed: 0 });
    const listed = await eventually(async () => (await amAlerts()).find((a) => a.labels.alertname === 'apps skew') ?? null, 30_000, 'Alertmanager lists the pushed alert in GET /api/v2/alerts');
    expect(listed.labels).toEqual({ alertname: 'apps skew', severity: 'warning', server: '10.0.0.5:7700' });
    expect(listed.status.state).toBe('active');
    expect(listed.annotations.description).toBe('10.0.0.5:7700 carries too much');
    expect(listed.generatorURL).toBe('http://fulcrum.test/alerts?rule=1');
    expect(Date.parse(listed.startsAt)).toBe(now.getTime());
    // valid for 4 × the resend delay, as Prometheus sends it
    expect(Date.parse(listed.endsAt)).toBe(now.getTime() + OPTIONS.alertmanagerValidForMs);
    await eventually(async () => (fromAm.some((b) => b.status === 'firing' && b.alerts[0]?.labels.alertname === 'apps skew') ? true : null), 30_000, "Alertmanager's own webhook gets the firing group");

    // re-sent while it fires (the instance is firing in the store): the validity moves on
    const later = new Date(now.getTime() + 60_000);
    expect(await resendToAlertmanagers(store, later, OPTIONS)).toEqual({ alerts: 1, sent: 1, failed: 0 });
    await eventually(async () => {
      const a = (await amAlerts()).find((x) => x.labels.alertname === 'apps skew');
      return a && Date.parse(a.endsAt) === later.getTime() + OPTIONS.alertmanagerValidForMs ? a : null;
    }, 30_000, 'the re-sent alert moves its endsAt to the new validity');

    // resolved: endsAt is when it resolved, and Alertmanager ends it
    const resolvedAt = new Date();
    await queueTransition(store, rule.id, 'server=10.0.0.5:7700', { server: '10.0.0.5:7700' }, 'resolved', resolvedAt, now);
    expect(await deliverNotifications(store, resolvedAt, OPTIONS)).toMatchObject({ sent: 1, failed: 0 });
    await eventually(async () => ((await amAlerts()).some((a) => a.labels.alertname === 'apps skew') ? null : true), 30_000, 'the resolved alert leaves the active alerts of GET /api/v2/alerts');
    await eventually(async () => (fromAm.some((b) => b.status === 'resolved' && b.alerts.some((a) => a.status === 'resolved' && a.labels.server === '10.0.0.5:7700')) ? true : null), 30_000, "Alertmanager's own webhook gets the resolved group");
    // nothing firing now: nothing re-sent
    expect(await resendToAlertmanagers(store, new Date(), OPTIONS)).toEqual({ alerts: 0, sent: 0, failed: 0 });
  }, 180_000);
});
