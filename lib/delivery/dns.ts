// The DNS channel: an authoritative responder for one zone, on the data plane's process, over UDP
// and TCP. `<app>.<zone>` answers A records in the strategy's order for that app and the asking
// client's address (a rollout's cohort gets the candidate's order), `<zone>` the same for no
// particular app; TTL 30 s. A worker resolves the name when it opens a connection and keeps that
// connection between its 10 s discoveries, so the order matters at its start and after a failure
// (powerjob.md §7). A malformed query gets FORMERR; nothing a client sends can stop the responder.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { backoff, type ChannelStatus } from './channel.ts';

export const DNS_TTL_S = 30;
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const UDP_MAX = 512;
const EDNS_MAX = 4096;
const TCP_IDLE_MS = 10_000;
/** queries a TCP connection may hold unanswered before it is closed */
const TCP_MAX_PENDING = 32;

export interface DnsAnswer {
  /** server web addresses (host:port) in order; only IPv4 hosts become A records */
  servers: readonly string[];
  rollout: { id: string; inCohort: boolean } | null;
}

export interface DnsResponderOptions {
  host: string;
  /** 0: a free port (tests) */
  port: number;
  zone: string;
  /** The order for an app (null: the bare zone) asked by a client at `clientIp`; null: nothing known yet (SERVFAIL). */
  answer(app: string | null, clientIp: string): Promise<DnsAnswer | null>;
  retryBaseMs?: number;
  retryCapMs?: number;
  onError?: (error: unknown) => void;
  now?: () => Date;
}

const normalise = (name: string) => name.replace(/\.+$/, '').toLowerCase();
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const hostOf = (address: string) => address.slice(0, address.lastIndexOf(':') < 0 ? address.length : address.lastIndexOf(':'));
const plainIp = (ip: string | undefined) => (ip ?? '').replace(/^::ffff:/, '');

/** A bare error answer built from the header alone, for what dns-packet cannot read: id and opcode kept when there. */
export function errorReply(query: Buffer, rcode: number): Buffer {
  const out = Buffer.alloc(12);
  if (query.length >= 2) query.copy(out, 0, 0, 2);
  const opcode = query.length >= 3 ? query[2]! & 0x78 : 0;
  const rd = query.length >= 3 ? query[2]! & 0x01 : 0;
  out[2] = 0x80 | opcode | rd; // QR, opcode, RD
  out[3] = rcode & 0x0f;
  return out;
}

export function createDnsResponder(options: DnsResponderOptions) {
  const zone = normalise(options.zone);
  const now = options.now ?? (() => new Date());
  const retry = backoff(options.retryBaseMs ?? 1000, options.retryCapMs ?? 60_000);
  const status: ChannelStatus = { channel: 'dns', state: 'starting', reason: null, target: `${zone} on ${options.host}:${options.port} (UDP, TCP)`, lastSuccessAt: null, retryInMs: null, reached: { total: 0, byRollout: {} } };
  const counts = { formerr: 0, nxdomain: 0, refused: 0, servfail: 0 };
  let udp: dgram.Socket | null = null;
  let tcp: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  let boundPort = options.port;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const soa = (): dnsPacket.Answer => ({
    type: 'SOA',
    name: zone,
    ttl: DNS_TTL_S,
    data: { mname: `ns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 300, retry: 60, expire: 86_400, minimum: DNS_TTL_S },
  });

  /** The reply to one query: bytes to send, or null to send nothing (a response sent to us). */
  async function reply(query: Buffer, clientIp: string, maxSize: number | null): Promise<Buffer | null> {
    let packet: dnsPacket.DecodedPacket;
    try {
      packet = dnsPacket.decode(query);
    } catch {
      counts.formerr++;
      if (query.length >= 3 && (query[2]! & 0x80) !== 0) return null; // a broken response: never answer one
      return errorReply(query, RCODE.FORMERR);
    }
    if (packet.type === 'response') return null;
    const opcode = (query[2]! >> 3) & 0x0f;
    if (opcode !== 0) return errorReply(query, RCODE.NOTIMP);
    const questions = packet.questions ?? [];
    if (questions.length !== 1) {
      counts.formerr++;
      return errorReply(query, RCODE.FORMERR);
    }
    const question = questions[0]!;
    const rd = packet.flag_rd ? dnsPacket.RECURSION_DESIRED : 0;
    const edns = (packet.additionals ?? []).find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    const respond = (rcode: number, answers: dnsPacket.Answer[] = [], authorities: dnsPacket.Answer[] = []) => {
      const base = { type: 'response' as const, id: packet.id ?? 0, questions: [question], additionals: [] as dnsPacket.Answer[] };
      const flags = dnsPacket.AUTHORITATIVE_ANSWER | rd | rcode;
      let out = dnsPacket.encode({ ...base, flags, answers, authorities });
      const limit = maxSize === null ? null : Math.min(EDNS_MAX, Math.max(UDP_MAX, edns?.udpPayloadSize ?? UDP_MAX));
      // too large for this UDP reply: truncated, the client asks again over TCP
      if (limit !== null && out.length > limit) out = dnsPacket.encode({ ...base, flags: flags | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] });
      return out;
    };
    const name = normalise(question.name);
    if (question.class !== 'IN' && (question.class as string) !== 'ANY') {
      counts.refused++;
      return respond(RCODE.REFUSED);
    }
    if (name !== zone && !name.endsWith(`.${zone}`)) {
      counts.refused++;
      return respond(RCODE.REFUSED); // not authoritative for it, and no recursion
    }
    const label = name === zone ? null : name.slice(0, -zone.length - 1);
    if (label !== null && label.includes('.')) {
      counts.nxdomain++;
      return respond(RCODE.NXDOMAIN, [], [soa()]);
    }
    if (question.type === 'SOA') return respond(RCODE.NOERROR, label === null ? [soa()] : [], label === null ? [] : [soa()]);
    if (question.type !== 'A' && (question.type as string) !== 'ANY') return respond(RCODE.NOERROR, [], [soa()]); // the name exists, with A records only
    let got: DnsAnswer | null;
    try {
      got = await options.answer(label, clientIp);
    } catch (error) {
      options.onError?.(error);
      got = null;
    }
    if (!got) {
      counts.servfail++;
      return respond(RCODE.SERVFAIL);
    }
    const ips = [...new Set(got.servers.map(hostOf).filter((h) => IPV4.test(h)))];
    status.reached.total++;
    if (got.rollout?.inCohort) status.reached.byRollout[got.rollout.id] = (status.reached.byRollout[got.rollout.id] ?? 0) + 1;
    return respond(RCODE.NOERROR, ips.map((ip) => ({ type: 'A' as const, name: question.name, ttl: DNS_TTL_S, data: ip })), ips.length ? [] : [soa()]);
  }

  function onTcp(socket: net.Socket): void {
    sockets.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    let pending = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const query = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        if (++pending > TCP_MAX_PENDING) return void socket.destroy();
        void reply(Buffer.from(query), plainIp(socket.remoteAddress), null).then((out) => {
          pending--;
          if (!out || socket.destroyed) return;
          const framed = Buffer.alloc(2 + out.length);
          framed.writeUInt16BE(out.length, 0);
          out.copy(framed, 2);
          socket.write(framed);
        });
      }
    });
  }

  async function bind(): Promise<void> {
    const socket = dgram.createSocket('udp4');
    const server = net.createServer(onTcp);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(boundPort, options.host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      const port = socket.address().port;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      boundPort = port;
    } catch (error) {
      socket.close();
      server.close();
      throw error;
    }
    socket.on('error', (error) => options.onError?.(error));
    socket.on('message', (msg, rinfo) => {
      void reply(msg, plainIp(rinfo.address), UDP_MAX).then((out) => {
        if (out && !stopped) socket.send(out, rinfo.port, rinfo.address);
      });
    });
    udp = socket;
    tcp = server;
    status.target = `${zone} on ${options.host}:${boundPort} (UDP, TCP)`;
  }

  async function attempt(): Promise<void> {
    try {
      await bind();
      retry.reset();
      Object.assign(status, { state: 'ok', reason: null, retryInMs: null, lastSuccessAt: now().toISOString() });
    } catch (error) {
      const wait = retry.next();
      Object.assign(status, { state: 'failing', reason: `cannot listen on ${options.host}:${boundPort}: ${(error as Error).message}`, retryInMs: wait });
      options.onError?.(error);
      if (!stopped) {
        retryTimer = setTimeout(() => void attempt(), wait);
        retryTimer.unref();
      }
    }
  }

  return {
    /** Binds UDP and TCP; on failure the responder reports failing and retries with back-off (never throws). */
    start: attempt,
    port: () => boundPort,
    status: (): ChannelStatus => ({ ...status, reached: { total: status.reached.total, byRollout: { ...status.reached.byRollout } } }),
    /** error answers given, by kind */
    errors: () => ({ ...counts }),
    /** One reply, as the sockets give it (tests, and the fuzz test's oracle). */
    reply,
    async stop(): Promise<void> {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => (udp ? udp.close(() => r()) : r())), new Promise<void>((r) => (tcp ? tcp.close(() => r()) : r()))]);
    },
  };
}

export type DnsResponder = ReturnType<typeof createDnsResponder>;
