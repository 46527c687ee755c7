// DingTalk, Feishu and WeCom robots have no server here: each is a receiver on loopback that checks
// what the vendor documents — the signature (computed here with node:crypto, apart from the product
// code, and fixed vectors computed with Python's hmac), the message shape, and the rate limit
// (DingTalk and WeCom 20 a minute, Feishu 100 a minute and 5 a second) — while the real notifier
// delivers a real store's outbox to it on a driven clock: never over the limit, nothing dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateWindow } from '../domain/contact-messages.ts';
import { ruleBody } from '../domain/alert-rules.ts';
import type { Store } from '../store/index.ts';
import { storeTargets } from '../store/test-support.ts';
import { deliverNotifications } from './alerts.ts';
import { dingtalkSign, feishuSign } from './contact-delivery.ts';
import { queueTransition } from './alert-test-support.ts';
import { robot, ROBOT_SECRET as SECRET, type RobotKind as Kind } from './robot-test-support.ts';

const OPTIONS = { externalUrl: 'http://fulcrum.test', retryBaseMs: 1_000, retryCapMs: 4_000, retryForMs: 3_600_000, timeoutMs: 5_000 };

describe('signatures against fixed vectors (Python hmac, base64, urllib.parse.quote_plus)', () => {
  it('DingTalk: Base64(HMAC-SHA256(secret, timestamp + "\\n" + secret)), URL-encoded', () => {
    expect(dingtalkSign(SECRET, 1577262236757)).toBe('Pgr6tpIpjVrMPPJUPkaI9sivFPPTYOy5zIOMF2GPFMA%3D');
  });
  it('Feishu: Base64(HMAC-SHA256(key = timestamp + "\\n" + secret, message = empty))', () => {
    expect(feishuSign(SECRET, 1599360473)).toBe('o4rYuzS+vyYu0ScPJVg0TrKMaVksgOXu1MYbxvtUINE=');
  });
});

/** The most messages in any window of `ms` ending at a message. */
const peak = (ats: number[], ms: number) => Math.max(0, ...ats.map((t) => ats.filter((u) => u > t - ms && u <= t).length));

describe('chat robots against their documented contract', () => {
  const target = storeTargets()[0]!; // PGlite: the outbox SQL is the same on PostgreSQL (alerts.int.test.ts)
  let env: Awaited<ReturnType<typeof target.create>>;
  let store: Store;
  let ruleId: number;
  let clock = Date.now();

  beforeAll(async () => {
    env = await target.create();
    store = env.store;
    ruleId = (await store.createAlertRule(ruleBody.parse({ name: 'apps skew', series: { metric: 'serverShare', measure: 'apps' }, comparator: '>', threshold: 0.5, forSeconds: 0, severity: 'warning' }), 'test', new Date(clock))).id;
  });
  afterAll(async () => {
    await env?.dispose();
  });

  /** Queues one alert every `stepMs` for `count` steps, delivering after each, then drains; returns what the robot took. */
  async function drive(kind: Kind, settings: Record<string, unknown>, secret: string | null, count: number, stepMs: number) {
    const rx = await robot(kind, () => clock);
    const cp = (await store.createContactPoint({ name: `${kind}-robot`, kind, url: rx.url, enabled: true, settings, secret }, new Date(clock)))!;
    const windows = new Map<number, RateWindow>();
    const queued: string[] = [];
    try {
      for (let i = 0; i < count; i++) {
        clock += stepMs;
        const server = `s${i}`;
        queued.push(server);
        await queueTransition(store, ruleId, `${kind}-${server}`, { server }, 'firing', new Date(clock));
        await deliverNotifications(store, new Date(clock), OPTIONS, windows);
      }
      // no more alerts: what waited behind the limit goes out, grouped
      for (let s = 0; s < 180; s++) {
        clock += 1_000;
        await deliverNotifications(store, new Date(clock), OPTIONS, windows);
      }
      return { rx, queued, cp };
    } finally {
      await store.updateContactPoint(cp.id, { name: cp.name, kind, url: rx.url, enabled: false, settings }, new Date(clock));
      await rx.close();
    }
  }

  /** Every alert queued arrived exactly once, in order. */
  function everyAlertOnce(rx: Awaited<ReturnType<typeof robot>>, queued: string[]) {
    expect(rx.messages.flatMap((m) => m.servers), 'every alert reached the robot once, in the order queued').toEqual(queued);
  }

  it('DingTalk: signed URL, markdown with a keyword and @mentions, at most 20 a minute, grouped, none dropped', async () => {
    const { rx, queued } = await drive('dingtalk', { keywords: ['Fulcrum告警'], atMobiles: ['13800000000'] }, SECRET, 90, 1_000);
    expect(rx.refusals, 'the robot refused nothing').toEqual([]);
    everyAlertOnce(rx, queued);
    expect(peak(rx.messages.map((m) => m.at), 60_000), 'messages in any minute').toBeLessThanOrEqual(20);
    expect(rx.messages.length, 'fewer messages than alerts: the rest were grouped').toBeLessThan(90);
    expect(rx.messages.some((m) => m.servers.length > 1), 'some message carries several alerts').toBe(true);
  }, 240_000);

  it('Feishu: signed body, interactive card, at most 5 a second and 100 a minute, grouped, none dropped', async () => {
    const { rx, queued } = await drive('feishu', {}, SECRET, 700, 100);
    expect(rx.refusals).toEqual([]);
    everyAlertOnce(rx, queued);
    const ats = rx.messages.map((m) => m.at);
    expect(peak(ats, 1_000), 'messages in any second').toBeLessThanOrEqual(5);
    expect(peak(ats, 60_000), 'messages in any minute').toBeLessThanOrEqual(100);
    expect(rx.messages.length).toBeLessThan(700);
    const first = rx.messages[0]!.body as { card: { header: { template: string; title: { content: string } } } };
    expect(first.card.header).toMatchObject({ template: 'red', title: { content: expect.stringContaining('[FIRING:') } });
  }, 240_000);

  it('WeCom: markdown within 4096 bytes, at most 20 a minute, grouped, none dropped', async () => {
    const { rx, queued } = await drive('wecom', {}, null, 90, 1_000);
    expect(rx.refusals).toEqual([]);
    everyAlertOnce(rx, queued);
    expect(peak(rx.messages.map((m) => m.at), 60_000)).toBeLessThanOrEqual(20);
    expect(rx.messages.length).toBeLessThan(90);
  }, 240_000);

  it('a robot that refuses (wrong secret) is retried, not marked sent', async () => {
    const rx = await robot('dingtalk', () => clock);
    const cp = (await store.createContactPoint({ name: 'wrong-secret', kind: 'dingtalk', url: rx.url, enabled: true, settings: { keywords: ['Fulcrum告警'], atMobiles: ['13800000000'] }, secret: 'SECwrong' }, new Date(clock)))!;
    try {
      clock += 1_000;
      await queueTransition(store, ruleId, 'refused', { server: 's999' }, 'firing', new Date(clock));
      const round = await deliverNotifications(store, new Date(clock), OPTIONS, new Map());
      expect(round).toMatchObject({ sent: 0, failed: 1 });
      expect(rx.refusals).toEqual(['sign not match']);
      expect((await store.outboxCounts()).pending).toBeGreaterThan(0);
    } finally {
      await store.deleteContactPoint(cp.id);
      await rx.close();
    }
  }, 60_000);
});
