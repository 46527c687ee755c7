// The ZooKeeper channel: writes each app's server list where Spring Cloud Zookeeper Config reads
// it, /<root>/<application>[,<profile>]/powerjob.worker.server-address (root `config` by default),
// and keeps it there: every sync reads each node back and rewrites what differs, so a ZooKeeper
// that lost its data or was down catches up. A failure never reaches the rest of Fulcrum: the
// channel reports failing with the reason and retries with back-off. A worker reads the value
// once, at its next start (powerjob.md §7).
import zookeeper from 'node-zookeeper-client';
import { backoff, type ChannelStatus } from './channel.ts';
import type { AppTarget } from './targets.ts';

export const SERVER_ADDRESS_KEY = 'powerjob.worker.server-address';

export interface ZooKeeperChannelOptions {
  /** host:port[,host:port…][/chroot] */
  connect: string;
  /** Spring Cloud Zookeeper Config's spring.cloud.zookeeper.config.root, with a leading slash */
  root: string;
  /** Spring profiles to write too, as <application>,<profile> (the default profile separator) */
  profiles: readonly string[];
  intervalMs: number;
  targets(): Promise<AppTarget[]>;
  /** each ZooKeeper request and the connection must answer within this */
  timeoutMs?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  onError?: (error: unknown) => void;
  now?: () => Date;
}

/** A ZooKeeper node name can hold neither a slash nor be . or ..; such an app is not published. */
const publishable = (app: string) => app !== '' && app !== '.' && app !== '..' && !/[/,]/.test(app) && ![...app].some((ch) => ch.charCodeAt(0) < 0x20);

/** Every node an app's list goes to: the application's own and one per profile. */
export function nodePaths(root: string, app: string, profiles: readonly string[]): string[] {
  const base = root.replace(/\/+$/, '');
  return [app, ...profiles.map((p) => `${app},${p}`)].map((context) => `${base}/${context}/${SERVER_ADDRESS_KEY}`);
}

class Timeout extends Error {}

/** node-zookeeper-client's errors are Exceptions (no `message` in their types): one Error for all. */
function asError(error: Error | zookeeper.Exception | null | undefined): Error | null {
  if (!error) return null;
  return error instanceof Error ? error : new Error(String(error));
}
const isNoNode = (error: Error | zookeeper.Exception | null | undefined) => Boolean(error && 'getCode' in error && error.getCode() === zookeeper.Exception.NO_NODE);

function within<T>(ms: number, what: string, run: (done: (error: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Timeout(`${what}: no answer within ${ms} ms`)), ms);
    run((error, value) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    });
  });
}

export function createZooKeeperChannel(options: ZooKeeperChannelOptions) {
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? (() => new Date());
  const retry = backoff(options.retryBaseMs ?? 1000, options.retryCapMs ?? 60_000);
  let client: zookeeper.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let syncing: Promise<void> | null = null;
  let again = false;
  const status: ChannelStatus = { channel: 'zookeeper', state: 'starting', reason: null, target: `${options.connect} ${options.root}`, lastSuccessAt: null, retryInMs: null, reached: { total: 0, byRollout: {} } };
  /** writes made since start */
  let writes = 0;

  function drop(): void {
    const c = client;
    client = null;
    c?.close();
  }

  async function connected(): Promise<zookeeper.Client> {
    if (client && client.getState() === zookeeper.State.SYNC_CONNECTED) return client;
    drop();
    const c = zookeeper.createClient(options.connect, { sessionTimeout: 30_000, spinDelay: 500, retries: 0 });
    client = c;
    await within<void>(timeoutMs, `connect to ZooKeeper ${options.connect}`, (done) => {
      c.once('connected', () => done(null));
      c.connect();
    });
    // a lost session or connection is found out at the next request; a new client is made then
    c.once('disconnected', () => {
      if (client === c) drop();
    });
    return c;
  }

  async function write(c: zookeeper.Client, path: string, value: string): Promise<boolean> {
    const data = Buffer.from(value, 'utf8');
    const current = await within<Buffer | undefined>(timeoutMs, `read ${path}`, (done) =>
      c.getData(path, (error, got) => {
        if (isNoNode(error)) done(null, undefined);
        else done(asError(error), got ?? Buffer.alloc(0));
      }),
    );
    if (current?.equals(data)) return false;
    if (current === undefined) await within<string>(timeoutMs, `create ${path}`, (done) => c.mkdirp(path, data, (error, p) => done(asError(error), p)));
    else await within<unknown>(timeoutMs, `write ${path}`, (done) => c.setData(path, data, -1, (error, stat) => done(asError(error), stat)));
    return true;
  }

  async function syncOnce(): Promise<void> {
    const targets = await options.targets();
    const c = await connected();
    const byRollout: Record<string, number> = {};
    let total = 0;
    for (const t of targets) {
      if (!publishable(t.app)) continue;
      const value = t.servers.join(',');
      for (const path of nodePaths(options.root, t.app, options.profiles)) {
        if (await write(c, path, value)) writes++;
        total++;
        if (t.rollout?.inCohort) byRollout[t.rollout.id] = (byRollout[t.rollout.id] ?? 0) + 1;
      }
    }
    status.reached = { total, byRollout };
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void sync(), ms);
    timer.unref();
  }

  /** One sync now (or right after the one running); the next is scheduled from its outcome. */
  function sync(): Promise<void> {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        await syncOnce();
        retry.reset();
        Object.assign(status, { state: 'ok', reason: null, retryInMs: null, lastSuccessAt: now().toISOString() });
        schedule(options.intervalMs);
      } catch (error) {
        drop();
        const wait = retry.next();
        Object.assign(status, { state: 'failing', reason: (error as Error).message || String(error), retryInMs: wait });
        options.onError?.(error);
        schedule(wait);
      } finally {
        syncing = null;
        if (again && !stopped) {
          again = false;
          void sync();
        }
      }
    })();
    return syncing;
  }

  return {
    /** Starts syncing (the first attempt now); never throws: failures show in status(). */
    start(): void {
      void sync();
    },
    sync,
    /** A rollout or the servers changed: sync at once. */
    changed(): void {
      if (!stopped) void sync();
    },
    status: (): ChannelStatus => ({ ...status, reached: { total: status.reached.total, byRollout: { ...status.reached.byRollout } } }),
    /** how many node writes (creates and changes) this process made */
    writes: () => writes,
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await syncing?.catch(() => undefined);
      drop();
    },
  };
}

export type ZooKeeperChannel = ReturnType<typeof createZooKeeperChannel>;
