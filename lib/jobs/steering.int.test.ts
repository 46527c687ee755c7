// Failover steering against the rollout controller on an emulated cluster on a manual clock (the
// loop of bench/rollout-loop.ts: the real collector and ingest, the emulator's compare-and-set), on
// PGlite and PostgreSQL. The cluster is the `failover` scenario's (3 servers, 30 apps) with 4.3.9
// workers, which keep their configured order, two thirds of the apps deployed with the list rotated:
// a killed server's apps all land on the next server of their list, the pile-up of PowerJob #191.
import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../emulator/clock.ts';
import { applyFreeze } from '../domain/maintenance.ts';
import { applySteering, isSteerRow, STEERING_OFF } from '../domain/steering.ts';
import { startRolloutLoop, type RolloutLoop } from '../../bench/rollout-loop.ts';
import { orderedFailover, planMaxMean, stepUntil, survivorsMaxMean } from '../../bench/failover-cluster.ts';
import { storeTargets, type StoreTarget } from '../store/test-support.ts';

/** Starts the cluster, steering as given, and waits for the collector to report the three servers. */
async function started(target: StoreTarget, steering: { enabled: boolean; confirmSeconds?: number }) {
  const loop = await startRolloutLoop(orderedFailover(), { store: target });
  const now = loop.now();
  await loop.store.setSteering(applySteering(STEERING_OFF, { enabled: steering.enabled, ...(steering.confirmSeconds === undefined ? {} : { confirmSeconds: steering.confirmSeconds }) }, 'alice', now), now);
  await stepUntil(loop, 4, 'the collector to report the 3 servers up', async () => (await loop.store.listServers(loop.now())).filter((s) => s.health === 'up').length === 3);
  return loop;
}

/** Kills the server owning the most apps, half a collection round before the next one; its address, apps and the plan's max/mean. */
async function kill(loop: RolloutLoop) {
  const state = loop.emulator.state();
  const killed = Object.entries(state.servers).sort((a, b) => b[1].appsOwned - a[1].appsOwned)[0]![0];
  const orphans = Object.entries(state.bindings).filter(([, s]) => s === killed).map(([name]) => loop.emulator.appIdOf(name)!);
  const plan = planMaxMean(loop, killed);
  await loop.emulator.stopServer(killed);
  await (loop.emulator.clock as ManualClock).run(loop.collectMs / 2);
  return { killed, orphans, plan, at: loop.now() };
}

const steerRows = async (loop: RolloutLoop) => (await loop.store.listMoves({ rolloutIdPrefix: 'st-', limit: 1000 })).filter(isSteerRow);

describe.each(storeTargets().map((t) => [t.name, t] as const))('failover steering (%s)', (_name, target: StoreTarget) => {
  let loop: RolloutLoop | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('re-homes a killed server\'s apps as the plan says (survivors within 10 % of the plan\'s max/mean), each tried once, audited', { timeout: 180_000 }, async () => {
    loop = await started(target, { enabled: true });
    const { killed, orphans, plan } = await kill(loop);
    expect(orphans.length, 'apps on the killed server').toBeGreaterThanOrEqual(8);
    await stepUntil(loop, 3, 'a compare-and-set for every orphaned app', async () => (await steerRows(loop!)).length === orphans.length);
    const rows = await steerRows(loop);
    expect(rows.map((r) => r.appId).sort((a, b) => a - b)).toEqual([...orphans].sort((a, b) => a - b));
    expect(rows.every((r) => r.fromServer === killed && r.toServer !== killed)).toBe(true);
    const won = rows.filter((r) => r.status === 'moved');
    expect(won.length, `compare-and-sets that beat PowerJob's election (${rows.map((r) => r.status).join(', ')})`).toBeGreaterThan(0);
    expect(won.every((r) => r.code === 'steer-moved')).toBe(true);
    await stepUntil(loop, 60, `the survivors within 10 % of the plan's max/mean ${plan.toFixed(3)} with no move open`, async () => survivorsMaxMean(loop!) <= plan * 1.1 + 1e-9 && (await loop!.store.listMoves({ status: 'moved' })).length === 0);
    // nothing was tried twice from the killed server, and every steered app was verified on its new owner
    const after = await steerRows(loop);
    expect(after.length).toBe(orphans.length);
    expect(after.filter((r) => r.status === 'failed').map((r) => r.detail)).toEqual([]);
    const audit = await loop.store.listAudit({ action: 'steering.move', limit: 500 });
    expect(audit.entries.length).toBe(orphans.length);
    expect(audit.entries.every((e) => e.actor === 'system:steering' && e.detail?.startsWith(`steering from ${killed}: `))).toBe(true);
    expect((await loop.store.listAudit({ action: 'maintenance.steering.enable', limit: 5 })).entries.map((e) => e.actor)).toEqual(['alice']);
  });

  it('without steering, PowerJob piles the killed server\'s apps onto one survivor', { timeout: 180_000 }, async () => {
    loop = await started(target, { enabled: false });
    const { plan } = await kill(loop);
    // 2 minutes: every worker has rediscovered many times over
    for (let i = 0; i < 24; i++) await loop.step();
    expect(await steerRows(loop)).toEqual([]);
    expect(survivorsMaxMean(loop), `survivors' max/mean against the plan's ${plan.toFixed(3)}`).toBeGreaterThan(plan * 1.1);
  });

  it('a compare-and-set that loses to an election already made is recorded as such, not retried, and corrected by a safe move', { timeout: 180_000 }, async () => {
    // a 20 s confirmation: every app's first worker has rediscovered (within 10 s) and PowerJob re-elected it
    loop = await started(target, { enabled: true, confirmSeconds: 20 });
    const { killed, orphans, plan, at } = await kill(loop);
    await stepUntil(loop, 8, 'a compare-and-set for every orphaned app', async () => (await steerRows(loop!)).length === orphans.length);
    const rows = await steerRows(loop);
    expect(rows.every((r) => r.requestedAt.getTime() - at.getTime() >= 20_000 - loop!.collectMs)).toBe(true);
    expect(rows.map((r) => r.status)).toEqual(orphans.map(() => 'conflict'));
    const live = Object.entries(loop.emulator.state().servers).filter(([, s]) => s.running).map(([a]) => a);
    for (const r of rows) {
      expect(r.code).toBe('steer-conflict');
      expect(live).toContain((r.params as { current: string }).current);
      expect(r.detail).toContain(`when Fulcrum came to re-home it from ${killed}`);
    }
    await stepUntil(loop, 60, `corrections bringing the survivors within 10 % of the plan's ${plan.toFixed(3)}`, async () => survivorsMaxMean(loop!) <= plan * 1.1 + 1e-9 && (await loop!.store.listMoves({ status: 'moved' })).length === 0);
    // each elected app was compared-and-set from the killed server once, and corrected at most once, by a verified move
    expect((await steerRows(loop)).length).toBe(orphans.length);
    const corrections = (await loop.store.listMoves({ rolloutIdPrefix: 'st-', limit: 1000 })).filter((m) => !isSteerRow(m));
    expect(corrections.length).toBeGreaterThan(0);
    expect(new Set(corrections.map((m) => m.appId)).size).toBe(corrections.length);
    expect(corrections.map((m) => m.status)).toEqual(corrections.map(() => 'verified'));
    expect((await loop.store.listAudit({ action: 'steering.correction', limit: 500 })).entries.length).toBe(corrections.length);
  });

  it('a freeze stops it, and a server that answers again within the confirmation is not steered', { timeout: 180_000 }, async () => {
    loop = await started(target, { enabled: true });
    const blip = Object.keys(loop.emulator.state().servers)[1]!;
    await loop.emulator.stopServer(blip);
    await loop.step(); // the collector sees it down
    await loop.emulator.startServer(blip);
    for (let i = 0; i < 4; i++) await loop.step();
    expect(await steerRows(loop), `steering of ${blip}, down for one collection round`).toEqual([]);

    const frozenAt = loop.now();
    await loop.store.setFreeze(applyFreeze({ frozen: true, reason: 'PowerJob upgrade' }, 'bob', frozenAt), frozenAt);
    const { orphans } = await kill(loop);
    for (let i = 0; i < 12; i++) await loop.step();
    expect(await steerRows(loop), 'steering while frozen').toEqual([]);
    const thawedAt = loop.now();
    await loop.store.setFreeze(applyFreeze({ frozen: false }, 'bob', thawedAt), thawedAt);
    await stepUntil(loop, 3, 'a compare-and-set for every orphaned app after unfreezing', async () => (await steerRows(loop!)).length === orphans.length);
    expect((await steerRows(loop)).every((r) => r.requestedAt >= thawedAt)).toBe(true);
  });
});
