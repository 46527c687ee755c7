// npm run bench:maintenance: maintenance and failover on emulated clusters on a manual clock
// (bench/rollout-loop.ts: the real collector, ingest, store and rollout controller; figures in
// emulated time do not depend on the machine, only the wall time printed does).
// (a) A single server killed without warning, with failover steering and, in the same run on the
//     same seed, without it (PowerJob alone): the survivors' max/mean of apps owned 30 s after the
//     kill and once settled (5 minutes), against the plan's (every orphan placed by the steering
//     plan), and what steering did (compare-and-sets won, lost to an election, corrections). Target:
//     with steering, settled within 10 % of the plan's. Clusters: the `failover` scenario's with
//     4.3.9 workers (ordered lists, two thirds rotated), and 6 servers with 200 apps likewise.
// (b) A rolling restart of the `rolling-restart` scenario's servers, one timed job per app (as
//     bench:moves schedules them): PowerJob alone (the scenario's own replacement of A, B, C by E, F,
//     G; and A, B, C stopped and started again in place, one every 70 s, from a balanced cluster) and,
//     in the same run on the same seed, WITH the assistant (started through lib/api/rolling-restarts.ts,
//     ticked by the rollout controller; each server stopped in the emulator once it is said safe and
//     started 30 s later, as lib/jobs/rolling-restart.int.test.ts plays the operator), from the same
//     balanced cluster. Per case: max/mean of apps owned over the servers in service (running, not
//     cordoned; a down server's apps count nowhere) throughout and 5 minutes after the last server is
//     back, instances failed and lost (the emulator's scheduler, beside a quiet run of the same length),
//     apps moved. Targets with the assistant: ≤ 1.2 throughout, ≤ 1.1 five minutes after, 0 instances
//     failed or lost.
// `--quick`: one seed of the small cluster for (a), and (b), to check the benchmark runs. Not done yet:
// the same on 8 servers × 500 apps.
import os from 'node:os';
import { loadScenario, type Scenario } from '../lib/emulator/scenario.ts';
import type { ManualClock } from '../lib/emulator/clock.ts';
import { applySteering, isSteerRow, STEERING_OFF } from '../lib/domain/steering.ts';
import { startRolloutLoop, stepUntil, type RolloutLoop } from './rollout-loop.ts';
import { rollingRestart, startRollingRestart } from '../lib/api/rolling-restarts.ts';
import type { Runtime } from '../lib/runtime.ts';
import { orderedCluster, orderedFailover, planMaxMean, survivorsMaxMean as liveMaxMean } from './failover-cluster.ts';
import { verdict } from './support.ts';
import { busyApps } from '../lib/domain/quiet-window.ts';

const quick = process.argv.includes('--quick');
const SETTLE_STEPS = 60; // 5 minutes of 5 s steps
const EARLY_STEPS = 6; // 30 s

const failover = orderedFailover();
// 6 servers, 200 apps: five sixths deployed with the list rotated, so each server starts with about a sixth
const sixBy200 = orderedCluster(loadScenario('failover'), 5 / 6, { name: '6 servers, 200 apps', servers: { count: 6, startStopped: [] }, apps: { ...failover.apps, count: 200 } });

interface KillRun {
  orphans: number;
  plan: number;
  early: number;
  settled: number;
  won: number;
  lost: number;
  corrected: number;
  /** seconds after the kill until the survivors were within 10 % of the plan (null: never in 5 minutes) */
  withinS: number | null;
  wallS: number;
}

async function killRun(scenario: Scenario, seed: number, steering: boolean): Promise<KillRun> {
  const started = Date.now();
  const loop = await startRolloutLoop({ ...scenario, seed });
  try {
    const now = loop.now();
    await loop.store.setSteering(applySteering(STEERING_OFF, { enabled: steering }, 'bench', now), now);
    for (let i = 0; i < 4; i++) await loop.step();
    const state = loop.emulator.state();
    const killed = Object.entries(state.servers).sort((a, b) => b[1].appsOwned - a[1].appsOwned)[0]![0];
    const orphans = Object.values(state.bindings).filter((s) => s === killed).length;
    const plan = planMaxMean(loop, killed);
    await loop.emulator.stopServer(killed);
    // half a collection round before the collector next asks
    await (loop.emulator.clock as ManualClock).run(loop.collectMs / 2);
    let early = 0;
    let withinS: number | null = null;
    for (let i = 1; i <= SETTLE_STEPS; i++) {
      await loop.step();
      const mm = liveMaxMean(loop);
      if (i === EARLY_STEPS) early = mm;
      if (withinS === null && mm <= plan * 1.1 + 1e-9) withinS = (i * loop.collectMs) / 1000;
      if (withinS !== null && mm > plan * 1.1 + 1e-9) withinS = null;
    }
    const rows = await loop.store.listMoves({ rolloutIdPrefix: 'st-', limit: 10_000 });
    const steer = rows.filter(isSteerRow);
    return {
      orphans,
      plan,
      early,
      settled: liveMaxMean(loop),
      won: steer.filter((r) => r.status !== 'conflict' && r.status !== 'missing').length,
      lost: steer.filter((r) => r.status === 'conflict').length,
      corrected: rows.filter((r) => !isSteerRow(r) && (r.status === 'moved' || r.status === 'verified')).length,
      withinS,
      wallS: (Date.now() - started) / 1000,
    };
  } finally {
    await loop.close();
  }
}

const f = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

process.stdout.write(`bench:maintenance on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}${quick ? ' (--quick)' : ''}\n`);
process.stdout.write('\n(a) a single server killed without warning (the one owning the most apps), steering (confirmation 3 s) against PowerJob alone, same seed\n');
const clusters = quick ? [{ scenario: failover, seeds: [741] }] : [{ scenario: failover, seeds: [741, 742, 743, 744, 745] }, { scenario: sixBy200, seeds: [200, 201, 202] }];
for (const { scenario, seeds } of clusters) {
  process.stdout.write(`\n  ${scenario.name === 'failover' ? 'failover (3 servers, 30 apps, 4.3.9 ordered lists)' : `${scenario.name} (4.3.9 ordered lists)`}\n`);
  process.stdout.write('  seed  orphans  plan    | PowerJob alone: +30 s  settled | steering: +30 s  settled  within 10 % after  CAS won/lost  corrections  wall\n');
  const ratios: number[] = [];
  for (const seed of seeds) {
    const off = await killRun(scenario, seed, false);
    const on = await killRun(scenario, seed, true);
    ratios.push(on.settled / on.plan);
    process.stdout.write(
      `  ${String(seed).padEnd(5)} ${String(on.orphans).padEnd(8)} ${f(on.plan)}   |                 ${f(off.early)}  ${f(off.settled)}   |           ${f(on.early)}  ${f(on.settled)}   ${on.withinS === null ? 'never'.padEnd(6) : `${on.withinS} s`.padEnd(6)}             ${`${on.won}/${on.lost}`.padEnd(12)}  ${String(on.corrected).padEnd(11)}  ${(off.wallS + on.wallS).toFixed(0)} s\n`,
    );
  }
  const worst = Math.max(...ratios);
  verdict(worst <= 1.1 + 1e-9, `${scenario.name}: survivors' max/mean with steering, settled, within 10 % of the plan's: worst ${f(worst)} × the plan (mean ${f(mean(ratios))}) over ${seeds.length} seed(s)`);
}

function withJobs(base: Scenario): Scenario {
  // one timed job per app (a tenth fixed-rate), as bench:moves schedules them; the scheduler draws from a stream of its own, so bindings are the scenario's
  return { ...base, apps: { ...base.apps, schedules: base.apps.schedules || { fixedRateShare: 0.1 } } };
}

interface RestartRun {
  /** max/mean of the servers in service (running, not cordoned), the worst over the restart */
  worst: number;
  /** the running servers' apps owned at the first step with the worst figure, and the assistant's phase then */
  worstAt: string;
  /** the mean of that max/mean over the restart's steps */
  meanMaxMean: number;
  /** the worst max/mean over all running servers (a drained one counts with its 0) */
  worstAllRunning: number;
  /** max/mean of the running servers 5 minutes after the last server is back */
  after: number;
  owned: number[];
  /** owner changes seen in app_info */
  moved: number;
  /** the assistant's compare-and-sets that moved an app (drain and restore moves) */
  moves: number;
  /** instances expected during the run: failed, and left waiting (lost) */
  failed: number;
  lost: number;
  succeeded: number;
  /** failed and lost instances of the apps whose jobs never leave a quiet window (the moves' unavoidable cost) */
  neverQuietFailed: number;
  neverQuietApps: number;
  /** the same counts over a run of the same length with no restart (in-place runs only) */
  quietFailed: number;
  quietLost: number;
  completed: boolean;
  state: string;
  wallS: number;
}

const RESTART_DOWN_MS = 30_000;
const AFTER_MS = 5 * 60_000;

/** Steps the loop, watching balance and owner changes; `each` runs after every step and answers whether the restart is over (the last server back). */
async function watchRestart(loop: RolloutLoop, cordoned: () => Promise<Set<string>>, each: () => Promise<boolean>, maxSteps: number, phase: () => Promise<string> = async () => '') {
  const figures: number[] = [];
  let worstAt = '';
  let worstAll = 0;
  let moved = 0;
  let last = loop.emulator.state().bindings;
  let backAt: number | null = null;
  for (let i = 0; i < maxSteps; i++) {
    await loop.step();
    const done = await each();
    const state = loop.emulator.state();
    for (const [app, server] of Object.entries(state.bindings)) if (last[app] !== server) moved++;
    last = state.bindings;
    if (backAt === null) {
      const out = await cordoned();
      const inService = Object.entries(state.servers).filter(([a, s]) => s.running && !out.has(a)).map(([, s]) => s.appsOwned);
      const figure = maxOverMean(inService);
      if (figure !== null) {
        if (figures.length === 0 || figure > Math.max(...figures)) worstAt = `${Object.entries(state.servers).filter(([, x]) => x.running).map(([a, x]) => `${a.split(':')[0]}${out.has(a) ? ' (cordoned)' : ''} ${x.appsOwned}`).join(', ')}${await phase()}`;
        figures.push(figure);
      }
      const all = maxOverMean(Object.values(state.servers).filter((x) => x.running).map((x) => x.appsOwned));
      if (all !== null) worstAll = Math.max(worstAll, all);
      if (done) backAt = loop.now().getTime();
    } else if (loop.now().getTime() - backAt >= AFTER_MS) break;
  }
  const owned = Object.values(loop.emulator.state().servers).filter((s) => s.running).map((s) => s.appsOwned);
  return { worst: Math.max(...figures), worstAt, meanMaxMean: mean(figures), worstAllRunning: worstAll, after: liveMaxMean(loop), owned, moved, over: backAt !== null };
}

/** max/mean of apps owned; null when the servers own nothing (every app on a server that is down) */
function maxOverMean(owned: number[]): number | null {
  const total = owned.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(...owned) / (total / owned.length) : null;
}

/**
 * The scenario starts with every app on A (every list names A first): the restart is measured from a
 * balanced cluster, so the apps beyond an even share are moved first by compare-and-set (as an
 * earlier rebalance would) and the loop stepped until every worker reports to its app's owner.
 */
async function balance(loop: RolloutLoop): Promise<void> {
  const state = loop.emulator.state();
  const running = Object.keys(state.servers).filter((a) => state.servers[a]!.running);
  const share = Math.ceil(Object.keys(state.bindings).length / running.length);
  const owned = new Map(running.map((a) => [a, 0]));
  const over: string[] = [];
  for (const [app, server] of Object.entries(state.bindings)) {
    if (server && (owned.get(server) ?? share) < share) owned.set(server, owned.get(server)! + 1);
    else over.push(app);
  }
  for (const app of over) {
    const to = running.find((a) => owned.get(a)! < share)!;
    owned.set(to, owned.get(to)! + 1);
    const from = state.bindings[app];
    await loop.emulator.appInfo.compareAndSet(loop.emulator.appIdOf(app)!, from ? loop.emulator.transportAddressOf(from) : null, loop.emulator.transportAddressOf(to)!, loop.emulator.clock.now());
  }
  await stepUntil(loop, 120, 'every worker on its app\'s owner after the balancing moves', async () => {
    const bindings = loop.emulator.state().bindings;
    return loop.emulator.workerObjects.every((w) => w.currentServer === loop.emulator.transportAddressOf(bindings[w.app.appName] ?? ''));
  });
}

/** The apps whose jobs leave no quiet window for a move at all (busyApps, as the drains judge them at the scenario's accurate percentage). */
function neverQuiet(loop: RolloutLoop, accuratePercentage: number): Set<number> {
  const ids = Object.keys(loop.emulator.state().bindings).map((name) => loop.emulator.appIdOf(name)!);
  const workers = new Map<number, number>();
  for (const w of loop.emulator.workerObjects) workers.set(loop.emulator.appIdOf(w.app.appName)!, (workers.get(loop.emulator.appIdOf(w.app.appName)!) ?? 0) + 1);
  const apps = new Map(ids.map((id) => [id, { name: String(id), server: null, workers: workers.get(id) ?? 0 }]));
  const busy = busyApps({ appIds: ids, apps, schedules: loop.emulator.scheduler!.jobSchedules(ids), nowMs: loop.now().getTime(), accuratePercentage, utcOffsetMs: 0 });
  return new Set(busy.filter((b) => b.never).map((b) => b.appId));
}

function outcomes(loop: RolloutLoop, from: number, never: ReadonlySet<number> = new Set()): { failed: number; lost: number; succeeded: number; neverQuietFailed: number; neverQuietApps: number } {
  // instances expected until 30 s ago: each has had its time to be dispatched
  const out = { failed: 0, lost: 0, succeeded: 0, neverQuietFailed: 0, neverQuietApps: never.size };
  for (const [appId, o] of loop.emulator.scheduler!.outcomes(from, loop.now().getTime() - 30_000)) {
    out.failed += o.failed;
    out.lost += o.waiting;
    out.succeeded += o.succeeded;
    if (never.has(appId)) out.neverQuietFailed += o.failed + o.waiting;
  }
  return out;
}

/** PowerJob alone: the scenario's own replacement of A, B, C by E, F, G, or A, B, C stopped and started again in place, one every 70 s. */
async function restartAlone(scenario: Scenario, how: 'replace' | 'in-place'): Promise<RestartRun> {
  const started = Date.now();
  const loop = await startRolloutLoop(how === 'replace' ? scenario : { ...scenario, events: [] });
  try {
    if (how === 'in-place') await balance(loop);
    const t0 = how === 'replace' ? loop.now().getTime() - 24_000 : loop.now().getTime() - 60_000; // the scenario's events count from the cluster's start; in place, the first stop comes at once
    const from = loop.now().getTime();
    const servers = loop.emulator.servers.slice(0, 3);
    const last = how === 'replace' ? 60_000 + 2 * 70_000 + 10_000 : 60_000 + 2 * 70_000 + RESTART_DOWN_MS;
    const each = async () => {
      const t = loop.now().getTime() - t0;
      if (how === 'in-place') {
        for (const [i, address] of servers.entries()) {
          const stopAt = 60_000 + i * 70_000;
          const running = loop.emulator.state().servers[address]!.running;
          if (t >= stopAt && t < stopAt + RESTART_DOWN_MS && running) await loop.emulator.stopServer(address);
          if (t >= stopAt + RESTART_DOWN_MS && !running) await loop.emulator.startServer(address);
        }
      }
      return t >= last;
    };
    const w = await watchRestart(loop, async () => new Set(), each, 2_000);
    const o = outcomes(loop, from, neverQuiet(loop, scenario.accuratePercentage));
    const quiet = how === 'in-place' ? await quietRun(scenario, loop.now().getTime() - from) : { failed: 0, lost: 0 };
    return { ...w, moves: 0, ...o, quietFailed: quiet.failed, quietLost: quiet.lost, completed: w.over, state: w.over ? 'done' : 'not over', wallS: (Date.now() - started) / 1000 };
  } finally {
    await loop.close();
  }
}

/** The same cluster, as long, with no restart: what fails or is lost anyway. */
async function quietRun(scenario: Scenario, ms: number): Promise<{ failed: number; lost: number }> {
  const loop = await startRolloutLoop({ ...scenario, events: [] });
  try {
    await balance(loop);
    const from = loop.now().getTime();
    while (loop.now().getTime() - from < ms) await loop.step();
    return outcomes(loop, from);
  } finally {
    await loop.close();
  }
}

/**
 * With the assistant, started through the API's code (lib/api/rolling-restarts.ts, ticked by the
 * rollout controller as on the leader): the operator's side as lib/jobs/rolling-restart.int.test.ts
 * plays it, each server stopped in the emulator once it is said safe and started RESTART_DOWN_MS later.
 */
async function restartAssisted(scenario: Scenario, allowBusy: boolean): Promise<RestartRun> {
  const started = Date.now();
  const loop = await startRolloutLoop({ ...scenario, events: [] });
  try {
    const runtime = { get store() { return loop.store; }, now: () => loop.now() } as unknown as Runtime;
    const running = Object.entries(loop.emulator.state().servers).filter(([, s]) => s.running).map(([a]) => a);
    await stepUntil(loop, 6, 'the collector to report the running servers', async () => (await loop.store.listServers(loop.now())).filter((s) => s.health === 'up').length === running.length);
    await balance(loop);
    // the collector sees the balanced bindings before the assistant plans its first drain
    for (let i = 0; i < 2; i++) await loop.step();
    const from = loop.now().getTime();
    const never = neverQuiet(loop, scenario.accuratePercentage);
    const rr = await startRollingRestart(runtime, { servers: running, reason: 'bench:maintenance', perMinute: 5, allowBusy }, 'bench');
    const stoppedAt = new Map<string, number>();
    const each = async () => {
      const now = loop.now().getTime();
      const cur = (await rollingRestart(runtime, rr.id)).progress.current;
      if (cur?.phase === 'restart' && !stoppedAt.has(cur.address)) {
        await loop.emulator.stopServer(cur.address);
        stoppedAt.set(cur.address, now);
      }
      for (const [address, at] of stoppedAt) if (now - at >= RESTART_DOWN_MS && !loop.emulator.state().servers[address]!.running) await loop.emulator.startServer(address);
      // the restart is over once the last server is back (its restore may still be moving apps)
      const view = await rollingRestart(runtime, rr.id);
      return view.state === 'completed' || (view.servers.at(-1)!.backAt !== null && view.servers.at(-1)!.backAt !== undefined) || view.state === 'paused' || view.state === 'aborted';
    };
    const cordoned = async () => new Set((await loop.store.listServers(loop.now())).filter((s) => s.cordon !== null).map((s) => s.address));
    const phase = async () => {
      const cur = (await rollingRestart(runtime, rr.id)).progress.current;
      return cur ? `; the assistant at ${cur.address.split(':')[0]} ${cur.phase}` : '';
    };
    const w = await watchRestart(loop, cordoned, each, 2_000, phase);
    const view = await rollingRestart(runtime, rr.id);
    const moves = (await loop.store.listMoves({ limit: 10_000 })).filter((m) => m.purpose === 'forward' && (m.status === 'verified' || m.status === 'moved' || m.status === 'failed'));
    const o = outcomes(loop, from, never);
    const note = view.note && view.state !== 'completed' ? `: ${view.note.detail}` : '';
    return { ...w, moves: moves.length, ...o, quietFailed: 0, quietLost: 0, completed: view.state === 'completed', state: `${view.state}${note}`, wallS: (Date.now() - started) / 1000 };
  } finally {
    await loop.close();
  }
}

function printRestart(what: string, r: RestartRun): void {
  process.stdout.write(
    `  ${what}:\n    max/mean throughout ${f(r.worst)} (mean ${f(r.meanMaxMean)}; worst first at ${r.worstAt}), 5 minutes after the last server is back ${f(r.after)} (apps per running server ${r.owned.join('/')}); ` +
      `apps moved ${r.moved} (owner changes${r.moves ? `; ${r.moves} drain and restore moves` : ''}); instances ${r.succeeded} succeeded, ${r.failed} failed, ${r.lost} lost` +
      `${r.neverQuietApps ? ` (${r.neverQuietFailed} of them of the ${r.neverQuietApps} apps whose jobs never leave a quiet window)` : ''}; ${r.state}; wall ${r.wallS.toFixed(0)} s\n`,
  );
}

// (b) the rolling restart: PowerJob alone (the scenario's own replacement, then A, B, C restarted in
// place one every 70 s) and, in the same run on the same seed, with the assistant
process.stdout.write('\n(b) rolling restart of every running server of `rolling-restart` (3 servers, 30 apps, 5.0.1 ordered lists), timed jobs scheduled as PowerJob does\n');
{
  const scenario = withJobs(loadScenario('rolling-restart'));
  const replaced = await restartAlone(scenario, 'replace');
  printRestart('PowerJob alone, A, B, C replaced by E, F, G (the scenario), one every 70 s', replaced);
  const alone = await restartAlone(scenario, 'in-place');
  printRestart('PowerJob alone, A, B, C stopped and started again in place, one every 70 s (30 s down)', alone);
  // the assistant as started by default: an app whose jobs never leave a quiet window is skipped by
  // its drain, which ends incomplete, and the rolling restart pauses there (the operator's call)
  const held = await restartAssisted(scenario, false);
  printRestart('with the assistant (default: apps with no quiet window skipped), A, B, C in that order', held);
  // and as the operator who lets those apps move anyway (allowBusy): the figures judged
  const assisted = await restartAssisted(scenario, true);
  printRestart('with the assistant and allowBusy, A, B, C in that order, each drained, stopped when said safe, started 30 s later, restored', assisted);
  const beside = `(PowerJob alone in place: ${f(alone.worst)}, ${f(alone.after)}, ${alone.failed + alone.lost})`;
  verdict(assisted.completed, `the assistant's rolling restart (allowBusy) completed (${assisted.state}) ${assisted.wallS.toFixed(0)} s wall; by default it ${held.state}`);
  verdict(assisted.worst <= 1.2 + 1e-9, `max/mean of the servers in service throughout ≤ 1.2: ${f(assisted.worst)} (mean over the restart ${f(assisted.meanMaxMean)}; all running servers, the drained one counted: worst ${f(assisted.worstAllRunning)}) ${beside}`);
  verdict(assisted.after <= 1.1 + 1e-9, `max/mean 5 minutes after the last server is back ≤ 1.1: ${f(assisted.after)} ${beside}`);
  verdict(
    assisted.failed + assisted.lost === 0,
    `instances failed or lost because of the restart = 0: ${assisted.failed} failed, ${assisted.lost} lost, ${assisted.neverQuietFailed} of them of the ${assisted.neverQuietApps} apps whose jobs never leave a quiet window (a quiet run of the same cluster: ${alone.quietFailed} failed, ${alone.quietLost} lost) ${beside}`,
  );
}
