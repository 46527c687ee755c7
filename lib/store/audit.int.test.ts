// The audit log against real databases: appended entries come back newest first, filtered and paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './index.ts';
import { storeTargets } from './test-support.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000);

describe.each(storeTargets())('audit log on $name', (target) => {
  let store: Store;
  let env: Awaited<ReturnType<typeof target.create>>;
  beforeAll(async () => {
    env = await target.create();
    store = env.store;
    await store.recordAudit({ actor: 'alice', action: 'source.add', target: 'source:10.0.0.5:7700', after: { address: '10.0.0.5:7700' }, at: at(0) });
    await store.recordAudit({ actor: 'bob', action: 'rollout.start', target: 'rollout:1', before: { state: 'draft' }, after: { state: 'running' }, at: at(10) });
    await store.recordAudit({ actor: 'system:rollout-controller', action: 'rollout.promote', target: 'rollout:1', detail: 'timed pause ended', at: at(20) });
    await store.recordAudit({ actor: 'alice', action: 'rollout_x', target: 'rollout_10', at: at(30) });
  });
  afterAll(() => env?.dispose());

  it('lists entries newest first with before and after as stored', async () => {
    const { entries, next } = await store.listAudit({ limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['rollout_x', 'rollout.promote', 'rollout.start', 'source.add']);
    expect(next).toBeNull();
    const start = entries.find((e) => e.action === 'rollout.start')!;
    expect(start).toMatchObject({ actor: 'bob', target: 'rollout:1', before: { state: 'draft' }, after: { state: 'running' }, detail: null, at: at(10).toISOString() });
    expect(entries.find((e) => e.action === 'rollout.promote')!.detail).toBe('timed pause ended');
  });

  it('filters by actor, by exact or prefixed action and target, and by time', async () => {
    expect((await store.listAudit({ actor: 'alice', limit: 10 })).entries.map((e) => e.action)).toEqual(['rollout_x', 'source.add']);
    // a prefix ends in its separator, and `_` in it is not a LIKE wildcard
    expect((await store.listAudit({ action: 'rollout.', limit: 10 })).entries.map((e) => e.action)).toEqual(['rollout.promote', 'rollout.start']);
    expect((await store.listAudit({ action: 'rollout.start', limit: 10 })).entries).toHaveLength(1);
    expect((await store.listAudit({ action: 'rollout', limit: 10 })).entries).toHaveLength(0);
    expect((await store.listAudit({ target: 'rollout:', limit: 10 })).entries).toHaveLength(2);
    expect((await store.listAudit({ from: at(10), to: at(30), limit: 10 })).entries.map((e) => e.action)).toEqual(['rollout.promote', 'rollout.start']);
  });

  it('pages by cursor without gaps or repeats', async () => {
    const first = await store.listAudit({ limit: 3 });
    expect(first.entries).toHaveLength(3);
    expect(first.next).toBe(first.entries[2]!.id);
    const second = await store.listAudit({ limit: 3, before: first.next! });
    expect(second.entries.map((e) => e.action)).toEqual(['source.add']);
    expect(second.next).toBeNull();
  });

  it('offers the actors and actions seen as filter choices', async () => {
    expect(await store.auditFacets()).toEqual({
      actors: ['alice', 'bob', 'system:rollout-controller'],
      actions: ['rollout.promote', 'rollout.start', 'rollout_x', 'source.add'],
    });
  });
});
