// npm run bench:moves: what rebalancing moves cost in job runs, on emulated clusters whose apps run
// timed jobs scheduled and dispatched as PowerJob does (lib/emulator/scheduler.ts). Each cluster
// starts piled on its first servers and is rebalanced by a rollout in three steps with moves; beside
// it, in the same run, the same cluster (same seed) runs as long with no rollout: the baseline.
// Printed per cluster and accurate-select percentage: runs failed, left waiting (lost) and run twice
// against the baseline, moves reverted, moves made against the minimum, the time until each moved
// app had converged (p50, p95, max), how long the rollout took, and apps held for having no quiet
// window. Emulated time on a manual clock (bench/rollout-loop.ts): the figures do not depend on the
// machine's speed, only the wall time printed does. `--large` adds the 50-server `large` scenario;
// `--only <name>[,<name>]` runs only those (issue-181, 8x500, large). Each run also prints the
// accurate percentage Fulcrum measured from its moves (lib/jobs/follow-rate.ts) beside the true one.
import os from 'node:os';
import { advance, newRollout, rolloutSpec } from '../lib/domain/rollout.ts';
import { loadScenario, type Scenario } from '../lib/emulator/scenario.ts';
import { startRolloutLoop, type RolloutLoop } from './rollout-loop.ts';
import { verdict } from './support.ts';
import { followTimings, measureFollowRate } from '../lib/jobs/follow-rate.ts';
import { quantiles, type FollowEstimate } from '../lib/domain/follow-rate.ts';

const STEP_MS = 5_000;
/** emulated time a rollout may take before the benchmark stops it */
const MAX_MS = Number(process.env.BENCH_MOVES_MAX_MINUTES ?? 40) * 60_000;

function withJobs(base: Scenario, accuratePercentage: number): Scenario {
  return { ...base, accuratePercentage, apps: { ...base.apps, schedules: base.apps.schedules || { fixedRateShare: 0.1 } } };
}

const eightBy500: Scenario = {
  ...loadScenario('issue-181'),
  name: '8 servers, 500 Zipf-loaded apps',
  description: '',
  seed: 500,
  servers: { count: 8, startStopped: [] },
  apps: { count: 500, namePrefix: 'z', workers: { dist: 'zipf', s: 1.1, min: 1, max: 100 }, jobRate: { dist: 'zipf', s: 1.1, min: 0, max: 60 }, jobSeconds: 30, rotatedListShare: 0.25, schedules: false },
};

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : null;
const clusters: { name: string; key: string; scenario: Scenario }[] = [
  { name: 'issue-181', key: 'issue-181', scenario: loadScenario('issue-181') },
  { name: '8 × 500', key: '8x500', scenario: eightBy500 },
  ...(process.argv.includes('--large') || only?.has('large') ? [{ name: 'large', key: 'large', scenario: loadScenario('large') }] : []),
].filter((c) => !only || only.has(c.key));
if (clusters.length === 0) throw new Error(`--only ${[...(only ?? [])].join(',')}: no such cluster (issue-181, 8x500, large)`);

interface Run {
  failed: number;
  waiting: number;
  succeeded: number;
  moves: number;
  reverted: number;
  /** the reverted moves: the app, its workers and how many had reached the new owner when the move gave up */
  revertedMoves: { appId: number; seen: number | null; total: number | null }[];
  minimum: number;
  convergeS: number[];
  rolloutS: number | null;
  held: number;
  maxMeanBefore: number;
  maxMeanAfter: number;
  wallS: number;
  follow: FollowEstimate | null;
  /** collection rounds' misses of a running server (bench/rollout-loop.ts): load leaking into emulated time */
  misses: number;
}

/** The fewest moves that bring every server to at most ⌈apps / servers⌉ apps. */
function minimumMoves(loop: RolloutLoop): number {
  const owned = Object.values(loop.emulator.state().servers).map((s) => s.appsOwned);
  const total = owned.reduce((a, b) => a + b, 0);
  const cap = Math.ceil(total / owned.length);
  return owned.reduce((n, c) => n + Math.max(0, c - cap), 0);
}

async function run(scenario: Scenario, withRollout: boolean, durationMs: number | null): Promise<Run & { durationMs: number }> {
  const wall = Date.now();
  const loop = await startRolloutLoop(scenario, { stepMs: STEP_MS });
  try {
    const start = loop.now().getTime();
    const maxMeanBefore = loop.maxMean();
    const minimum = minimumMoves(loop);
    let rolloutS: number | null = null;
    if (withRollout) {
      const spec = rolloutSpec.parse({
        name: 'rebalance',
        candidate: { kind: 'least-loaded' },
        steps: [
          { percent: 10, pause: { seconds: 60 } },
          { percent: 50, pause: { seconds: 60 } },
          { percent: 100, pause: { manual: true } },
        ],
        moves: { enabled: true, perMinute: 60, epsilon: 0.1 },
        guardrails: [{ kind: 'jobs', action: 'pause' }],
      });
      await loop.store.createRollout(newRollout('ro-bench', spec), 'bench', loop.now());
      const r = (await loop.store.getRollout('ro-bench'))!;
      const out = advance(r, { type: 'start' }, loop.now());
      if (!out.ok) throw new Error(out.reason);
      await loop.store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'bench', loop.now());
      // until the last step is reached and nothing moves or waits any more for a minute of cluster time
      let quietSince: number | null = null;
      let lastCount = -1;
      while (loop.now().getTime() - start < MAX_MS) {
        await loop.step();
        const ro = (await loop.store.getRollout('ro-bench'))!;
        const moves = await loop.store.listMoves({ rolloutId: 'ro-bench', limit: 100_000 });
        const open = moves.some((m) => m.status === 'moved');
        if (ro.state === 'paused') break;
        if (ro.step === 2 && !open && moves.length === lastCount) {
          quietSince ??= loop.now().getTime();
          if (loop.now().getTime() - quietSince >= 60_000) break;
        } else quietSince = null;
        lastCount = moves.length;
      }
      const moves = await loop.store.listMoves({ rolloutId: 'ro-bench', limit: 100_000 });
      const last = Math.max(...moves.map((m) => (m.verifiedAt ?? m.requestedAt).getTime()), start);
      rolloutS = (last - start) / 1000;
    } else {
      while (loop.now().getTime() - start < (durationMs ?? 0)) await loop.step();
    }
    // a minute more, so that every run after the last move has fired and been recorded
    for (let i = 0; i < 60_000 / STEP_MS; i++) await loop.step();
    const end = loop.now().getTime();
    const outcomes = loop.emulator.scheduler!.outcomes(start, end - 30_000);
    let failed = 0;
    let waiting = 0;
    let succeeded = 0;
    for (const o of outcomes.values()) {
      failed += o.failed;
      waiting += o.waiting;
      succeeded += o.succeeded;
    }
    const moves = withRollout ? await loop.store.listMoves({ rolloutId: 'ro-bench', limit: 100_000 }) : [];
    const follow = withRollout ? (await measureFollowRate(loop.store, loop.now(), followTimings(loop.collectMs))).estimate : null;
    const events = withRollout ? await loop.store.listRolloutEvents('ro-bench', 100_000) : [];
    return {
      failed,
      waiting,
      succeeded,
      moves: moves.filter((m) => m.purpose === 'forward' && m.status !== 'conflict' && m.status !== 'missing').length,
      reverted: moves.filter((m) => m.status === 'failed').length,
      revertedMoves: moves.filter((m) => m.status === 'failed').map((m) => ({ appId: m.appId, seen: m.workersSeen, total: m.workersTotal })),
      minimum,
      convergeS: moves.filter((m) => m.status === 'verified' && m.verifiedAt).map((m) => (m.verifiedAt!.getTime() - m.requestedAt.getTime()) / 1000).sort((a, b) => a - b),
      rolloutS,
      held: events.filter((e) => e.action === 'hold').length,
      maxMeanBefore,
      maxMeanAfter: loop.maxMean(),
      wallS: (Date.now() - wall) / 1000,
      follow,
      misses: loop.collectionMisses(),
      durationMs: end - start - 60_000,
    };
  } finally {
    await loop.close();
  }
}

/** nearest rank, as the follow-rate report computes it */
const pct = (xs: number[], p: number) => quantiles(xs, [p / 100])[0]!;
const cpus = os.cpus();
console.log(`machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('emulated time, 5 s steps; a rollout of least-loaded in three steps (10 %, 50 %, 100 %), 60 moves a minute, quiet windows on, the job guardrail on.');
console.log('baseline: the same cluster and seed for as long with no rollout. "because of moves" = rollout run minus baseline.\n');

let allMet = true;
for (const c of clusters) {
  for (const accurate of [100, 50]) {
    const scenario = withJobs(c.scenario, accurate);
    const moved = await run(scenario, true, null);
    const base = await run(scenario, false, moved.durationMs);
    const extraFailed = moved.failed - base.failed;
    const extraLost = moved.waiting - base.waiting;
    console.log(`${c.name}, accurate percentage ${accurate}: ${scenario.apps.count} apps on ${scenario.servers.count} servers`);
    console.log(`   runs: ${moved.succeeded} succeeded, ${moved.failed} failed, ${moved.waiting} lost with the rollout; ${base.succeeded} succeeded, ${base.failed} failed, ${base.waiting} lost in the baseline`);
    console.log(`   moves: ${moved.moves} made (minimum ${moved.minimum}), ${moved.reverted} reverted, ${moved.held} apps held for no quiet window; max/mean ${moved.maxMeanBefore.toFixed(2)} → ${moved.maxMeanAfter.toFixed(2)}`);
    console.log(`   converged after p50 ${pct(moved.convergeS, 50)} s, p95 ${pct(moved.convergeS, 95)} s, max ${moved.convergeS.at(-1) ?? NaN} s; rollout took ${moved.rolloutS ?? NaN} s of cluster time (${moved.wallS.toFixed(0)} s wall, baseline ${base.wallS.toFixed(0)} s)`);
    if (moved.misses + base.misses > 0) console.log(`   collection missed a running server ${moved.misses} times with the rollout, ${base.misses} in the baseline: the machine's load reached emulated time, read these figures with care`);
    const f = moved.follow;
    console.log(`   follow rate Fulcrum measured from its moves: ${f ? `${f.percentage} % (95 % interval ${f.lower}–${f.upper}) from ${f.moves} moves, ${f.arrivals} worker arrivals` : 'too little evidence'}; the cluster's is ${accurate} %`);
    allMet = verdict(extraFailed <= 0 && extraLost <= 0, `${c.name} at ${accurate} %: 0 runs failed or lost because of moves: ${extraFailed} failed, ${extraLost} lost (the emulator runs no instance twice by construction)`) && allMet;
    // the target counts apps of up to 100 workers; bigger ones are listed too, for the record
    if (moved.revertedMoves.length) console.log(`   reverted: ${moved.revertedMoves.map((m) => `app ${m.appId} (${m.seen ?? '?'} of ${m.total ?? '?'} workers on the new owner)`).join(', ')}`);
    const small = moved.revertedMoves.filter((m) => (m.total ?? 0) <= 100).length;
    allMet = verdict(small === 0, `${c.name} at ${accurate} %: 0 moves reverted for apps of up to 100 workers: ${small} (${moved.reverted} in all)`) && allMet;
    // a 95 % interval: by chance outside one run in twenty
    allMet = verdict(f !== null && f.lower <= accurate && accurate <= f.upper, `${c.name} at ${accurate} %: the measured follow rate's 95 % interval holds the cluster's ${accurate} %: ${f ? `${f.lower}–${f.upper}` : 'not measured'}`) && allMet;
    const limit = accurate === 100 ? 30 : 90;
    allMet = verdict(pct(moved.convergeS, 95) < limit, `${c.name} at ${accurate} %: convergence p95 under ${limit} s: ${pct(moved.convergeS, 95)} s over ${moved.convergeS.length} moves`) && allMet;
    console.log('');
  }
}
console.log(allMet ? 'every target met' : 'some targets not met');
