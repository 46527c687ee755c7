// For tests: DingTalk, Feishu and WeCom robots on loopback. Each checks what the vendor documents —
// the signature (computed here with node:crypto, apart from the product code), the message shape
// and the rate limit on the test's clock — and answers as the vendor does (200 with an error code
// when wrong). The DingTalk robot has the keyword Fulcrum告警 and expects @13800000000.
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const ROBOT_SECRET = 'SEC0123456789abcdef';
const SECRET = ROBOT_SECRET;

export type RobotKind = 'dingtalk' | 'feishu' | 'wecom';
type Kind = RobotKind;

/** A robot on loopback: checks each request as the vendor does and answers as it does (200 with an error code when wrong). */
export async function robot(kind: Kind, clock: () => number) {
  const messages: { at: number; servers: string[]; text: string; body: Record<string, unknown> }[] = [];
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
      messages.push({ at: now, servers: [...text.matchAll(/ · (s\d+)\n/g)].map((m) => m[1]!), text, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(kind === 'feishu' ? { code: 0, msg: 'success', data: {} } : { errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = kind === 'dingtalk' ? `${base}/robot/send?access_token=ding-token` : kind === 'feishu' ? `${base}/open-apis/bot/v2/hook/feishu-hook` : `${base}/cgi-bin/webhook/send?key=wecom-key`;
  return { url, messages, refusals, close: () => new Promise((r) => server.close(r)) };
}
