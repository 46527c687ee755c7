// The rolling-restart assistant against the rollout controller on emulated clusters (the
// rolling-restart scenario's three running servers, issue-181 for the abort; bench/rollout-loop.ts:
// a manual clock, the real collector and ingest, the emulator's compare-and-set), on PGlite and
// PostgreSQL: each server is drained, really stopped and started
// in the emulator when the assistant says it is safe, seen back by the collector, restored; no app
// is on a server while it is down; refusals change nothing; a restart of Fulcrum in the middle
// resumes without moving any app twice; an abort stops after the move in flight.
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../emulator/scenario.ts';
import type { Store } from '../store/index.ts';
import { startRolloutLoop, stepUntil, type RolloutLoop } from '../../bench/rollout-loop.ts';
import { storeTargets, type StoreTarget } from '../store/test-support.ts';
import { actOnRollingRestart, rollingRestart, rollingRestarts, startRollingRestart } from '../api/rolling-restarts.ts';
import type { Runtime } from '../runtime.ts';

/** Everything a refused start or action must leave as it was: rolling restarts, drains, cordons, audit entries, moves. */
async function fingerprint(store: Store, now: Date) {
  const [rrs, drains, servers, audit, moves] = await Promise.all([store.listRollingRestarts(), store.listDrains(), store.listServers(now), store.listAudit({ limit: 1000 }), store.listMoves({ limit: 10_000 })]);
  return JSON.stringify({ rrs, drains, cordons: servers.map((s) => [s.address, s.cordon]), audit: audit.entries.length, moves: moves.length });
}

/** The API's refusal (a ProblemError) of `fn`, as {status, code}. */
async function refusal(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (error) {
    const e = error as { httpStatus?: number; refusal?: { code: string } };
    return { status: e.httpStatus, code: e.refusal?.code };
  }
  throw new Error('not refused');
}

describe.each(storeTargets().map((t) => [t.name, t] as const))('the rolling-restart assistant (%s)', (_name, target: StoreTarget) => {
  let loop: RolloutLoop | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('restarts every server in turn, really stopped and started, with verified moves, no app on a down server, and survives a restart of Fulcrum', { timeout: 300_000 }, async () => {
    // the rolling-restart scenario's three running servers, without its own timed restart (this test is the operator)
    loop = await startRolloutLoop({ ...loadScenario('rolling-restart'), events: [] }, { store: target });
    const l = loop;
    const runtime = { get store() { return l.store; }, now: () => l.now() } as unknown as Runtime;
    const running = Object.entries(l.emulator.state().servers).filter(([, s]) => s.running);
    await stepUntil(l, 4, 'the collector to report the running servers', async () => (await l.store.listServers(l.now())).filter((s) => s.health === 'up').length === running.length);
    // the scenario's workers list A first (PowerJob 5.0, no shuffle), so A owns every app: it goes
    // first, in the operator's order A, B, C, and its drain spreads its apps over B and C (before drains
    // were judged at DRAIN_MOVE_CONFIDENCE this test needed the order B, C, A to pass)
    const order = running.map(([address]) => address).sort();
    const [first, second] = order as [string, string];
    const last = order.at(-1)!;
    expect(l.emulator.state().servers[first]!.appsOwned, 'apps on the server restarted first').toBeGreaterThan(20);

    // refusals before it starts: an unknown server, nothing changed
    const before = await fingerprint(l.store, l.now());
    expect(await refusal(() => startRollingRestart(runtime, { servers: [first, '10.9.9.9:7700'] }, 'alice'))).toEqual({ status: 404, code: 'server-not-found' });
    expect(await fingerprint(l.store, l.now()), 'a refused start changed something').toBe(before);

    const rr = await startRollingRestart(runtime, { servers: order, reason: 'kernel update', perMinute: 5 }, 'alice');
    expect(rr).toMatchObject({ state: 'running', servers: order.map((address) => ({ address, phase: 'pending' })), allowedActions: ['pause', 'abort'] });
    // refusals while it runs: a second one, an action that does not fit; nothing changed
    const during = await fingerprint(l.store, l.now());
    expect(await refusal(() => startRollingRestart(runtime, { servers: [second] }, 'bob'))).toEqual({ status: 409, code: 'rolling-restart-exists' });
    expect(await refusal(() => actOnRollingRestart(runtime, rr.id, 'resume', 'bob'))).toEqual({ status: 409, code: 'rolling-restart-action-not-allowed' });
    expect(await refusal(() => actOnRollingRestart(runtime, 'rr-nosuch', 'pause', 'bob'))).toEqual({ status: 404, code: 'rolling-restart-not-found' });
    expect(await fingerprint(l.store, l.now()), 'a refusal changed something').toBe(during);

    // the operator's side: stop a server once it is said safe, start it 30 s later; watch that no down server owns an app
    const stoppedAt = new Map<string, number>();
    const downWithApps: string[] = [];
    const phases: string[] = [];
    let restarted = false;
    const operator = async () => {
      const now = l.now().getTime();
      const cur = (await rollingRestart(runtime, rr.id)).progress.current;
      for (const [address, s] of Object.entries(l.emulator.state().servers)) if (!s.running && s.appsOwned > 0) downWithApps.push(`${address} owns ${s.appsOwned} at ${l.now().toISOString()} (the rolling restart at ${cur?.address} ${cur?.phase})`);
      if (cur && phases.at(-1) !== `${cur.address} ${cur.phase}`) phases.push(`${cur.address} ${cur.phase}`);
      if (cur?.phase === 'restart' && !stoppedAt.has(cur.address)) {
        await l.emulator.stopServer(cur.address);
        stoppedAt.set(cur.address, now);
      }
      for (const [address, at] of stoppedAt) if (now - at >= 30_000 && !l.emulator.state().servers[address]!.running) await l.emulator.startServer(address);
      // Fulcrum restarts while the last server's drain has moves open
      if (!restarted && cur?.address === last && cur.phase === 'draining' && (await l.store.listMoves({ rolloutId: rr.servers.at(-1)!.drainId, status: 'moved' })).length > 0) {
        restarted = true;
        await l.restart();
      }
    };
    await stepUntil(l, 400, 'the rolling restart to complete', async () => (await l.store.getRollingRestart(rr.id))!.state === 'completed', operator).catch(async (error) => {
      throw new Error(`${(error as Error).message}; phases ${phases.join(' → ')}; now ${JSON.stringify(await rollingRestart(runtime, rr.id))}`);
    });
    expect(restarted, 'Fulcrum was restarted in the middle').toBe(true);
    expect(downWithApps, `apps on a server while it was down; audit ${JSON.stringify((await l.store.listAudit({ limit: 200 })).entries.filter((e) => !e.action.endsWith('.move')).map((e) => [e.at, e.action, e.target, e.detail]).reverse())}`).toEqual([]);
    expect([...stoppedAt.keys()], 'each server stopped once, in the order given').toEqual(order);
    for (const address of order) {
      expect(phases.filter((p) => p.startsWith(`${address} `)).map((p) => p.split(' ')[1]), `${address}'s phases as the operator saw them`).toEqual(expect.arrayContaining(['draining', 'restart', 'down', 'restoring']));
    }

    const done = await rollingRestart(runtime, rr.id);
    expect(done).toMatchObject({ state: 'completed', progress: { total: order.length, done: order.length, current: null, eta: null }, allowedActions: [] });
    expect(done.servers.map((s) => [s.address, s.phase, s.backBy])).toEqual(order.map((address) => [address, 'done', 'collector']));
    for (const [i, s] of done.servers.entries()) {
      // seen down after it was said safe and after it was stopped, back after it was started
      expect(Date.parse(s.downAt!)).toBeGreaterThanOrEqual(stoppedAt.get(s.address)!);
      expect(Date.parse(s.backAt!)).toBeGreaterThanOrEqual(stoppedAt.get(s.address)! + 30_000);
      const drain = (await l.store.listDrains()).find((d) => d.id === s.drainId)!;
      expect(drain, `the drain of server ${i}`).toMatchObject({ server: s.address, state: 'restored' });
      const moves = (await l.store.listMoves({ rolloutId: s.drainId, limit: 1000 })).filter((m) => m.purpose === 'forward');
      const drainMoves = moves.filter((m) => m.fromServer === s.address);
      // every app it owned when its drain started moved off once, each move verified
      expect(drainMoves.map((m) => [m.appId, m.status]).sort(), `${s.address}'s drain moves`).toEqual(drain.plan.map((m) => [m.appId, 'verified']).sort());
      expect(new Set(drainMoves.map((m) => m.appId)).size, 'no app moved off twice').toBe(drainMoves.length);
      const restoreMoves = moves.filter((m) => m.toServer === s.address);
      expect(restoreMoves.map((m) => m.appId).sort(), `${s.address}'s restore moves: its plan's apps, once each`).toEqual((drain.restorePlan ?? []).map((m) => m.appId).sort());
      // every restore move verified too: none moved back
      expect(restoreMoves.filter((m) => m.status !== 'verified').map((m) => `${m.appName}: ${m.status} ${m.detail ?? ''}`), `${s.address}'s restore moves not verified`).toEqual([]);
    }
    expect(done.servers.map((s) => l.emulator.state().servers[s.address]!.running)).toEqual(order.map(() => true));
    const audit = (await l.store.listAudit({ action: 'rolling-restart.', limit: 100 })).entries.map((e) => e.action).reverse();
    expect(audit).toEqual([
      'rolling-restart.start',
      ...order.flatMap(() => ['drain', 'safe', 'down', 'back', 'restore', 'server-done'].map((a) => `rolling-restart.${a}`)),
      'rolling-restart.completed',
    ]);
    expect((await rollingRestarts(runtime)).current, 'nothing holds the cluster after it').toBeNull();

    // refusals after it: a server held by another drain (409), the last live one (409), nothing changed
    for (const [i, server] of order.slice(1).entries()) expect((await l.store.startDrain({ id: `dr-manual-${i}`, server, by: 'bob', reason: null, perMinute: 5, plan: [], now: l.now() })).ok).toBe(true);
    const after = await fingerprint(l.store, l.now());
    expect(await refusal(() => startRollingRestart(runtime, { servers: [second] }, 'bob'))).toEqual({ status: 409, code: 'drain-exists' });
    expect(await refusal(() => startRollingRestart(runtime, { servers: [first] }, 'bob'))).toEqual({ status: 409, code: 'drain-last-server' });
    expect(await fingerprint(l.store, l.now()), 'a refused start changed something').toBe(after);
  });

  it('an abort stops the drain in flight after its open move, leaving no app half-moved; pause holds it before its next step', { timeout: 240_000 }, async () => {
    loop = await startRolloutLoop(loadScenario('issue-181'), { store: target });
    const l = loop;
    const runtime = { store: l.store, now: () => l.now() } as unknown as Runtime;
    await stepUntil(l, 4, 'the collector to report both servers', async () => (await l.store.listServers(l.now())).filter((s) => s.health === 'up').length === 2);
    const [busy, quiet] = Object.entries(l.emulator.state().servers).sort((a, b) => b[1].appsOwned - a[1].appsOwned).map(([address]) => address) as [string, string];
    const rr = await startRollingRestart(runtime, { servers: [busy, quiet], perMinute: 5 }, 'alice');
    const paused = await actOnRollingRestart(runtime, rr.id, 'pause', 'bob');
    expect(paused).toMatchObject({ state: 'paused', allowedActions: ['resume', 'abort'] });
    const pausedRevision = (await l.store.getRollingRestart(rr.id))!.revision;
    for (let i = 0; i < 6; i++) await l.step();
    expect(await l.store.getDrain(busy), 'no drain starts while paused').toBeNull();
    expect((await l.store.getRollingRestart(rr.id))!.revision, 'ticks that change nothing save nothing').toBe(pausedRevision);
    await actOnRollingRestart(runtime, rr.id, 'resume', 'bob');
    const drainId = rr.servers[0]!.drainId;
    await stepUntil(l, 20, 'a move of the drain open', async () => (await l.store.listMoves({ rolloutId: drainId, status: 'moved' })).length > 0);
    const aborting = await actOnRollingRestart(runtime, rr.id, 'abort', 'bob');
    expect(aborting.state).toBe('aborting');
    expect((await l.store.getDrain(busy))!.state, 'the drain is stopped at once').toBe('incomplete');
    const atAbort = (await l.store.listMoves({ rolloutId: drainId, limit: 1000 })).length;
    await stepUntil(l, 60, 'the abort to end', async () => (await l.store.getRollingRestart(rr.id))!.state === 'aborted');
    for (let i = 0; i < 12; i++) await l.step();
    const moves = await l.store.listMoves({ rolloutId: drainId, limit: 1000 });
    expect(moves.length, 'no move after the abort').toBe(atAbort);
    expect(moves.filter((m) => m.status === 'moved').map((m) => m.appName), 'moves left open').toEqual([]);
    // every app is on one server or the other, where its verified move (or none) put it
    const bindings = l.emulator.state().bindings;
    for (const m of moves.filter((x) => x.status === 'verified')) expect(bindings[m.appName!], `${m.appName} after the abort`).toBe(m.toServer);
    expect(Object.values(bindings).every((s) => s === busy || s === quiet), 'every app bound to a live server').toBe(true);
    expect((await l.store.listAudit({ action: 'rolling-restart.', limit: 100 })).entries.map((e) => e.action).reverse()).toEqual([
      'rolling-restart.start',
      'rolling-restart.pause',
      'rolling-restart.resume',
      'rolling-restart.drain',
      'rolling-restart.abort',
      'rolling-restart.aborted',
    ]);
  });
});
