// Rollout queries against real databases: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './index.ts';
import { storeTargets } from './test-support.ts';
import { advance, newRollout, rolloutSpec } from '../domain/rollout.ts';

const T0 = Date.parse('2026-11-24T09:30:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000);
const spec = rolloutSpec.parse({ name: 'balance', candidate: { kind: 'rendezvous' }, steps: [{ percent: 10, pause: { seconds: 60 } }, { percent: 100, pause: { manual: true } }] });

describe.each(storeTargets())('rollouts on $name', (target) => {
  let store: Store;
  let env: Awaited<ReturnType<typeof target.create>>;
  beforeAll(async () => {
    env = await target.create();
    store = env.store;
  });
  afterAll(() => env.dispose());

  it('creates, transitions compare-and-set on the revision, and keeps the history', async () => {
    const created = await store.createRollout(newRollout('r-1', spec), 'alice', at(0));
    expect([created.state, created.revision, created.name, created.spec.moves.perMinute]).toEqual(['draft', 1, 'balance', 5]);
    const started = advance(created, { type: 'start' }, at(1));
    if (!started.ok) throw new Error(started.reason);
    expect(await store.saveRolloutTransition(started.rollout, 1, started.transition!, 'alice', at(1))).toBe(true);
    // a second writer holding the old revision loses
    expect(await store.saveRolloutTransition(started.rollout, 1, started.transition!, 'bob', at(1))).toBe(false);
    const now = (await store.getRollout('r-1'))!;
    expect([now.state, now.step, now.percent, now.revision]).toEqual(['running', 0, 10, 2]);
    expect(now.stepStartedAt).toEqual(at(1));
    expect(now.startedAt).toEqual(at(1));
    const events = await store.listRolloutEvents('r-1');
    expect(events.map((e) => [e.action, e.actor, e.toState])).toEqual([
      ['start', 'alice', 'running'],
      ['create', 'alice', 'draft'],
    ]);
    expect((await store.listRollouts({ states: ['running'] })).map((r) => r.id)).toEqual(['r-1']);
    expect(await store.listRollouts({ states: ['aborted'] })).toEqual([]);
    // the audit log has both, written in the same transactions
    const audit = await store.listAudit({ target: 'rollout:r-1', limit: 10 });
    expect(audit.entries.map((e) => [e.action, e.actor])).toEqual([
      ['rollout.start', 'alice'],
      ['rollout.create', 'alice'],
    ]);
    expect(audit.entries[0]!.after).toMatchObject({ state: 'running', step: 0, percent: 10 });
    const markers = await store.rolloutMarkers(at(0), at(10));
    expect(markers.map((m) => [m.action, m.name])).toEqual([['start', 'balance']]);
  });

  it('records moves, counts them for the rate, and samples', async () => {
    const id = await store.recordMove({ rolloutId: 'r-1', appId: 7, appName: 'app-07', fromServer: 'a:7700', toServer: 'b:7700', purpose: 'forward', status: 'moved', requestedAt: at(5), verifiedAt: null, detail: null });
    await store.recordMove({ rolloutId: 'r-1', appId: 8, appName: 'app-08', fromServer: 'a:7700', toServer: 'b:7700', purpose: 'forward', status: 'conflict', requestedAt: at(6), verifiedAt: null, detail: 're-elected' });
    expect(await store.countMovesSince(at(0))).toBe(1);
    expect((await store.listMoves({ status: 'moved' })).map((m) => m.appId)).toEqual([7]);
    await store.updateMove(id, { status: 'verified', verifiedAt: at(20) });
    const [m] = await store.listMoves({ rolloutId: 'r-1', status: 'verified' });
    expect(m?.verifiedAt).toEqual(at(20));
    await store.recordRolloutSample('r-1', { at: at(30), step: 0, percent: 10, cohortApps: 2, cohortMaxMean: 1, controlMaxMean: 1.8, clusterMaxMean: 1.6, clusterJain: 0.7 });
    expect(await store.rolloutSampleSeries('r-1')).toEqual([{ at: at(30), step: 0, percent: 10, cohortApps: 2, cohortMaxMean: 1, controlMaxMean: 1.8, clusterMaxMean: 1.6, clusterJain: 0.7 }]);
  });
});
