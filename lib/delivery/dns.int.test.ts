// The DNS responder on loopback, asked by Debian's dig over UDP and TCP, and fuzzed with broken
// queries: each gets FORMERR (or an answer), and the responder keeps answering.
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeded } from '../domain/random.ts';
import { freePort } from '../../test/support/process.ts';
import { createDnsResponder, type DnsAnswer, type DnsResponder } from './dns.ts';

const run = promisify(execFile);
const ZONE = 'powerjob.test';
const S = ['10.0.0.1:7700', '10.0.0.2:7700', '10.0.0.3:7700'];

async function dig(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...args], { timeout: 10_000 });
  return stdout;
}

function udpAsk(port: number, bytes: Buffer): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      resolve(null);
    }, 2000);
    s.on('message', (m) => {
      clearTimeout(t);
      s.close();
      resolve(m);
    });
    s.send(bytes, port, '127.0.0.1');
  });
}

describe('DNS responder', () => {
  let dns: DnsResponder;
  let port: number;
  const asked: { app: string | null; client: string }[] = [];
  let answer: (app: string | null) => DnsAnswer | null = (app) => ({ servers: app === 'pay' ? [S[2]!, S[0]!, S[1]!] : S, rollout: app === 'pay' ? { id: 'ro-1', inCohort: true } : null });
  beforeAll(async () => {
    dns = createDnsResponder({
      host: '127.0.0.1',
      port: await freePort(),
      zone: ZONE,
      answer: async (app, client) => {
        asked.push({ app, client });
        return answer(app);
      },
    });
    await dns.start();
    expect(dns.status().state, dns.status().reason ?? '').toBe('ok');
    port = dns.port();
  });
  afterAll(async () => {
    await dns?.stop();
  });

  it('answers an app’s name with A records in the strategy’s order, TTL 30 s, for the asking client', async () => {
    expect((await dig(port, `pay.${ZONE}`, 'A', '+short')).trim().split('\n')).toEqual(['10.0.0.3', '10.0.0.1', '10.0.0.2']);
    const full = await dig(port, `order-api.${ZONE}`, 'A', '+noall', '+answer', '+comments');
    expect(full).toMatch(/status: NOERROR/);
    expect(full).toMatch(/flags: qr aa/);
    const records = full.split('\n').filter((l) => /\tA\t/.test(l));
    expect(records.map((l) => l.split(/\s+/)[4])).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(records.every((l) => l.split(/\s+/)[1] === '30')).toBe(true);
    expect(asked.at(-1)).toEqual({ app: 'order-api', client: '127.0.0.1' });
    expect(dns.status().reached.byRollout).toEqual({ 'ro-1': 1 });
  });

  it('answers over TCP too, and the bare zone for no particular app', async () => {
    expect((await dig(port, '+tcp', ZONE, 'A', '+short')).trim().split('\n')).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(asked.at(-1)?.app).toBeNull();
  });

  it('refuses names outside the zone, has no other record types, and says SERVFAIL while it knows nothing', async () => {
    expect(await dig(port, 'example.com', 'A')).toMatch(/status: REFUSED/);
    expect(await dig(port, `a.b.${ZONE}`, 'A')).toMatch(/status: NXDOMAIN/);
    const aaaa = await dig(port, `pay.${ZONE}`, 'AAAA');
    expect(aaaa).toMatch(/status: NOERROR/);
    expect(aaaa).toMatch(/ANSWER: 0/);
    expect(await dig(port, ZONE, 'SOA', '+short')).toMatch(new RegExp(`^ns\\.${ZONE.replace('.', '\\.')}\\. hostmaster`));
    const before = answer;
    answer = () => null;
    expect(await dig(port, `pay.${ZONE}`, 'A')).toMatch(/status: SERVFAIL/);
    answer = before;
  });

  it('gives a malformed query FORMERR with its id, and drops what claims to be a response', async () => {
    const short = await udpAsk(port, Buffer.from([0xab, 0xcd, 0x01]));
    expect(short && [short.readUInt16BE(0), short[3]! & 0x0f, short[2]! & 0x80]).toEqual([0xabcd, 1, 0x80]);
    const two = dnsPacket.encode({ type: 'query', id: 7, questions: [{ type: 'A', name: `pay.${ZONE}` }, { type: 'A', name: `x.${ZONE}` }] });
    expect((await udpAsk(port, two))![3]! & 0x0f).toBe(1);
    const response = dnsPacket.encode({ type: 'response', id: 8, questions: [{ type: 'A', name: `pay.${ZONE}` }] });
    expect(await udpAsk(port, response)).toBeNull();
  });

  it('fuzz: 600 random and mutated queries over UDP and TCP each get an answer or FORMERR, and the responder keeps working', async () => {
    const random = seeded(19);
    const valid = dnsPacket.encode({ type: 'query', id: 1, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: `pay.${ZONE}` }] });
    const cases: Buffer[] = [];
    for (let i = 0; i < 300; i++) {
      // random bytes of random length (queries: the QR bit cleared, so each one must be answered)
      const b = Buffer.from(Array.from({ length: random.int(80) }, () => random.int(256)));
      if (b.length >= 3) b[2]! &= 0x7f;
      cases.push(b);
    }
    for (let i = 0; i < 300; i++) {
      // a valid query with a few bytes changed, cut short or lengthened
      const b = Buffer.from(valid);
      for (let k = 0; k <= random.int(4); k++) b[random.int(b.length)] = random.int(256);
      b[2]! &= 0x7f;
      const cut = random.next() < 0.3 ? b.subarray(0, random.int(b.length)) : random.next() < 0.3 ? Buffer.concat([b, Buffer.from([random.int(256), random.int(256)])]) : b;
      cases.push(Buffer.from(cut));
    }
    let answered = 0;
    for (const c of cases) {
      const out = await dns.reply(c, '127.0.0.1', 512);
      expect(out, `no reply to ${c.toString('hex')}`).not.toBeNull();
      const rcode = out![3]! & 0x0f;
      expect([0, 1, 2, 3, 4, 5], `rcode ${rcode} for ${c.toString('hex')}`).toContain(rcode);
      if (rcode === 0) answered++;
    }
    expect(answered, 'some mutations stay valid queries').toBeGreaterThan(0);
    expect(dns.errors().formerr).toBeGreaterThan(300);
    // the same bytes through the sockets: UDP one by one, TCP all on one connection
    for (const c of cases.slice(0, 100)) expect(await udpAsk(port, c), `UDP ${c.toString('hex')}`).not.toBeNull();
    const socket = net.connect({ host: '127.0.0.1', port });
    let got = 0;
    let rest = Buffer.alloc(0);
    const all = new Promise<void>((resolve) => {
      socket.on('data', (d: Buffer) => {
        rest = Buffer.concat([rest, d]);
        while (rest.length >= 2 && rest.length >= 2 + rest.readUInt16BE(0)) {
          rest = rest.subarray(2 + rest.readUInt16BE(0));
          if (++got === 30) resolve();
        }
      });
    });
    for (const c of cases.slice(300, 330)) {
      const framed = Buffer.alloc(2 + c.length);
      framed.writeUInt16BE(c.length, 0);
      c.copy(framed, 2);
      socket.write(framed);
    }
    await all;
    socket.destroy();
    expect((await dig(port, `pay.${ZONE}`, 'A', '+short')).trim().split('\n')[0], 'still answering after the fuzz').toBe('10.0.0.3');
  }, 60_000);

  it('a port it cannot bind marks it failing with the reason, and it retries', async () => {
    const taken = dgram.createSocket('udp4');
    await new Promise<void>((r) => taken.bind(0, '127.0.0.1', () => r()));
    const busy = createDnsResponder({ host: '127.0.0.1', port: taken.address().port, zone: ZONE, answer: async () => null, retryBaseMs: 50, retryCapMs: 100 });
    await busy.start();
    expect(busy.status()).toMatchObject({ state: 'failing', retryInMs: 50 });
    expect(busy.status().reason).toMatch(/EADDRINUSE/);
    taken.close();
    const deadline = Date.now() + 5000;
    while (busy.status().state !== 'ok' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(busy.status().state, 'bound once the port was free').toBe('ok');
    await busy.stop();
  });
});
