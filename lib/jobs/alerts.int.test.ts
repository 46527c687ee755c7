// The alert evaluator and notifier over a real store (PGlite, and PostgreSQL with TEST_DATABASE_URL)
// and a real HTTP webhook receiver: transitions, history, the outbox (once per transition, in order,
// retried), silences and optimistic concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ingestBatchSchema, type IngestBatch } from '../domain/ingest-batch.ts';
import { ruleBody } from '../domain/alert-rules.ts';
import type { NotifiedAlert } from '../domain/alert-notifications.ts';
import { prepareBatch } from '../store/ingest.ts';
import type { Store } from '../store/index.ts';
import { storeTargets } from '../store/test-support.ts';
import { deliverNotifications, evaluateAlerts } from './alerts.ts';
import { eventually } from '../../test/support/process.ts';

const example = ingestBatchSchema.parse(JSON.parse(fs.readFileSync(new URL('../../docs/ingest.example.json', import.meta.url), 'utf8')));
const T0 = Date.parse('2026-11-24T09:30:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000);
const OPTIONS = { sampleWindowMs: 30_000, externalUrl: 'http://fulcrum.test', retryBaseMs: 1_000, retryCapMs: 4_000, retryForMs: 3_600_000, timeoutMs: 2_000 };

function ingest(store: Store, batch: IngestBatch, receivedAt: Date) {
  return store.ingest(prepareBatch(batch, receivedAt, store.heartbeatEncoding, (a) => store.transportAddresses()[a] ?? a), receivedAt);
}

/** A webhook receiver that records each body; `status` decides its answer (0: none, the request is held until the sender gives up). */
async function receiver() {
  const bodies: Record<string, unknown>[] = [];
  /** requests left unanswered: when they came and when the sender closed the connection */
  const held: { at: number; closedAt: number | null }[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      if (status === 0) {
        const h = { at: performance.now(), closedAt: null as number | null };
        held.push(h);
        res.on('close', () => (h.closedAt = performance.now()));
        return;
      }
      if (status === 200) bodies.push(JSON.parse(data));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    held,
    answer: (s: number) => (status = s),
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** A new store of `target` with the example cluster ingested (10.0.0.5:7700 up with both apps, 10.0.0.6:7700 down) and a webhook receiver. */
async function fixture(target: ReturnType<typeof storeTargets>[number]) {
  const env = await target.create();
  const rx = await receiver();
  await ingest(env.store, example, at(0));
  await env.store.foldHeartbeats(at(1));
  return { env, store: env.store, rx };
}

describe.each(storeTargets())('alert jobs on $name', (target) => {
  let store: Store;
  let env: Awaited<ReturnType<typeof target.create>>;
  let rx: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    ({ env, store, rx } = await fixture(target));
  });
  afterAll(async () => {
    await rx?.close();
    await env?.dispose();
  });

  it('reads the newest stored moment of the series, and none when it is too old', async () => {
    await store.sampleServers(at(10), 10_000);
    const latest = await store.latestSamples(at(12), 30_000);
    expect(latest!.t).toBe(at(10).getTime());
    expect(latest!.samples.map((s) => [s.server, s.status, s.appsOwned])).toEqual([
      ['10.0.0.5:7700', 'up', 2],
      ['10.0.0.6:7700', 'down', 0],
    ]);
    expect(await store.latestSamples(at(100), 30_000)).toBeNull();
  });

  it('fires, keeps history, and queues one notification per transition and contact point', async () => {
    const cp = await store.createContactPoint({ name: 'ops', url: rx.url, enabled: true }, at(0));
    expect(cp).not.toBeNull();
    expect(await store.createContactPoint({ name: 'ops', url: rx.url, enabled: true }, at(0))).toBeNull();
    const rule = await store.createAlertRule(
      ruleBody.parse({ name: 'server down', series: { metric: 'serverDown' }, comparator: '>=', threshold: 1, forSeconds: 10, severity: 'critical', description: '{{labels.server}} is down' }),
      'test',
      at(10),
    );
    expect(rule.version).toBe(1);

    expect(await evaluateAlerts(store, at(11), OPTIONS)).toEqual({ rules: 1, transitions: 1, queued: 0 }); // pending
    await store.sampleServers(at(20), 10_000);
    expect(await evaluateAlerts(store, at(21), OPTIONS)).toEqual({ rules: 1, transitions: 1, queued: 1 }); // firing
    expect(await evaluateAlerts(store, at(22), OPTIONS)).toEqual({ rules: 1, transitions: 0, queued: 0 });

    const firing = await store.listAlertInstances({ state: 'firing' });
    expect(firing).toEqual([expect.objectContaining({ ruleId: rule.id, state: 'firing', value: 1, since: at(21).toISOString(), labels: { server: '10.0.0.6:7700' } })]);
    // inactive instances (the up server) are left out unless asked for
    expect((await store.listAlertInstances()).length).toBe(1);
    expect((await store.listAlertInstances({ state: 'inactive' })).map((i) => i.labels.server)).toEqual(['10.0.0.5:7700']);
    const history = await store.listAlertTransitions({ limit: 10 });
    expect(history.map((h) => [h.from, h.to, h.value])).toEqual([
      ['pending', 'firing', 1],
      ['inactive', 'pending', 1],
    ]);

    expect(await deliverNotifications(store, at(23), OPTIONS)).toEqual({ due: 1, sent: 1, failed: 0, bodies: 1 });
    expect(await deliverNotifications(store, at(24), OPTIONS)).toEqual({ due: 0, sent: 0, failed: 0, bodies: 0 });
    expect(rx.bodies).toHaveLength(1);
    expect(rx.bodies[0]).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'ops',
      externalURL: 'http://fulcrum.test',
      alerts: [{ status: 'firing', labels: { alertname: 'server down', severity: 'critical', server: '10.0.0.6:7700' }, annotations: { description: '10.0.0.6:7700 is down' }, endsAt: '0001-01-01T00:00:00Z' }],
    });
  });

  it('retries a receiver that fails with capped backoff, keeping firing before resolved', async () => {
    rx.answer(503);
    // the down server comes back: resolved
    const back = { ...example, batchId: 'back', servers: example.servers!.map((s) => ({ ...s, status: 'up' as const, observedAt: at(25).toISOString() })) };
    await ingest(store, back as IngestBatch, at(25));
    await store.sampleServers(at(30), 10_000);
    expect(await evaluateAlerts(store, at(31), OPTIONS)).toMatchObject({ transitions: 1, queued: 1 });
    expect(await deliverNotifications(store, at(32), OPTIONS)).toEqual({ due: 1, sent: 0, failed: 1, bodies: 1 });
    // 1 s later the head of the queue is due again; 2 s, then 4 s, then the cap of 4 s
    expect((await deliverNotifications(store, at(32.5), OPTIONS)).due).toBe(0);
    expect(await deliverNotifications(store, at(33), OPTIONS)).toEqual({ due: 1, sent: 0, failed: 1, bodies: 1 });
    expect((await deliverNotifications(store, at(34.9), OPTIONS)).due).toBe(0);
    expect((await deliverNotifications(store, at(35), OPTIONS)).failed).toBe(1);
    expect((await deliverNotifications(store, at(38.9), OPTIONS)).due).toBe(0);
    expect((await deliverNotifications(store, at(39), OPTIONS)).failed).toBe(1);
    expect((await deliverNotifications(store, at(42.9), OPTIONS)).due).toBe(0);
    rx.answer(200);
    expect(await deliverNotifications(store, at(43), OPTIONS)).toEqual({ due: 1, sent: 1, failed: 0, bodies: 1 });
    expect(rx.bodies.map((b) => b.status)).toEqual(['firing', 'resolved']);
    const resolved = (rx.bodies[1]!.alerts as { startsAt: string; endsAt: string }[])[0]!;
    expect(resolved.startsAt).toBe(at(21).toISOString());
    expect(resolved.endsAt).toBe(at(31).toISOString());
    expect(await store.outboxCounts()).toEqual({ pending: 0, sent: 2, failed: 0 });
  });

  it('a silenced transition is kept in the history but not sent', async () => {
    const rule = await store.createAlertRule(
      ruleBody.parse({ name: 'skew', series: { metric: 'maxMean', measure: 'apps' }, comparator: '>=', threshold: 1, forSeconds: 0, severity: 'info' }),
      'test',
      at(40),
    );
    await store.createSilence({ matchers: [{ name: 'alertname', value: 'skew', op: '=' }], startsAt: at(0).toISOString(), endsAt: at(3600).toISOString(), recurrence: null, createdBy: 'test', comment: 'quiet' }, at(40));
    await store.sampleServers(at(40), 10_000);
    expect(await evaluateAlerts(store, at(41), OPTIONS)).toMatchObject({ transitions: 1, queued: 0 });
    const [t] = await store.listAlertTransitions({ ruleId: rule.id, limit: 5 });
    expect(t).toMatchObject({ to: 'firing', silenced: true });
    expect(await store.outboxCounts()).toEqual({ pending: 0, sent: 2, failed: 0 });
  });

  it('two notifiers never claim the same notification', async () => {
    await store.createAlertRule(ruleBody.parse({ name: 'claim', series: { metric: 'maxMean' }, comparator: '>=', threshold: 1, forSeconds: 0, severity: 'info' }), 'test', at(42));
    expect(await evaluateAlerts(store, at(42), OPTIONS)).toMatchObject({ transitions: 1, queued: 1 });
    const [a, b] = await Promise.all([store.dueNotifications(at(43), 10), store.dueNotifications(at(43), 10)]);
    expect(a.length + b.length).toBe(1);
    // claimed for 30 s: not due again meanwhile, due after
    expect(await store.dueNotifications(at(60), 10)).toEqual([]);
    const again = await store.dueNotifications(at(74), 10);
    expect(again.map((n) => (n.item as NotifiedAlert).labels.alertname)).toEqual(['claim']);
  });

  it('a rule watching another series starts with new instances; its history stays', async () => {
    const created = await store.createAlertRule(ruleBody.parse({ name: 'moving', series: { metric: 'serverDown' }, comparator: '>=', threshold: 1, forSeconds: 0, severity: 'info' }), 'test', at(44));
    await evaluateAlerts(store, at(44), OPTIONS);
    expect((await store.listAlertInstances({ ruleId: created.id, state: 'inactive' })).length).toBe(2);
    await store.updateAlertRule(created.id, 1, { ...created.rule, series: { metric: 'maxMean', measure: 'apps' } }, 'test', at(45));
    expect(await store.listAlertInstances({ ruleId: created.id, state: 'inactive' })).toEqual([]);
    await evaluateAlerts(store, at(46), OPTIONS);
    expect((await store.listAlertInstances({ ruleId: created.id })).map((i) => i.key)).toEqual(['cluster']);
  });

  it('prunes old history and delivered notifications, never what is still queued', async () => {
    const counts = await store.outboxCounts();
    const history = (await store.listAlertTransitions({ limit: 1000 })).length;
    expect(await store.pruneAlerts(at(100), { historyMs: 3_600_000, outboxMs: 3_600_000 })).toEqual({ transitions: 0, notifications: 0, silences: 0 });
    const pruned = await store.pruneAlerts(at(7201), { historyMs: 3_600_000, outboxMs: 3_600_000 });
    expect(pruned.notifications).toBe(counts.sent + counts.failed);
    expect(await store.outboxCounts()).toEqual({ pending: counts.pending, sent: 0, failed: 0 });
    // transitions a pending notification still points at are kept
    expect(pruned.transitions).toBe(history - counts.pending);
    expect(pruned.silences).toBe(1);
  });

  it('reads every stored moment in order, the same as the newest one read alone', async () => {
    const moments = await store.sampleMoments(at(0), at(40));
    expect(moments.map((m) => (m.t - T0) / 1000)).toEqual([10, 20, 30, 40]);
    const latest = await store.latestSamples(at(41), 30_000);
    expect(moments[3]).toEqual(latest);
    expect(moments[0]!.samples.map((s) => [s.server, s.status, s.appsOwned, s.workersConnected])).toEqual([
      ['10.0.0.5:7700', 'up', 2, 2],
      ['10.0.0.6:7700', 'down', 0, 0],
    ]);
    expect(typeof moments[0]!.samples[0]!.dataAgeS).toBe('number');
    expect(await store.sampleMoments(at(41), at(49))).toEqual([]);
  });

  it('refuses a stale version and keeps the current rule', async () => {
    const created = await store.createAlertRule(ruleBody.parse({ name: 'cv', series: { metric: 'cv' }, comparator: '>', threshold: 0.5, forSeconds: 60, severity: 'warning' }), 'alice', at(50));
    const first = await store.updateAlertRule(created.id, 1, { ...created.rule, threshold: 0.6 }, 'alice', at(51));
    expect(first && 'updated' in first && first.updated.version).toBe(2);
    const stale = await store.updateAlertRule(created.id, 1, { ...created.rule, threshold: 0.7 }, 'bob', at(52));
    expect(stale && 'conflict' in stale && stale.conflict).toMatchObject({ version: 2, updatedBy: 'alice', rule: { threshold: 0.6 } });
    expect(await store.updateAlertRule(999_999, 1, created.rule, 'bob', at(52))).toBeNull();
    expect((await store.deleteAlertRule(created.id))!.id).toBe(created.id);
    expect(await store.getAlertRule(created.id)).toBeNull();
  });
});

/**
 * A fresh fixture for the enclosing describe block, with the contact point 'ops' on its receiver;
 * its fields are filled before the block's tests run.
 */
function withContactPoint(target: ReturnType<typeof storeTargets>[number]) {
  const f = {} as Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    Object.assign(f, await fixture(target));
    await f.store.createContactPoint({ name: 'ops', url: f.rx.url, enabled: true }, at(0));
  });
  afterAll(async () => {
    await f.rx?.close();
    await f.env?.dispose();
  });
  return f;
}

describe.each(storeTargets())('repeated notifications on $name', (target) => {
  const f = withContactPoint(target);
  const HOUR = 3_600_000;
  const options = { ...OPTIONS, repeatMs: HOUR };
  // the example cluster keeps one server up, so max/mean >= 1 fires from the first evaluation on
  const evaluate = async (s: number) => {
    // the servers report again just before, or they would be stale by now
    const fresh = { ...example, batchId: `fresh-${s}`, servers: example.servers!.map((x) => ({ ...x, observedAt: at(s - 2).toISOString() })) };
    await ingest(f.store, fresh as IngestBatch, at(s - 2));
    await f.store.sampleServers(at(s - 1), 10_000);
    return evaluateAlerts(f.store, at(s), options);
  };

  it('tells a firing alert again every repeat interval, and not in between', async () => {
    await f.store.createAlertRule(ruleBody.parse({ name: 'loud', series: { metric: 'maxMean' }, comparator: '>=', threshold: 1, forSeconds: 0, severity: 'info' }), 'test', at(10));
    expect(await evaluate(11)).toEqual({ rules: 1, transitions: 1, queued: 1 });
    expect(await evaluate(1800)).toMatchObject({ transitions: 0, queued: 0 });
    expect(await evaluate(3610)).toMatchObject({ transitions: 0, queued: 0 }); // 3,599 s since told
    expect((await f.store.listAlertInstances({ state: 'firing' }))[0]!.lastNotifiedAt).toBe(at(11).toISOString());
    expect(await evaluate(3612)).toMatchObject({ transitions: 0, queued: 1 });
    expect((await f.store.listAlertInstances({ state: 'firing' }))[0]!.lastNotifiedAt).toBe(at(3612).toISOString());
    expect(await evaluate(3620)).toMatchObject({ transitions: 0, queued: 0 });
    expect(await evaluate(3612 + 3600)).toMatchObject({ transitions: 0, queued: 1 });
    expect(await deliverNotifications(f.store, at(7300), options)).toMatchObject({ sent: 3, failed: 0 });
    const alerts = f.rx.bodies.map((b) => (b.alerts as { status: string; startsAt: string; labels: Record<string, string> }[])[0]!);
    expect(alerts.map((a) => [a.status, a.labels.alertname, a.startsAt])).toEqual([
      ['firing', 'loud', at(11).toISOString()],
      ['firing', 'loud', at(11).toISOString()],
      ['firing', 'loud', at(11).toISOString()],
    ]);
  });

  it('tells an alert that fired under a silence once the silence is over', async () => {
    f.rx.bodies.length = 0;
    await f.store.createAlertRule(ruleBody.parse({ name: 'hushed', series: { metric: 'maxMean' }, comparator: '>=', threshold: 1, forSeconds: 0, severity: 'info' }), 'test', at(8000));
    await f.store.createSilence({ matchers: [{ name: 'alertname', value: 'hushed', op: '=' }], startsAt: at(7900).toISOString(), endsAt: at(8100).toISOString(), recurrence: null, createdBy: 'test', comment: 'maintenance' }, at(7900));
    expect(await evaluate(8010)).toMatchObject({ rules: 2, transitions: 1, queued: 0 }); // hushed fires silenced
    expect(await evaluate(8050)).toMatchObject({ transitions: 0, queued: 0 });
    expect((await f.store.listAlertInstances({ state: 'firing' })).find((i) => i.ruleName === 'hushed')!.lastNotifiedAt).toBeNull();
    expect(await evaluate(8110)).toMatchObject({ transitions: 0, queued: 1 }); // the silence is over
    expect(await evaluate(8120)).toMatchObject({ transitions: 0, queued: 0 }); // told once, not every round
    expect(await deliverNotifications(f.store, at(8130), options)).toMatchObject({ sent: 1 });
    expect(f.rx.bodies.map((b) => [b.status, (b.alerts as { labels: Record<string, string>; startsAt: string }[])[0]!.labels.alertname, (b.alerts as { startsAt: string }[])[0]!.startsAt])).toEqual([['firing', 'hushed', at(8010).toISOString()]]);
  });

  it('sends nothing again with the repeat interval off', async () => {
    options.repeatMs = 0;
    expect(await evaluate(20_000)).toMatchObject({ transitions: 0, queued: 0 });
    expect(await evaluate(40_000)).toMatchObject({ transitions: 0, queued: 0 });
    options.repeatMs = HOUR;
    expect(await evaluate(40_010)).toMatchObject({ transitions: 0, queued: 2 }); // both, told long ago
  });

  it('repeats an alert without data (nodata notifies as firing) as well', async () => {
    // no server reports any more: no sample in the window, both rules go to nodata
    expect(await evaluateAlerts(f.store, at(50_000), options)).toMatchObject({ transitions: 2, queued: 2 });
    expect(await evaluateAlerts(f.store, at(50_000 + 1800), options)).toMatchObject({ transitions: 0, queued: 0 });
    expect(await evaluateAlerts(f.store, at(50_000 + 3600), options)).toMatchObject({ transitions: 0, queued: 2 });
    expect((await f.store.listAlertInstances({ state: 'nodata' })).length).toBe(2);
  });
});

describe.each(storeTargets())('grouped notifications on $name', (target) => {
  const f = withContactPoint(target);

  it('sends the alerts one evaluation of a rule raises as one body, and each rule in its own', async () => {
    await f.store.createAlertRule(ruleBody.parse({ name: 'age', series: { metric: 'dataAge' }, comparator: '>=', threshold: 0, forSeconds: 0, severity: 'warning' }), 'test', at(5));
    await f.store.createAlertRule(ruleBody.parse({ name: 'down', series: { metric: 'serverDown' }, comparator: '>=', threshold: 1, forSeconds: 0, severity: 'critical' }), 'test', at(5));
    await f.store.sampleServers(at(10), 10_000);
    expect(await evaluateAlerts(f.store, at(11), OPTIONS)).toMatchObject({ rules: 2, transitions: 3, queued: 3 });
    expect(await deliverNotifications(f.store, at(12), OPTIONS)).toEqual({ due: 3, sent: 3, failed: 0, bodies: 2 });
    const byRule = Object.fromEntries(f.rx.bodies.map((b) => [(b.groupLabels as { alertname: string }).alertname, b]));
    expect(Object.keys(byRule).sort()).toEqual(['age', 'down']);
    const age = byRule.age as { status: string; commonLabels: Record<string, string>; alerts: { labels: Record<string, string> }[] };
    expect(age.status).toBe('firing');
    expect(age.alerts.map((a) => a.labels.server).sort()).toEqual(['10.0.0.5:7700', '10.0.0.6:7700']);
    expect(age.commonLabels).toEqual({ alertname: 'age', severity: 'warning' });
    expect((byRule.down as { alerts: unknown[] }).alerts).toHaveLength(1);
  });
});

describe.each(storeTargets())('giving up on $name', (target) => {
  const f = withContactPoint(target);

  it('stops retrying a notification once its next attempt would come after FULCRUM_ALERT_RETRY_FOR', async () => {
    // retried for 10 s after it was queued, backoff 1 s, 2 s, then the cap of 4 s
    const options = { ...OPTIONS, retryForMs: 10_000 };
    f.rx.answer(503);
    await f.store.createAlertRule(ruleBody.parse({ name: 'down', series: { metric: 'serverDown' }, comparator: '>=', threshold: 1, forSeconds: 0, severity: 'critical' }), 'test', at(5));
    await f.store.sampleServers(at(10), 10_000);
    expect(await evaluateAlerts(f.store, at(11), options)).toMatchObject({ queued: 1 }); // queued at 11 s
    // attempts at 11, 12, 14 and 18 s, each due again 1, 2, 4 and 4 s later: the fourth's retry
    // (22 s) is 11 s after queueing, past the 10 s
    for (const [s, pending] of [[11, 1], [12, 1], [14, 1], [18, 0]] as const) {
      expect(await deliverNotifications(f.store, at(s), options), `attempt at ${s} s`).toMatchObject({ due: 1, sent: 0, failed: 1 });
      expect(await f.store.outboxCounts(), `after the attempt at ${s} s`).toEqual({ pending, sent: 0, failed: 1 - pending });
    }
    // given up: never due again, even once the receiver answers
    f.rx.answer(200);
    expect(await deliverNotifications(f.store, at(3600), options)).toEqual({ due: 0, sent: 0, failed: 0, bodies: 0 });
    expect(f.rx.bodies).toEqual([]);
  });

  it('gives up on a receiver that does not answer within the timeout, and tries again later', async () => {
    const options = { ...OPTIONS, timeoutMs: 300 };
    f.rx.answer(0);
    const cp = await f.store.createContactPoint({ name: 'silent', url: f.rx.url, enabled: true }, at(4000));
    expect(cp).not.toBeNull();
    await f.store.createAlertRule(ruleBody.parse({ name: 'age', series: { metric: 'dataAge' }, comparator: '>=', threshold: 0, forSeconds: 0, severity: 'warning' }), 'test', at(4000));
    await f.store.sampleServers(at(4010), 10_000);
    expect((await evaluateAlerts(f.store, at(4011), options)).queued).toBeGreaterThan(0);
    const started = performance.now();
    const round = await deliverNotifications(f.store, at(4012), options);
    const ms = performance.now() - started;
    expect(round.sent).toBe(0);
    expect(round.failed).toBeGreaterThan(0);
    // the receiver saw the request and the sender hang up on it, no sooner than the timeout
    expect(f.rx.held.length).toBeGreaterThan(0);
    const [h] = f.rx.held;
    await eventually(async () => (h!.closedAt !== null ? true : null), 5000, 'the sender closing the held request', 10);
    expect(h!.closedAt! - h!.at, 'held until the sender gave up (ms)').toBeGreaterThanOrEqual(250);
    expect(ms, 'the round gave up at the 300 ms timeout, not at the default 5 s').toBeLessThan(4000);
    // still queued for a later attempt
    expect((await f.store.outboxCounts()).pending).toBeGreaterThan(0);
  });
});
