// The preview is the promise: on every demo scenario, the plan the preview shows for a rollout
// (planSteps, what POST /api/strategies/preview answers with its steps) is what the controller
// delivers when the rollout runs to 100 % with moves, on the emulated cluster through the real
// collector, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: the same apps moved, the same
// max/mean under the rollout's measure at the end. The cluster runs on a manual clock, so nothing
// changes beside the rollout once a scenario's own events are over: an app PowerJob re-elected by
// itself (the emulator's takeovers) or that the store saw re-bound is named with where it went, and
// fails the test, as does a collection round that took a running server for down (the machine's
// slowness leaking into the cluster's view: the likeliest cause of the 39 apps `large` showed
// re-bound on 2026-12-02, when the loop's collector waited 2 s; docs/rollouts.md, Not done yet).
import { afterEach, describe, expect, it } from 'vitest';
import { startRolloutLoop, type RolloutLoop } from '../../bench/rollout-loop.ts';
import { loadScenario } from '../emulator/scenario.ts';
import type { PlanMeasure } from '../domain/app-load.ts';
import { advance, newRollout, rolloutSpec } from '../domain/rollout.ts';
import { cohortApps, measuredCluster, planRebalance, planSteps, type PlanCluster } from '../domain/rollout-plan.ts';
import { storeTargets } from '../store/test-support.ts';
import type { Store } from '../store/index.ts';
import { loadPlanCluster } from './rollout-controller.ts';

/** the demo scenarios, the measure each rollout balances, how long their own events take to play out, and how often the loop collects (every 5 s step unless said) */
const SCENARIOS: { name: string; measure: PlanMeasure; settleMs: number; timeoutMs: number; collectMs?: number }[] = [
  { name: 'issue-181', measure: 'apps', settleMs: 0, timeoutMs: 120_000 },
  // the first server stops at 60 s and is back at 90 s: the rollout starts once that has played out
  { name: 'failover', measure: 'workers', settleMs: 110_000, timeoutMs: 150_000 },
  // A, B, C replaced by E, F, G from 60 s, one every 70 s
  { name: 'rolling-restart', measure: 'apps', settleMs: 300_000, timeoutMs: 200_000 },
  // 50 servers, 2,000 apps, 20,000 workers: collected every 10 s as the demo does (FULCRUM_COLLECT_INTERVAL),
  // the controller ticking every 5 s; a collection of 20,000 workers is most of a step's time
  { name: 'large', measure: 'workers', settleMs: 0, timeoutMs: 600_000, collectMs: 10_000 },
];

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function measured(store: Store, now: Date, measure: PlanMeasure): Promise<PlanCluster> {
  return measuredCluster((await loadPlanCluster(store, now)).cluster, measure);
}

async function act(store: Store, id: string, type: 'start' | 'promote', now: Date) {
  const r = (await store.getRollout(id))!;
  const out = advance(r, { type }, now);
  if (!out.ok) throw new Error(out.reason);
  expect(await store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'test', now)).toBe(true);
}

describe.each(storeTargets())('preview = outcome ($name)', (target) => {
  let loop: RolloutLoop | undefined;
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  for (const sc of SCENARIOS) {
    it(`${sc.name}: a least-loaded rollout by ${sc.measure} (10% → 50% → 100%) moves the apps the preview lists and ends at its max/mean`, { timeout: sc.timeoutMs }, async () => {
      const started = Date.now();
      const cpu = process.cpuUsage();
      loop = await startRolloutLoop(loadScenario(sc.name), { store: target, collectMs: sc.collectMs });
      const { store, emulator } = loop;
      const collection = async () => {
        for (let i = 0; i < loop!.collectMs / loop!.stepMs; i++) await loop!.step();
      };
      for (let t = 0; t < sc.settleMs; t += loop.stepMs) await loop.step();
      // the preview reads the store: wait until it sees every app bound, the same way two collections running
      const apps = Object.keys(emulator.state().bindings).length;
      let seen = '';
      let stable = false;
      for (let i = 0; i < 20 && !stable; i++) {
        await collection();
        const stored = (await store.listApps(loop.now())).filter((a) => a.serverAddress !== null);
        const now = JSON.stringify(stored.map((a) => [a.appId, a.serverAddress]).sort());
        stable = stored.length === apps && now === seen;
        seen = now;
      }
      expect(stable, `the store did not see all ${apps} apps bound, unchanged over two collections, within 20 collections`).toBe(true);
      const id = `ro-${sc.name}`;
      // manual pauses: the test promotes once a step's moves are all made and verified, as an operator would
      const spec = rolloutSpec.parse({
        name: `balance ${sc.name}`,
        candidate: { kind: 'least-loaded' },
        measure: sc.measure,
        steps: [10, 50, 100].map((percent) => ({ percent, pause: { manual: true } })),
        // the protect threshold at its widest: the plan's moves all go to servers below their target
        moves: { enabled: true, perMinute: 600, epsilon: 5, verifySeconds: 600 },
      });
      await store.createRollout(newRollout(id, spec), 'test', loop.now());
      const before = await measured(store, loop.now(), sc.measure);
      const preview = planSteps({ id, spec }, before);
      const bound = async () => new Map((await store.listApps(loop!.now())).map((a) => [a.appId, a.serverAddress]));
      const bindingsBefore = await bound();
      const since = loop.now().getTime();
      // while a scenario's servers stop and start, the collector backs off from them: those misses are its events, not the rollout's
      const missesBefore = loop.collectionMisses();

      await act(store, id, 'start', loop.now());
      /** what is left to do: the moves still open, and those the plan still makes from where the open ones put their apps (as the controller plans) */
      const left = async () => {
        const r = (await store.getRollout(id))!;
        expect(r.state, `rollout ${r.state} at step ${r.step + 1}: ${r.reason ?? ''}`).toBe('running');
        const open = new Map((await store.listMoves({ rolloutId: id, status: 'moved' })).map((m) => [m.appId, m.toServer]));
        const now = await measured(store, loop!.now(), sc.measure);
        const planning = { ...now, apps: now.apps.map((a) => (open.has(a.id) ? { ...a, server: open.get(a.id)! } : a)) };
        const cohort = new Set(cohortApps(r, planning.apps).map((a) => a.id));
        return { open: open.size, planned: planRebalance(spec.candidate, planning, cohort).moves.length };
      };
      const TICKS = 400;
      // each step is promoted once its moves are made (the next step is planned from where they put
      // their apps, as planSteps plans it), and at 100 % the test waits until every move is verified
      for (let step = 0; step < spec.steps.length; step++) {
        const last = step === spec.steps.length - 1;
        let todo = { open: 0, planned: 1 };
        for (let i = 0; i < TICKS && (todo.planned > 0 || (last && todo.open > 0)); i++) {
          await loop.step();
          todo = await left();
        }
        expect(todo, `step ${step + 1} (${spec.steps[step]!.percent}%) did not settle within ${TICKS} ticks (${(TICKS * loop.stepMs) / 1000} s of cluster time): moves still open or planned`).toEqual({ open: last ? 0 : todo.open, planned: 0 });
        if (!last) await act(store, id, 'promote', loop.now());
      }

      const after = await measured(store, loop.now(), sc.measure);
      const moves = await store.listMoves({ rolloutId: id });
      expect(moves.filter((m) => m.status === 'failed'), 'no move failed').toEqual([]);
      const forward = moves.filter((m) => m.purpose === 'forward' && m.status === 'verified');
      const moved = [...new Set(forward.map((m) => m.appId))];
      // what changed beside the rollout (nothing, once the scenario's events are over): rounds that
      // took a running server for down, apps PowerJob re-elected by itself, apps the store saw re-bound
      expect(loop.collectionMisses() - missesBefore, 'running servers that collection rounds during the rollout found down: this machine answered the hellos slower than the collector waits, and the controller planned around servers it took for down').toBe(0);
      const takenOver = emulator.takeovers(since).map((t) => `${t.app} ${t.from ?? '(no owner)'} → ${t.to}`);
      expect(takenOver, 'apps PowerJob re-elected by itself during the rollout (app, owner found dead → new owner)').toEqual([]);
      const rollout = new Set(moved);
      const names = new Map((await store.listApps(loop.now())).map((a) => [a.appId, a.appName ?? `app#${a.appId}`]));
      const rebound = [...(await bound())].filter(([app, server]) => !rollout.has(app) && bindingsBefore.get(app) !== server).map(([app, server]) => `${names.get(app)} ${bindingsBefore.get(app)} → ${server}`);
      expect(rebound, 'apps the store saw re-bound during the rollout, not by its moves (app, before → after)').toEqual([]);
      // move by move (an app a step moves may move again in a later one, as planSteps plans it on `large`): app and where it went
      const byApp = (list: { appId: number; to: string }[]) => list.map((m) => `${m.appId} → ${m.to}`).sort();
      expect(byApp(forward.map((m) => ({ appId: m.appId, to: m.toServer })))).toEqual(byApp(preview.moves));
      const last = preview.steps[preview.steps.length - 1]!;
      const reached = planRebalance(spec.candidate, after, new Set()).maxMean.before;
      expect(reached).toBeCloseTo(last.maxMean.after, 6);
      console.log(`${sc.name} (${target.name}) by ${sc.measure}: max/mean ${preview.steps[0]!.maxMean.before.toFixed(2)} → ${reached.toFixed(2)} (preview ${last.maxMean.after.toFixed(2)}), ${forward.length} moves of ${moved.length} apps (preview ${preview.moves.length}: ${preview.steps.map((s) => `${s.percent}% ${s.moves.length}`).join(', ')}), ${((Date.now() - started) / 1000).toFixed(0)} s (this process's CPU ${cpuSeconds(process.cpuUsage(cpu)).toFixed(0)} s)`);
    });
  }
});
