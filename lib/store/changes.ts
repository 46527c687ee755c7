// The change bus: tells every replica's data plane that something changed (a rollout promoted, a
// strategy edited) so it can drop what it cached. On PostgreSQL a change is a row in `changes`
// plus a NOTIFY on fulcrum_changes; each replica LISTENs on a connection of its own and, on a
// notification or every `pollMs` (the fallback when a notification is lost or the LISTEN
// connection is down), reads the rows it has not delivered yet. On PGlite (one process) it is an
// in-process emitter.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { SqlClient } from './db.ts';

export const CHANGES_CHANNEL = 'fulcrum_changes';

export interface Change {
  id: number;
  topic: string;
  payload: unknown;
  at: Date;
}

export type ChangeListener = (payload: unknown, change: Change) => void;

export interface ChangeBus {
  publish(topic: string, payload: unknown): Promise<void>;
  /** Calls `listener` for every change on `topic` published from now on (by any replica); returns the unsubscribe. */
  subscribe(topic: string, listener: ChangeListener): () => void;
  /** Deletes changes older than `keepMs` (PostgreSQL); answers how many. */
  prune(now: Date, keepMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface ChangeBusOptions {
  /** the polling fallback's interval (default 1 s) */
  pollMs?: number;
  /** how long after losing its LISTEN connection it opens a new one (default 1 s) */
  relistenMs?: number;
  onError?: (error: unknown) => void;
}

/** PGlite: one process, so an emitter; listeners run after the publish resolves, never inside it. */
export function inProcessChangeBus(): ChangeBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let id = 0;
  return {
    async publish(topic, payload) {
      // a copy through JSON, as a payload read back from PostgreSQL would be
      const copy: unknown = JSON.parse(JSON.stringify(payload ?? null));
      const change: Change = { id: ++id, topic, payload: copy, at: new Date() };
      queueMicrotask(() => emitter.emit(topic, copy, change));
    },
    subscribe(topic, listener) {
      emitter.on(topic, listener);
      return () => void emitter.off(topic, listener);
    },
    prune: async () => 0,
    close: async () => void emitter.removeAllListeners(),
  };
}

/** Ids can commit out of order (two publishers at once); re-reading this many ids back catches a late one. */
const LOOKBACK_IDS = 256;

/** Starts listening at once, so every change published after this resolves reaches the subscribers. */
export async function openPostgresChangeBus(client: SqlClient, databaseUrl: string, options: ChangeBusOptions = {}): Promise<ChangeBus> {
  const pollMs = options.pollMs ?? 1000;
  const relistenMs = options.relistenMs ?? 1000;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let closed = false;
  let listenClient: pg.Client | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  /** ids at or below this were all delivered (or are from before the bus started) */
  let watermark = 0;
  const delivered = new Set<number>();
  let reading: Promise<void> | null = null;
  let again = false;

  const report = (error: unknown) => options.onError?.(error);

  async function readNew(): Promise<void> {
    const rows = await client.query<{ id: string; topic: string; payload: unknown; at: Date }>(
      'select id, topic, payload, at from changes where id > $1 order by id limit 5000',
      [Math.max(0, watermark - LOOKBACK_IDS)],
    );
    for (const r of rows) {
      const id = Number(r.id);
      if (id <= watermark - LOOKBACK_IDS || delivered.has(id)) continue;
      delivered.add(id);
      const change: Change = { id, topic: r.topic, payload: r.payload, at: new Date(r.at) };
      try {
        emitter.emit(r.topic, r.payload, change);
      } catch (error) {
        report(error);
      }
    }
    const top = rows.length ? Number(rows[rows.length - 1]!.id) : watermark;
    watermark = Math.max(watermark, top);
    for (const id of delivered) if (id <= watermark - LOOKBACK_IDS) delivered.delete(id);
  }

  /** One read at a time; a request during a read runs one more read after it. */
  function read(): Promise<void> {
    if (reading) {
      again = true;
      return reading;
    }
    reading = readNew()
      .catch(report)
      .finally(() => {
        reading = null;
        if (again && !closed) {
          again = false;
          void read();
        }
      });
    return reading;
  }

  async function listen(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'fulcrum-changes', keepAlive: true });
    const retry = () => {
      if (closed || listenClient !== c) return;
      listenClient = null;
      c.end().catch(() => undefined);
      retryTimer = setTimeout(() => void listen().catch(report), relistenMs);
      void read(); // whatever was announced while it was down
    };
    c.on('error', retry);
    c.on('end', retry);
    c.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) void read();
    });
    listenClient = c;
    try {
      await c.connect();
      await c.query(`listen ${CHANGES_CHANNEL}`);
    } catch (error) {
      report(error);
      retry();
    }
  }

  const [top] = await client.query<{ id: string | null }>('select max(id) as id from changes');
  watermark = Number(top?.id ?? 0);
  await listen();
  const poll = () => {
    if (closed) return;
    pollTimer = setTimeout(() => void read().finally(poll), pollMs);
    pollTimer.unref();
  };
  poll();

  return {
    async publish(topic, payload) {
      await client.query(
        `with c as (insert into changes (topic, payload) values ($1, $2::jsonb) returning id)
         select pg_notify($3, c.id::text) from c`,
        [topic, JSON.stringify(payload ?? null), CHANGES_CHANNEL],
      );
    },
    subscribe(topic, listener) {
      emitter.on(topic, listener);
      return () => void emitter.off(topic, listener);
    },
    async prune(now, keepMs) {
      const rows = await client.query<{ n: string }>(
        'with d as (delete from changes where at < $1 returning 1) select count(*) as n from d',
        [new Date(now.getTime() - keepMs)],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      closed = true;
      if (pollTimer) clearTimeout(pollTimer);
      if (retryTimer) clearTimeout(retryTimer);
      await reading;
      const c = listenClient;
      listenClient = null;
      await c?.end().catch(() => undefined);
      emitter.removeAllListeners();
    },
  };
}
