// Maintenance against the rollout controller on the emulated issue-181 cluster (bench/rollout-loop.ts:
// a manual clock, the real collector and ingest, the emulator's compare-and-set), on PGlite and
// PostgreSQL: a frozen store stops a running rollout's moves and unfreezing resumes them; a move
// window opens and closes them on the manual clock; a cordoned server receives no app; a drain moves
// every app off a server, each move verified, survives a restart of Fulcrum, and a restore brings
// apps back with the fewest moves; a drain of apps with timed jobs moves each in a quiet window of
// its jobs (no run fails) and skips, saying why, an app whose jobs leave none.
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, type Scenario } from '../emulator/scenario.ts';
import type { Store } from '../store/index.ts';
import { advance, newRollout, rolloutSpec, type RolloutSpecInput } from '../domain/rollout.ts';
import { applyFreeze } from '../domain/maintenance.ts';
import { startRolloutLoop, stepUntil, type RolloutLoop } from '../../bench/rollout-loop.ts';
import { storeTargets, type StoreTarget } from '../store/test-support.ts';
import { drainPlan, restorePlan } from '../domain/drain.ts';
import { loadPlanCluster } from './rollout-controller.ts';
import { drainGate, drainReport } from './drain-moves.ts';

const spec: RolloutSpecInput = {
  name: 'balance issue-181',
  candidate: { kind: 'bounded-load', params: { epsilon: 0.1 } },
  steps: [{ percent: 100, pause: { manual: true } }],
  moves: { enabled: true, perMinute: 2, epsilon: 0.1, verifySeconds: 150 },
};

async function start(store: Store, id: string, now: Date) {
  await store.createRollout(newRollout(id, rolloutSpec.parse(spec)), 'test', now);
  const r = (await store.getRollout(id))!;
  const out = advance(r, { type: 'start' }, now);
  if (!out.ok) throw new Error(out.reason);
  expect(await store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'test', now)).toBe(true);
}

/** The drain (or restore) plan of `server` over the collected cluster, as lib/api/drains.ts makes it. */
async function planOf(store: Store, now: Date, server: string, kind: 'drain' | 'restore') {
  const { cluster } = await loadPlanCluster(store, now);
  const servers = cluster.servers.map((s) => ({ address: s.address, weight: s.weight, up: s.up, stale: s.stale ?? false, cordoned: kind === 'restore' && s.address === server ? false : (s.cordoned ?? false) }));
  const apps = cluster.apps.map((a) => ({ id: a.id, name: a.name, server: a.server, load: 1 }));
  return kind === 'drain' ? drainPlan(servers, apps, server) : restorePlan(servers, apps, server);
}

/** issue-181 with one CRON job per app every `periodsSeconds` (drawn), its workers following at their first discovery (100 %). */
function issue181WithJobs(periodsSeconds: number[]): Scenario {
  const base = loadScenario('issue-181');
  return { ...base, accuratePercentage: 100, apps: { ...base.apps, schedules: { periodsSeconds, fixedRateShare: 0 } } };
}

/** Everything a refused drain must leave as it was: drains, cordons, audit entries, moves. */
async function fingerprint(store: Store, now: Date) {
  const [drains, servers, audit, moves] = await Promise.all([store.listDrains(), store.listServers(now), store.listAudit({ limit: 500 }), store.listMoves({ limit: 10_000 })]);
  return JSON.stringify({ drains, cordons: servers.map((s) => [s.address, s.cordon]), audit: audit.entries.length, moves: moves.length });
}

describe.each(storeTargets().map((t) => [t.name, t] as const))('maintenance and the rollout controller (%s)', (_name, target: StoreTarget) => {
  let loop: RolloutLoop | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('a freeze stops a running rollout\'s moves (open ones still verified) and unfreezing resumes them', { timeout: 120_000 }, async () => {
    loop = await startRolloutLoop(loadScenario('issue-181'), { store: target });
    const { store } = loop;
    await start(store, 'ro-freeze', loop.now());
    const moves = () => store.listMoves({ rolloutId: 'ro-freeze' });
    await stepUntil(loop, 20, 'the rollout\'s first move', async () => (await moves()).length > 0);
    const frozenAt = loop.now();
    await store.setFreeze(applyFreeze({ frozen: true, reason: 'PowerJob upgrade' }, 'alice', frozenAt), frozenAt);
    const before = (await moves()).length;
    // 24 steps of 5 s: the rate (2 a minute) would have allowed 4 more moves, and the open moves' verification window ends
    for (let i = 0; i < 24; i++) await loop.step();
    const during = await moves();
    expect(during.filter((m) => m.requestedAt >= frozenAt).map((m) => `${m.appName} ${m.fromServer} → ${m.toServer}`), 'moves made while frozen').toEqual([]);
    expect(during.length).toBe(before);
    expect(during.filter((m) => m.status === 'verified').length, 'open moves verified while frozen').toBe(before);
    expect((await store.getRollout('ro-freeze'))!.state).toBe('running');
    const waits = (await store.listRolloutEvents('ro-freeze')).filter((e) => e.action === 'wait');
    expect(waits.map((e) => e.detail)).toEqual([`moves wait: frozen by alice at ${frozenAt.toISOString()}: PowerJob upgrade`]);
    const audit = await store.listAudit({ action: 'maintenance.', limit: 10 });
    expect(audit.entries.map((e) => [e.action, e.actor, e.detail])).toEqual([['maintenance.freeze', 'alice', 'PowerJob upgrade']]);

    const thawedAt = loop.now();
    await store.setFreeze(applyFreeze({ frozen: false }, 'bob', thawedAt), thawedAt);
    await stepUntil(loop, 20, 'a move after unfreezing', async () => (await moves()).some((m) => m.requestedAt >= thawedAt));
    expect((await store.listAudit({ action: 'maintenance.unfreeze', limit: 10 })).entries.map((e) => e.actor)).toEqual(['bob']);
    expect(await store.getFreeze()).toEqual({ frozen: false, by: 'bob', at: thawedAt.toISOString(), reason: null });
  });

  it('a move window opens and closes a running rollout\'s moves, and the rollout says until when it waits', { timeout: 120_000 }, async () => {
    // the loop starts on Tuesday 2026-11-24 at 10:00:24 UTC
    loop = await startRolloutLoop(loadScenario('issue-181'), { store: target });
    const { store } = loop;
    const opens = Date.parse('2026-11-24T10:02:00Z');
    const closes = Date.parse('2026-11-24T10:03:00Z');
    await store.setMoveWindows({ timeZone: 'UTC', rollout: ['Tue 10:02-10:03'] }, 'alice', loop.now());
    await start(store, 'ro-window', loop.now());
    const moves = () => store.listMoves({ rolloutId: 'ro-window' });
    await stepUntil(loop, 30, 'the move window to open (10:02)', async () => loop!.now().getTime() >= opens);
    expect((await moves()).map((m) => m.appName), 'moves before the window opened').toEqual([]);
    await stepUntil(loop, 12, 'a move inside the window', async () => (await moves()).length > 0);
    await stepUntil(loop, 24, 'the move window to close (10:03)', async () => loop!.now().getTime() >= closes);
    const inside = (await moves()).length;
    // 5 minutes more: the rate (2 a minute) would allow 10 moves
    for (let i = 0; i < 60; i++) await loop.step();
    const all = await moves();
    expect(all.filter((m) => m.requestedAt.getTime() < opens || m.requestedAt.getTime() >= closes).map((m) => `${m.appName} at ${m.requestedAt.toISOString()}`), 'moves outside the window').toEqual([]);
    expect(all.length).toBe(inside);
    // oldest first (the store lists the newest first)
    const waits = (await store.listRolloutEvents('ro-window')).filter((e) => e.action === 'wait').map((e) => e.detail).reverse();
    expect(waits).toEqual([
      'moves wait: outside the rollout move windows (Tue 10:02-10:03 UTC) until 2026-11-24T10:02:00.000Z (Tue 10:02 UTC)',
      'moves wait: outside the rollout move windows (Tue 10:02-10:03 UTC) until 2026-12-01T10:02:00.000Z (Tue 10:02 UTC)',
    ]);
    expect((await store.listAudit({ action: 'maintenance.move-windows.update', limit: 10 })).entries.map((e) => e.actor)).toEqual(['alice']);
  });

  it('a cordoned server receives no app, and refusals change nothing', { timeout: 120_000 }, async () => {
    loop = await startRolloutLoop(loadScenario('issue-181'), { store: target });
    const { store, emulator } = loop;
    await stepUntil(loop, 4, 'the collector to report both servers', async () => (await store.listServers(loop!.now())).filter((s) => s.health === 'up').length === 2);
    const owned = Object.entries(emulator.state().servers).map(([address, s]) => ({ address, apps: s.appsOwned }));
    const [busy, quiet] = [...owned].sort((a, b) => b.apps - a.apps).map((s) => s.address) as [string, string];
    expect(await store.cordonServer('10.9.9.9:7700', 'alice', null, loop.now())).toEqual({ outcome: 'unknown' });
    const cordoned = await store.cordonServer(quiet, 'alice', 'disk swap', loop.now());
    expect(cordoned.outcome).toBe('cordoned');
    // the other one is now the last live server not cordoned
    expect(await store.cordonServer(busy, 'alice', null, loop.now())).toEqual({ outcome: 'last', live: 1 });
    expect((await store.listServers(loop.now())).map((s) => [s.address, s.cordon?.reason ?? null]).sort()).toEqual([[busy, null], [quiet, 'disk swap']].sort());
    await start(store, 'ro-cordon', loop.now());
    const moves = () => store.listMoves({ rolloutId: 'ro-cordon' });
    // 24 steps of 5 s: without the cordon the first moves to the quiet server come within 4 steps (the freeze test's)
    for (let i = 0; i < 24; i++) await loop.step();
    expect((await moves()).map((m) => `${m.appName} → ${m.toServer}`), `moves while ${quiet} is cordoned`).toEqual([]);
    expect(emulator.state().servers[quiet]!.appsOwned, 'apps on the cordoned server').toBe(owned.find((s) => s.address === quiet)!.apps);
    expect(await store.uncordonServer(quiet, 'bob', loop.now())).toEqual({ changed: true });
    expect(await store.uncordonServer(quiet, 'bob', loop.now())).toEqual({ changed: false });
    await stepUntil(loop, 20, `a move to ${quiet} after uncordoning it`, async () => (await moves()).some((m) => m.toServer === quiet));
    const audit = await store.listAudit({ action: 'server.', limit: 10 });
    expect(audit.entries.map((e) => [e.action, e.actor, e.target])).toEqual([
      ['server.uncordon', 'bob', `server:${quiet}`],
      ['server.cordon', 'alice', `server:${quiet}`],
    ]);
  });

  it('drains a server to no app with every move verified, refuses the bad cases with nothing changed, and restores it with the fewest moves', { timeout: 240_000 }, async () => {
    loop = await startRolloutLoop(loadScenario('issue-181'), { store: target });
    const { store, emulator } = loop;
    await stepUntil(loop, 4, 'the collector to report both servers', async () => (await store.listServers(loop!.now())).filter((s) => s.health === 'up').length === 2);
    const owned = Object.entries(emulator.state().servers).map(([address, s]) => ({ address, apps: s.appsOwned }));
    // the busy server is drained (its apps go to the quiet one), then restored
    const [drained, other] = [...owned].sort((a, b) => b.apps - a.apps).map((s) => s.address) as [string, string];
    const drainedApps = owned.find((s) => s.address === drained)!.apps;
    expect(drainedApps, 'apps on the server to drain').toBeGreaterThan(0);

    const unknown = await fingerprint(store, loop.now());
    expect(await store.startDrain({ id: 'dr-unknown', server: '10.9.9.9:7700', by: 'alice', reason: null, perMinute: 5, plan: [], now: loop.now() })).toMatchObject({ ok: false, refusal: { status: 404, code: 'server-not-found' } });
    expect(await fingerprint(store, loop.now()), 'a refused drain of an unknown server changed something').toBe(unknown);

    const plan = await planOf(store, loop.now(), drained, 'drain');
    expect(plan.map((m) => m.to), 'every app of the drained server goes to the other one').toEqual(Array(drainedApps).fill(other));
    const started = await store.startDrain({ id: 'dr-busy', server: drained, by: 'alice', reason: 'kernel update', perMinute: 5, plan, now: loop.now() });
    expect(started).toMatchObject({ ok: true, drain: { state: 'draining', server: drained } });
    expect((await store.listServers(loop.now())).find((s) => s.address === drained)!.cordon).toMatchObject({ by: 'alice', reason: 'kernel update' });

    const refusedAt = await fingerprint(store, loop.now());
    expect(await store.startDrain({ id: 'dr-again', server: drained, by: 'bob', reason: null, perMinute: 5, plan: [], now: loop.now() })).toMatchObject({ ok: false, refusal: { status: 409, code: 'drain-exists', params: { state: 'draining' } } });
    expect(await store.startDrain({ id: 'dr-last', server: other, by: 'bob', reason: null, perMinute: 5, plan: [], now: loop.now() })).toMatchObject({ ok: false, refusal: { status: 409, code: 'drain-last-server' } });
    expect(await fingerprint(store, loop.now()), 'a refused drain changed something').toBe(refusedAt);

    const drainedBy = async () => (await store.getDrain(drained))!.state === 'drained';
    await stepUntil(loop, 200, `the drain of ${drained} to finish`, drainedBy).catch(async (error) => {
      const d = (await store.getDrain(drained))!;
      const report = await drainReport(store, d, (await loadPlanCluster(store, loop!.now())).cluster.apps, await drainGate(store, loop!.now()), loop!.now());
      throw new Error(`${(error as Error).message}; the drain is ${d.state}: ${JSON.stringify(report)}`);
    });
    expect(emulator.state().servers[drained]!.appsOwned, 'apps the drained server owns').toBe(0);
    const moves = await store.listMoves({ rolloutId: 'dr-busy' });
    expect(moves.map((m) => [m.appId, m.status, m.toServer]).sort(), 'each app moved once, verified, to the plan\'s target').toEqual(plan.map((m) => [m.appId, 'verified', other]).sort());
    const report = await drainReport(store, (await store.getDrain(drained))!, (await loadPlanCluster(store, loop.now())).cluster.apps, await drainGate(store, loop.now()), loop.now());
    expect(report).toMatchObject({ total: drainedApps, left: 0, converging: 0, done: drainedApps, skipped: [], eta: null });
    // the rate: 5 a minute, at most
    const times = moves.map((m) => m.requestedAt.getTime()).sort((a, b) => a - b);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!, 'six moves within a minute').toBeGreaterThanOrEqual(60_000);
    expect((await store.listAudit({ action: 'drain.move', limit: 100 })).entries.length).toBe(drainedApps);
    expect(await store.startDrain({ id: 'dr-twice', server: drained, by: 'bob', reason: null, perMinute: 5, plan: [], now: loop.now() })).toMatchObject({ ok: false, refusal: { status: 409, code: 'drain-exists', params: { state: 'drained' } } });
    // only the restore lifts a drain's cordon: an uncordon is refused and changes nothing
    expect(await store.uncordonServer(drained, 'bob', loop.now())).toEqual({ drain: 'drained' });
    expect((await store.listServers(loop.now())).find((s) => s.address === drained)!.cordon, 'the drained server is still cordoned').not.toBeNull();

    const back = await planOf(store, loop.now(), drained, 'restore');
    // 20 apps on two servers: 10 come back, the fewest that balance them
    expect(back.length).toBe(10);
    expect(await store.startRestore({ server: drained, by: 'bob', plan: back, known: true, now: loop.now() })).toMatchObject({ ok: true, drain: { state: 'restoring' } });
    // cordoned while its apps come back: not in service, last in every list, until it holds its share
    const cordonedWhile: number[] = [];
    await stepUntil(loop, 200, `the restore of ${drained} to finish`, async () => (await store.getDrain(drained))!.state === 'restored', async () => {
      if ((await store.getDrain(drained))!.state === 'restoring' && (await store.listServers(loop!.now())).find((s) => s.address === drained)!.cordon === null) cordonedWhile.push(emulator.state().servers[drained]!.appsOwned);
    });
    expect(cordonedWhile, 'apps the restored server owned while uncordoned during its restore').toEqual([]);
    expect((await store.listServers(loop.now())).find((s) => s.address === drained)!.cordon, 'the cordon after the restore').toBeNull();
    const restored = await drainReport(store, (await store.getDrain(drained))!, (await loadPlanCluster(store, loop.now())).cluster.apps, await drainGate(store, loop.now()), loop.now());
    // each planned app moved once and verified: a drain's moves are judged at DRAIN_MOVE_CONFIDENCE, so
    // a worker that draws "stay" many rounds running is waited for, not moved back (at a rollout's 0.99
    // this seed's app-03 was: its last worker followed after 15 rounds)
    const restoreMoves = (await store.listMoves({ rolloutId: 'dr-busy' })).filter((m) => m.purpose === 'forward' && m.toServer === drained);
    expect(restoreMoves.map((m) => [m.appId, m.status]).sort(), 'restore moves: the plan\'s apps, once each, verified').toEqual(back.map((m) => [m.appId, 'verified']).sort());
    expect(restored.skipped, 'restore moves that failed their verification').toEqual([]);
    expect(emulator.state().servers[drained]!.appsOwned, 'apps on the restored server').toBe(10);
    expect((await store.listAudit({ action: 'server.', limit: 20 })).entries.map((e) => e.action)).toEqual(['server.uncordon', 'server.restored', 'server.restore', 'server.drained', 'server.drain', 'server.cordon']);
  });

  it('a drain survives a restart of Fulcrum in its middle: open moves are verified, none made twice, and it finishes', { timeout: 240_000 }, async () => {
    loop = await startRolloutLoop(loadScenario('issue-181'), { store: target });
    await stepUntil(loop, 4, 'the collector to report both servers', async () => (await loop!.store.listServers(loop!.now())).filter((s) => s.health === 'up').length === 2);
    const owned = Object.entries(loop.emulator.state().servers).map(([address, s]) => ({ address, apps: s.appsOwned }));
    const [busy] = [...owned].sort((a, b) => b.apps - a.apps).map((s) => s.address) as [string, string];
    const busyApps = owned.find((s) => s.address === busy)!.apps;
    const plan = await planOf(loop.store, loop.now(), busy, 'drain');
    expect((await loop.store.startDrain({ id: 'dr-busy', server: busy, by: 'alice', reason: null, perMinute: 5, plan, now: loop.now() })).ok).toBe(true);
    const moves = () => loop!.store.listMoves({ rolloutId: 'dr-busy' });
    await stepUntil(loop, 20, 'the drain\'s first moves', async () => (await moves()).length >= 5);
    const open = (await moves()).filter((m) => m.status === 'moved').length;
    expect(open, 'moves open when Fulcrum restarts').toBeGreaterThan(0);
    await loop.restart();
    expect((await loop.store.getDrain(busy))!.state, 'the drain after the restart').toBe('draining');
    await stepUntil(loop, 200, `the drain of ${busy} to finish after the restart`, async () => (await loop!.store.getDrain(busy))!.state === 'drained');
    expect(loop.emulator.state().servers[busy]!.appsOwned).toBe(0);
    const all = await moves();
    expect(all.length, 'one move per app: none made twice').toBe(busyApps);
    expect(all.filter((m) => m.status !== 'verified').map((m) => `${m.appName}: ${m.status} ${m.detail}`)).toEqual([]);
  });

  it('a drain of apps with timed jobs moves each in a quiet window of its jobs: no run fails, and its progress says why an app waits', { timeout: 240_000 }, async () => {
    // one CRON job per app once or twice a minute: a move's window (30 s for one worker at 100 %, longer
    // for several as the follow rate is measured) is often not quiet, and some apps have none at all
    loop = await startRolloutLoop(issue181WithJobs([60, 120]), { store: target });
    const { store, emulator } = loop;
    await stepUntil(loop, 4, 'the collector to report both servers', async () => (await store.listServers(loop!.now())).filter((s) => s.health === 'up').length === 2);
    const [busy] = Object.entries(emulator.state().servers).sort((a, b) => b[1].appsOwned - a[1].appsOwned).map(([a]) => a) as [string];
    const from = loop.now().getTime();
    const plan = await planOf(store, loop.now(), busy, 'drain');
    expect((await store.startDrain({ id: 'dr-quiet', server: busy, by: 'alice', reason: null, perMinute: 5, plan, now: loop.now() })).ok).toBe(true);
    const waited = new Map<string, string>();
    const report = async () => drainReport(store, (await store.getDrain(busy))!, (await loadPlanCluster(store, loop!.now())).cluster.apps, await drainGate(store, loop!.now()), loop!.now());
    await stepUntil(loop, 240, `the drain of ${busy} to end`, async () => (await store.getDrain(busy))!.state !== 'draining', async () => {
      for (const h of (await report()).held) waited.set(h.app, h.reason);
    });
    const end = await report();
    // every app is off the server, or skipped for having no quiet window (and still on it)
    expect([end.done + end.skipped.length, end.skipped.filter((s) => s.code !== 'drain-no-quiet-window')], `the drain's end: ${JSON.stringify(end)}`).toEqual([plan.length, []]);
    expect(emulator.state().servers[busy]!.appsOwned, 'apps left on the drained server: the skipped ones').toBe(end.skipped.length);
    // some app had a run due when the drain would have moved it, and its progress said so
    expect(waited.size, 'apps the progress said wait for a quiet window').toBeGreaterThan(0);
    for (const [app, reason] of waited) expect(reason, app).toMatch(new RegExp(`^${app} waits for a quiet window: job "${app}-cron" runs at \\d\\d:\\d\\d:\\d\\d, before its workers can have followed a move \\(\\d+ s\\)$`));
    // a minute more, so that every run after the last move has fired
    for (let i = 0; i < 12; i++) await loop.step();
    const moves = await store.listMoves({ rolloutId: 'dr-quiet' });
    expect(moves.map((m) => m.status).filter((s) => s !== 'verified'), 'drain moves not verified').toEqual([]);
    // no run of any app of the drained server failed or was lost (without the quiet windows this seed
    // failed none either: at 100 % a worker follows before the new owner's first dispatch; the test below fails without them)
    const outcomes = emulator.scheduler!.outcomes(from, loop.now().getTime() - 30_000);
    const failed = plan.filter((m) => (outcomes.get(m.appId)?.failed ?? 0) + (outcomes.get(m.appId)?.waiting ?? 0) > 0).map((m) => `${m.app}: ${JSON.stringify(outcomes.get(m.appId))}`);
    const ran = moves.reduce((n, m) => n + (outcomes.get(m.appId)?.succeeded ?? 0), 0);
    expect([failed, ran > 0], 'apps of the drained server whose runs failed or were lost, and whether the moved ones ran').toEqual([[], true]);
  });

  it('a drain skips an app whose jobs never leave a quiet window, naming it with the reason, and ends incomplete', { timeout: 120_000 }, async () => {
    // CRON jobs every 5–10 s: no app is ever quiet for the 30 s its workers need
    loop = await startRolloutLoop(issue181WithJobs([5, 10]), { store: target });
    const { store, emulator } = loop;
    await stepUntil(loop, 4, 'the collector to report both servers', async () => (await store.listServers(loop!.now())).filter((s) => s.health === 'up').length === 2);
    const [busy] = Object.entries(emulator.state().servers).sort((a, b) => b[1].appsOwned - a[1].appsOwned).map(([a]) => a) as [string];
    const owned = emulator.state().servers[busy]!.appsOwned;
    const from = loop.now().getTime();
    const plan = await planOf(store, loop.now(), busy, 'drain');
    expect((await store.startDrain({ id: 'dr-never', server: busy, by: 'alice', reason: null, perMinute: 5, plan, now: loop.now() })).ok).toBe(true);
    await stepUntil(loop, 12, `the drain of ${busy} to end`, async () => (await store.getDrain(busy))!.state !== 'draining');
    const d = (await store.getDrain(busy))!;
    const report = await drainReport(store, d, (await loadPlanCluster(store, loop.now())).cluster.apps, await drainGate(store, loop.now()), loop.now());
    expect([d.state, report.skipped.length, report.done], 'the drain of never-quiet apps').toEqual(['incomplete', owned, 0]);
    for (const s of report.skipped) {
      expect(s.code, s.app).toBe('drain-no-quiet-window');
      expect([s.reason.startsWith(`${s.app} stays on ${busy}: no quiet window for a move: job "${s.app}-cron" (CRON `), s.reason.endsWith("the time its workers need to follow a move (allow it with the drain's allowBusy)")], s.reason).toEqual([true, true]);
    }
    expect(await store.listMoves({ rolloutId: 'dr-never' }), 'moves of never-quiet apps').toEqual([]);
    expect(emulator.state().servers[busy]!.appsOwned).toBe(owned);
    // and so no run of theirs failed (moved, they fail "no worker available" on the new owner until their workers follow)
    for (let i = 0; i < 6; i++) await loop.step();
    const outcomes = emulator.scheduler!.outcomes(from, loop.now().getTime() - 30_000);
    const failed = plan.filter((m) => (outcomes.get(m.appId)?.failed ?? 0) + (outcomes.get(m.appId)?.waiting ?? 0) > 0).map((m) => `${m.app}: ${JSON.stringify(outcomes.get(m.appId))}`);
    expect(failed, 'apps of the drained server whose runs failed or were lost').toEqual([]);
  });
});
