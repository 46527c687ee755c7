// DingTalk, Feishu and WeCom robots have no server here: each is a receiver on loopback that checks
// what the vendor documents — the signature (computed here with node:crypto, apart from the product
// code, and fixed vectors computed with Python's hmac), the message shape, and the rate limit
// (DingTalk and WeCom 20 a minute, Feishu 100 a minute and 5 a second) — while the real notifier
// delivers a real store's outbox to it on a driven clock: never over the limit, nothing dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RateWindow } from '../domain/contact-messages.ts';
import { ruleBody } from '../domain/alert-rules.ts';
import type { Store } from '../store/index.ts';
import { storeTargets } from '../store/test-support.ts';
import { deliverNotifications } from './alerts.ts';
import { dingtalkSign, feishuSign } from './contact-delivery.ts';
import { queueTransition } from './alert-test-support.ts';

const SECRET = 'SEC0123456789abcdef';
const OPTIONS = { externalUrl: 'http://fulcrum.test', retryBaseMs: 1_000, retryCapMs: 4_000, retryForMs: 3_600_000, timeoutMs: 5_000 };

describe('signatures against fixed vectors (Python hmac, base64, urllib.parse.quote_plus)', () => {
  it('DingTalk: Base64(HMAC-SHA256(secret, timestamp + "\\n" + secret)), URL-encoded', () => {
    expect(dingtalkSign(SECRET, 1577262236757)).toBe('Pgr6tpIpjVrMPPJUPkaI9sivFPPTYOy5zIOMF2GPFMA%3D');
  });
  it('Feishu: Base64(HMAC-SHA256(key = timestamp + "\\n" + secret, message = empty))', () => {
    expect(feishuSign(SECRET, 1599360473)).toBe('o4rYuzS+vyYu0ScPJVg0TrKMaVksgOXu1MYbxvtUINE=');
  });
});

type Kind = 'dingtalk' | 'feishu' | 'wecom';

/** A robot on loopback: checks each request as the vendor does and answers as it does (200 with an error code when wrong). */
async function robot(kind: Kind, clock: () => number) {
  const messages: { at: number; servers: string[]; body: Record<string, unknown> }[] = [];
  const refusals: string[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const refuse = (code: number, why: string) => {
        refusals.push(why);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(kind === 'feishu' ? { code, msg: why } : { errcode: code, errmsg: why }));
      };
      const url = new URL(req.url ?? '/', 'http://robot');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(data);
      } catch {
        return refuse(40035, 'not JSON');
      }
      let text = '';
      if (kind === 'dingtalk') {
        if (url.searchParams.get('access_token') !== 'ding-token') return refuse(300001, 'token is not exist');
        const ts = url.searchParams.get('timestamp');
        const sign = url.searchParams.get('sign');
        if (!ts || !sign) return refuse(310000, 'sign not match (missing)');
        // written apart from the product code, as DingTalk documents it
        const expected = createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64');
        if (sign !== expected) return refuse(310000, 'sign not match');
        if (Math.abs(Number(ts) - clock()) > 3_600_000) return refuse(310000, 'timestamp too far');
        const md = body.markdown as { title?: string; text?: string } | undefined;
        if (body.msgtype !== 'markdown' || !md?.title || !md.text) return refuse(40035, 'not a markdown message');
        if (!md.text.includes('Fulcrum告警')) return refuse(310000, 'keywords not in content');
        const at = body.at as { atMobiles?: string[]; isAtAll?: boolean };
        if (JSON.stringify(at?.atMobiles) !== '["13800000000"]' || at.isAtAll !== false || !md.text.includes('@13800000000')) return refuse(40035, 'mention not as set');
        text = md.text;
      } else if (kind === 'feishu') {
        if (url.pathname !== '/open-apis/bot/v2/hook/feishu-hook') return refuse(19001, 'param invalid: incoming webhook access token invalid');
        const ts = body.timestamp as string;
        const expected = createHmac('sha256', `${ts}\n${SECRET}`).update(Buffer.alloc(0)).digest('base64');
        if (typeof ts !== 'string' || body.sign !== expected) return refuse(19021, 'sign match fail or timestamp is not within one hour from current time');
        if (Math.abs(Number(ts) * 1000 - clock()) > 3_600_000) return refuse(19021, 'timestamp is not within one hour');
        const card = body.card as { header?: { title?: { content?: string } }; elements?: { tag: string; content?: string }[] } | undefined;
        if (body.msg_type !== 'interactive' || !card?.header?.title?.content || !card.elements?.length) return refuse(19002, 'not an interactive card');
        text = card.elements.filter((e) => e.tag === 'markdown').map((e) => e.content).join('\n');
      } else {
        if (url.searchParams.get('key') !== 'wecom-key') return refuse(93000, 'invalid webhook url');
        const md = body.markdown as { content?: string } | undefined;
        if (body.msgtype !== 'markdown' || !md?.content) return refuse(40008, 'invalid message type');
        if (Buffer.byteLength(md.content) > 4096) return refuse(40058, 'content exceed max length');
        text = md.content;
      }
      // the vendors' rate limits, counted on the test's clock
      const now = clock();
      const inLast = (ms: number) => messages.filter((m) => m.at > now - ms).length;
      const over = kind === 'feishu' ? inLast(1_000) >= 5 || inLast(60_000) >= 100 : inLast(60_000) >= 20;
      if (over) return refuse(kind === 'feishu' ? 11232 : kind === 'wecom' ? 45009 : 130101, 'send too fast');
      messages.push({ at: now, servers: [...text.matchAll(/ · (s\d+)\n/g)].map((m) => m[1]!), body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(kind === 'feishu' ? { code: 0, msg: 'success', data: {} } : { errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = kind === 'dingtalk' ? `${base}/robot/send?access_token=ding-token` : kind === 'feishu' ? `${base}/open-apis/bot/v2/hook/feishu-hook` : `${base}/cgi-bin/webhook/send?key=wecom-key`;
  return { url, messages, refusals, close: () => new Promise((r) => server.close(r)) };
}

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
