// The change bus: an emitter on PGlite; on a real PostgreSQL (TEST_DATABASE_URL or
// postgres://postgres@127.0.0.1:5432/postgres; unreachable fails unless FULCRUM_TEST_SKIP_POSTGRES=1)
// two stores on one database stand for two replicas: NOTIFY carries a change across at once, and
// polling carries it when the LISTEN connection is gone. Each check isolates one mechanism (a store
// that polls once an hour hears only NOTIFY; one that never listens again hears only by polling)
// and waits on what it heard with a generous deadline: no fixed latency to miss on a busy machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Change, type Store } from './index.ts';
import { scratchDatabase, SKIP_POSTGRES, withPostgresAdmin } from './test-support.ts';
import { eventually } from '../../test/support/process.ts';

const skip = SKIP_POSTGRES;
const admin = withPostgresAdmin;

/** Collects what a store hears on one topic. */
function recorder(store: Store, topic: string) {
  const heard: { payload: unknown; change: Change; at: number }[] = [];
  const off = store.onChange(topic, (payload, change) => heard.push({ payload, change, at: performance.now() }));
  return {
    heard,
    off,
    async waitFor(n: number, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (heard.length < n) {
        if (Date.now() > deadline) throw new Error(`heard ${heard.length} of ${n} changes on ${topic} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

describe('change bus on PGlite', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-changes-'));
    store = await openStore({ dataDir: dir, staleAfterMs: 30_000 });
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a change to the listeners of its topic only, as a copy, after publish resolves', async () => {
    const rollouts = recorder(store, 'rollouts');
    const other = recorder(store, 'strategies');
    const payload = { id: 'r1', step: 2 };
    await store.publishChange('rollouts', payload);
    payload.step = 3; // the publisher's object may change afterwards
    await rollouts.waitFor(1);
    expect(rollouts.heard[0]!.payload).toEqual({ id: 'r1', step: 2 });
    expect(rollouts.heard[0]!.change).toMatchObject({ topic: 'rollouts', id: expect.any(Number) });
    expect(other.heard).toEqual([]);
    rollouts.off();
    await store.publishChange('rollouts', { id: 'r2' });
    await new Promise((r) => setTimeout(r, 20));
    expect(rollouts.heard).toHaveLength(1);
  });
});

describe.skipIf(skip)('change bus on PostgreSQL (two replicas)', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  let url: string;
  let a: Store;
  /** b polls once an hour: what it hears within the test came by NOTIFY */
  let b: Store;
  beforeAll(async () => {
    db = await scratchDatabase('fulcrum_changes');
    url = db.url;
    a = await openStore({ dataDir: '', databaseUrl: url, staleAfterMs: 30_000 });
    b = await openStore({ dataDir: '', databaseUrl: url, staleAfterMs: 30_000, changeBus: { pollMs: 3_600_000 } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });
  const listening = async () =>
    (await admin((c) => c.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'fulcrum-changes'`, [db!.name]))).rows[0].n as number;

  it('carries a change to the other replica (and this one) by NOTIFY, in order, once each', async () => {
    const onB = recorder(b, 'rollouts');
    const onA = recorder(a, 'rollouts');
    const started = performance.now();
    await a.publishChange('rollouts', { id: 'r1', step: 1 });
    await onB.waitFor(1, 10_000);
    process.stdout.write(`change bus: NOTIFY delivered to the other replica in ${(onB.heard[0]!.at - started).toFixed(1)} ms\n`);
    await onA.waitFor(1, 10_000);

    for (let i = 2; i <= 20; i++) await (i % 2 ? a : b).publishChange('rollouts', { id: 'r1', step: i });
    await onB.waitFor(20, 10_000);
    await onA.waitFor(20, 10_000);
    await new Promise((r) => setTimeout(r, 2500)); // a's polling rounds (every 1 s) since: still once each
    expect(onB.heard.map((h) => (h.payload as { step: number }).step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(onA.heard.map((h) => (h.payload as { step: number }).step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    onA.off();
    onB.off();
  });

  it('falls back to polling when the LISTEN connection is gone, and listens again', async () => {
    // c never listens again once its connection is gone: what it hears then came by polling
    const c = await openStore({ dataDir: '', databaseUrl: url, staleAfterMs: 30_000, changeBus: { pollMs: 200, relistenMs: 3_600_000 } });
    try {
      const onC = recorder(c, 'strategies');
      const killed = await admin((k) =>
        k.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'fulcrum-changes'`, [db!.name]),
      );
      expect(killed.rowCount).toBe(3); // a's, b's and c's
      const started = performance.now();
      await a.publishChange('strategies', { kind: 'rendezvous' });
      await onC.waitFor(1, 10_000);
      process.stdout.write(`change bus: with LISTEN down, polling delivered in ${(performance.now() - started).toFixed(0)} ms\n`);
      expect(onC.heard[0]!.payload).toEqual({ kind: 'rendezvous' });
      // a and b open a new LISTEN connection after their 1 s retry (c does not)
      await eventually(async () => ((await listening()) === 2 ? true : null), 15_000, 'a and b listening again', 100);
      // and b, which hears only by NOTIFY, hears again
      const onB = recorder(b, 'sources');
      await a.publishChange('sources', { added: 1 });
      await onB.waitFor(1, 10_000);
      onB.off();
    } finally {
      await c.close();
    }
  });

  it('prunes old changes', async () => {
    await a.publishChange('rollouts', { old: true });
    expect(await a.pruneChanges(new Date(Date.now() + 2 * 3_600_000), 3_600_000)).toBeGreaterThan(0);
    expect(await a.pruneChanges(new Date(), 3_600_000)).toBe(0);
  });
});
