// The rollout controller: each tick it verifies open app moves (reverting and pausing on failure),
// applies guardrails and timed pauses through advance(), samples cohort vs control fairness, and
// moves cohort apps to the candidate's choice (or, after an abort, back) at the bounded rate.
// Everything it knows is in the store, so a restart carries on from the stored times.
import { DRAIN_MOVE_CONFIDENCE, judgeMove, MOVE_CONFIDENCE } from '../domain/convergence.ts';
import type { FollowStep } from '../domain/follow-rate.ts';
import { followTimings, measureFollowRate, windowPercentage, type AssumedPercentage } from './follow-rate.ts';
import { busyApps, TIME_EXPRESSION, utcOffsetMs, type BusyApp, type JobSchedule } from '../domain/quiet-window.ts';
import { firstInstances, jobFailureVerdict, runCounts, type MovedAppRuns } from '../domain/job-guardrail.ts';
import { parseCron } from '../domain/cron.ts';
import type { InstanceRow } from '../domain/instance-report.ts';
import { fairness } from '../domain/fairness.ts';
import { advance, evaluateGuardrails, movesApps, type RolloutEvent } from '../domain/rollout.ts';
import type { MoveInput, MovePlan } from '../domain/moves.ts';
import { cohortApps, groupFairness, measuredCluster, planRebalance, type PlanApp, type PlanCluster } from '../domain/rollout-plan.ts';
import { triggersPerMinute } from '../domain/app-load.ts';
import { moveGate } from '../domain/maintenance.ts';
import type { RolloutMoveRow, Store, StoredRollout } from '../store/index.ts';
import type { RolloutText, RolloutTextParams } from '../domain/rollout-texts.ts';
import { auditSaid, said } from './rollout-texts.ts';
import { isDrainId, tookBackByPowerJob } from '../domain/drain.ts';
import { drainsMoving, drainTick } from './drain-moves.ts';
import { isSteeringId } from '../domain/steering.ts';
import { createSteering, type SteeringTickResult } from './steering.ts';
import { rollingRestartActive, rollingRestartTick } from './rolling-restart.ts';

/** What a move row says of the actuator's answer: why a conflict or a missing row left the app alone (rollouts and drains alike). */
export function moveOutcomeText(out: { outcome: string; current?: string | null }): (RolloutText & { detail: string }) | { detail: null } {
  return out.outcome === 'conflict' ? said('move-conflict', { current: out.current ?? null }) : out.outcome === 'missing' ? said('move-missing') : { detail: null };
}

/** The actuator (lib/powerjob/actuator.ts): compare-and-set of app_info.current_server, main-protocol addresses. */
export interface MoveActuator {
  moveApp(appId: number, expected: string | null, target: string): Promise<{ outcome: 'moved' | 'conflict' | 'missing'; current: string | null }>;
  /** the apps' enabled jobs (PowerJob's job_info): an app moves only in a quiet window of them */
  jobSchedules?(appIds: readonly number[]): Promise<Map<number, JobSchedule[]>>;
  /** the apps' instances (PowerJob's instance_info) expected in (fromMs, toMs]: the job-failure guardrail */
  instances?(appIds: readonly number[], fromMs: number, toMs: number): Promise<InstanceRow[]>;
}

/** planMoves of lib/domain/moves.ts: which moves to make now, bounded by rate and the protect threshold. */
export type PlanMoves = (input: MoveInput) => MovePlan;

export interface ControllerOptions {
  store: Store;
  /** null when no PowerJob database is configured: rollouts then only change assignments */
  actuator: MoveActuator | null;
  planMoves: PlanMoves | null;
  /** ids of alert rules firing now (issue 5); none until alerts exist */
  firingRuleIds?: () => Promise<ReadonlySet<string>>;
  /** called after any rollout changed state, so the assignment cache reloads at once */
  onChange?: () => void;
  actor?: string;
  /**
   * PowerJob's oms.accurate.select.server.percentage (50 as shipped) and how often Fulcrum
   * collects: a move is given the time its workers need to follow at that percentage
   * (lib/domain/convergence.ts), or the rollout's verifySeconds when that is longer. Once Fulcrum
   * has measured how fast workers follow (lib/jobs/follow-rate.ts), the measured lower bound
   * replaces an assumed percentage, and shortens a configured one's window never.
   */
  accuratePercentage?: number;
  /** where accuratePercentage comes from: 'configured' (the default when given) and 'demo' are known; 'default' is PowerJob's shipped 50, assumed */
  accuratePercentageSource?: AssumedPercentage['source'];
  collectIntervalMs?: number;
  /** the PowerJob servers' time zone (IANA), in which their CRON expressions are read; the process's own by default */
  powerjobTimeZone?: string;
  /** failover steering's second look at a server silent past the confirmation (lib/powerjob/client.ts serverAnswers); none: the collector's word alone */
  probeServer?: (address: string) => Promise<boolean>;
}

export interface TickResult {
  transitions: number;
  moves: number;
  verified: number;
  failed: number;
  /** what failover steering did at the start of the tick (lib/jobs/steering.ts) */
  steering?: SteeringTickResult;
}

/** Who made a move row: a rollout, a drain or failover steering (the audit's words for it). */
const moveMaker = (id: string) => (isDrainId(id) ? 'drain' : isSteeringId(id) ? 'steering' : 'rollout');

const ACTOR = 'system:rollout-controller';
/** the job-failure guardrail: moves it looks back on, the runs before a move it compares with, how often it reads instance_info */
export const JOB_GUARDRAIL = { lookBackMs: 30 * 60_000, beforeMs: 30 * 60_000, settleMs: 30_000, everyMs: 15_000 };
/** how long an app whose move met a re-election (conflict) is left alone */
export const CONFLICT_BACKOFF_MS = 120_000;
/** how often the measured follow rate is read again */
export const FOLLOW_REFRESH_MS = 60_000;

export async function loadPlanCluster(store: Store, now: Date): Promise<{ cluster: PlanCluster; transport: Map<string, string> }> {
  const [servers, apps, workers] = await Promise.all([
    store.listServers(now),
    store.listApps(now),
    store.workerRoster(now),
  ]);
  const byApp = new Map<number, PlanApp['workers']>();
  for (const w of workers) {
    const list = byApp.get(w.appId) ?? [];
    list.push({ address: w.address, tag: w.tag, version: w.version, server: w.serverAddress });
    byApp.set(w.appId, list);
  }
  const transport = new Map<string, string>();
  for (const s of servers) if (s.transportAddress) transport.set(s.address, s.transportAddress);
  return {
    transport,
    cluster: {
      // only confirmed servers are targets (one an ingest batch merely named is never moved to)
      servers: servers
        .filter((s) => s.confirmedBy !== null)
        .map((s) => ({ address: s.address, weight: s.weight, up: s.health === 'up' || s.health === 'unknown', stale: s.health === 'stale', ...(s.zone ? { zone: s.zone } : {}), ...(s.cordon ? { cordoned: true } : {}) })),
      // load 1 (apps owned) for the guardrails' figures; a rollout plans under its own measure (measuredCluster)
      apps: apps.map((a) => ({ id: a.appId, name: a.appName ?? `app#${a.appId}`, server: a.serverAddress, load: 1, workers: byApp.get(a.appId) ?? [], running: a.runningInstances ?? 0 })),
    },
  };
}

/** The alert rules firing now, as guardrails name them (rule ids as strings): what server.ts wires as `firingRuleIds`. */
export function firingAlertRuleIds(store: Store): () => Promise<ReadonlySet<string>> {
  return async () => new Set((await store.listAlertInstances({ state: 'firing' })).map((a) => String(a.ruleId)));
}

export function createRolloutController(options: ControllerOptions) {
  const { store } = options;
  const actor = options.actor ?? ACTOR;
  const timeZone = options.powerjobTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  /** rollout:key pairs already written to the rollout's events (once per process) */
  const noted = new Set<string>();
  /**
   * Writes an event into the rollout's history once per `key` (the detail when none), so that an
   * operator sees why it waits (`wait`) or which app it leaves where it is (`hold`): its English
   * detail with its code and params (lib/domain/rollout-texts.ts).
   */
  async function noteOnce(r: StoredRollout, now: Date, note: RolloutText & { detail: string }, action: 'wait' | 'hold' = 'wait', key = note.detail): Promise<void> {
    const once = `${r.id}:${key}`;
    if (noted.has(once)) return;
    noted.add(once);
    const { detail, code, params } = note;
    await store.recordMoveWithHistory({ event: { rolloutId: r.id, at: now, actor, action, fromState: r.state, toState: r.state, step: r.step, percent: r.percent, detail, code, params } });
  }
  const assumed: AssumedPercentage = {
    percentage: options.accuratePercentage ?? 50,
    source: options.accuratePercentageSource ?? (options.accuratePercentage !== undefined ? 'configured' : 'default'),
  };
  const timings = followTimings(options.collectIntervalMs);
  const steering = createSteering({ store, actuator: options.actuator, planMoves: options.planMoves, ...(options.probeServer ? { probe: options.probeServer } : {}) });
  /** the percentage move windows use, from the follow rate measured at most FOLLOW_REFRESH_MS ago */
  let follow: { at: number; percentage: number } | null = null;
  async function accuratePercentage(now: Date): Promise<number> {
    if (!follow || now.getTime() - follow.at >= FOLLOW_REFRESH_MS || now.getTime() < follow.at) {
      follow = { at: now.getTime(), percentage: windowPercentage(assumed, (await measureFollowRate(store, now, timings)).estimate) };
    }
    return follow.percentage;
  }
  /** when this controller last judged the open moves: a trace step's `fromMs` (null after a start) */
  let lastLookAt: number | null = null;
  /** the job-failure guardrail's last reading per rollout: read again every JOB_GUARDRAIL.everyMs */
  const jobVerdicts = new Map<string, { at: number; verdict: { reason: string; text?: RolloutText } | null }>();

  /**
   * The runs of the apps this rollout moved in the last JOB_GUARDRAIL.lookBackMs, before and after
   * their move (PowerJob's instance_info, through the actuator): a verdict when some app's runs
   * fail or go missing above its own rate before the move. Null without a `jobs` guardrail, without
   * instance_info, or when nothing is worse.
   */
  async function jobFailures(r: StoredRollout, apps: ReadonlyMap<number, PlanApp>, now: Date): Promise<{ reason: string; text?: RolloutText } | null> {
    const actuator = options.actuator;
    if (!actuator?.instances || !r.spec.guardrails.some((g) => g.kind === 'jobs')) return null;
    const last = jobVerdicts.get(r.id);
    if (last && now.getTime() - last.at < JOB_GUARDRAIL.everyMs) return last.verdict;
    const movedAt = new Map<number, number>();
    for (const m of await store.listMoves({ rolloutId: r.id, limit: 500 })) {
      if (m.purpose !== 'forward' || (m.status !== 'moved' && m.status !== 'verified')) continue;
      const at = m.requestedAt.getTime();
      if (now.getTime() - at > JOB_GUARDRAIL.lookBackMs) continue;
      movedAt.set(m.appId, Math.min(at, movedAt.get(m.appId) ?? Infinity));
    }
    let verdict: { reason: string; text?: RolloutText } | null = null;
    if (movedAt.size > 0) {
      const ids = [...movedAt.keys()];
      const to = now.getTime() - JOB_GUARDRAIL.settleMs;
      const from = Math.min(...movedAt.values()) - JOB_GUARDRAIL.beforeMs;
      let schedules: Map<number, JobSchedule[]>;
      let rows: InstanceRow[];
      try {
        [schedules, rows] = await Promise.all([actuator.jobSchedules ? actuator.jobSchedules(ids) : new Map<number, JobSchedule[]>(), actuator.instances(ids, from, to)]);
      } catch (error) {
        await noteOnce(r, now, said('wait-instances-unreadable', { error: (error as Error).message }));
        jobVerdicts.set(r.id, { at: now.getTime(), verdict: null });
        return null;
      }
      const offset = utcOffsetMs(timeZone, now.getTime());
      const since = firstInstances(rows);
      const runs: MovedAppRuns[] = ids.map((id) => {
        const at = movedAt.get(id)!;
        const crons = (schedules.get(id) ?? []).filter((j) => j.type === TIME_EXPRESSION.cron && j.expression && parseCron(j.expression)).map((j) => ({ jobId: j.jobId, appId: id, cron: j.expression! }));
        const mine = rows.filter((row) => row.appId === id);
        const count = (a: number, b: number) => (b > a ? runCounts(crons, mine, a, b, since, offset) : { runs: 0, bad: 0 });
        return { appId: id, name: apps.get(id)?.name ?? `app ${id}`, before: count(at - JOB_GUARDRAIL.beforeMs, at), after: count(at, to) };
      });
      verdict = jobFailureVerdict(runs);
    }
    jobVerdicts.set(r.id, { at: now.getTime(), verdict });
    return verdict;
  }

  /**
   * The apps of `ids` that may not move now (busyApps of lib/domain/quiet-window.ts, over PowerJob's
   * job_info): for rollouts, drains and restores alike. Null without job_info (nothing is held);
   * `error` when job_info cannot be read (then nothing says when an app is quiet, so none moves).
   */
  async function readBusy(ids: readonly number[], apps: ReadonlyMap<number, PlanApp>, now: Date): Promise<{ busy: BusyApp[] } | { error: string } | null> {
    const read = options.actuator?.jobSchedules;
    if (!read || ids.length === 0) return null;
    const percentage = await accuratePercentage(now);
    let schedules: Map<number, JobSchedule[]>;
    try {
      schedules = await read.call(options.actuator, ids);
    } catch (error) {
      return { error: (error as Error).message };
    }
    const movable = new Map(ids.map((id) => [id, { name: apps.get(id)?.name ?? `app ${id}`, server: apps.get(id)?.server ?? null, workers: apps.get(id)?.workers.length ?? 0 }]));
    return { busy: busyApps({ appIds: ids, apps: movable, schedules, nowMs: now.getTime(), accuratePercentage: percentage, utcOffsetMs: utcOffsetMs(timeZone, now.getTime()) }) };
  }

  /**
   * The target apps that have no quiet window now: no run of theirs may fall between the move and
   * the moment their workers' heartbeats reach the new owner. Those that never have one are named
   * in the rollout's events once, with the reason; the others wait for their window.
   */
  async function holdBusyApps(r: StoredRollout, targets: Map<number, string>, apps: ReadonlyMap<number, PlanApp>, now: Date): Promise<void> {
    if (r.spec.moves.allowBusy || targets.size === 0) return;
    const out = await readBusy([...targets.keys()], apps, now);
    if (!out) return;
    if ('error' in out) {
      // job_info unreadable (a lost connection, no SELECT grant): nothing says when an app is quiet, so none moves now
      targets.clear();
      await noteOnce(r, now, said('wait-job-info-unreadable', { error: out.error }));
      return;
    }
    for (const b of out.busy) {
      targets.delete(b.appId);
      if (b.never) await noteOnce(r, now, said('hold-no-quiet-window', { app: b.app, server: b.server, reason: b.reason }), 'hold', `hold:${b.appId}`);
    }
  }

  /**
   * Where the rollout's plan moves its cohort apps now (lib/domain/rebalance.ts, the plan the preview
   * shows): under its measure, only moves that bring the cluster closer to the candidate's target,
   * within what is left of its move budget. Null when the measure cannot be read now.
   */
  async function planForward(r: StoredRollout, planning: PlanCluster, now: Date): Promise<{ targets: Map<number, string>; cluster: PlanCluster } | null> {
    let cluster = planning;
    if (r.spec.measure === 'triggers') {
      const read = options.actuator?.jobSchedules;
      if (!read) {
        await noteOnce(r, now, said('wait-triggers-need-job-info'));
        return null;
      }
      let schedules: Map<number, JobSchedule[]>;
      try {
        schedules = await read.call(options.actuator, planning.apps.map((a) => a.id));
      } catch (error) {
        await noteOnce(r, now, said('wait-job-info-unreadable', { error: (error as Error).message }));
        return null;
      }
      const offset = utcOffsetMs(timeZone, now.getTime());
      cluster = { ...planning, apps: planning.apps.map((a) => ({ ...a, triggersPerMinute: triggersPerMinute(schedules.get(a.id) ?? [], now.getTime(), offset) })) };
    }
    const measured = measuredCluster(cluster, r.spec.measure);
    let budget: number | undefined;
    if (r.spec.moves.budget !== undefined) {
      const made = (await store.listMoves({ rolloutId: r.id, limit: 100_000 })).filter((m) => m.purpose === 'forward' && (m.status === 'moved' || m.status === 'verified')).length;
      budget = Math.max(0, r.spec.moves.budget - made);
    }
    const cohort = new Set(cohortApps(r, measured.apps).map((a) => a.id));
    const plan = planRebalance(r.spec.candidate, measured, cohort, budget);
    return { targets: new Map(plan.moves.map((m) => [m.appId, m.to])), cluster: measured };
  }

  /** Applies one event with compare-and-set; reloads and tries again if someone else changed it first. */
  async function apply(r: StoredRollout, event: RolloutEvent, now: Date): Promise<StoredRollout | null> {
    let current: StoredRollout | null = r;
    for (let attempt = 0; attempt < 3 && current; attempt++) {
      const out = advance(current, event, now);
      if (!out.ok || !out.transition) return null;
      if (await store.saveRolloutTransition(out.rollout, current.revision, out.transition, actor, now)) {
        options.onChange?.();
        return store.getRollout(r.id);
      }
      current = await store.getRollout(r.id);
    }
    return null;
  }

  async function tick(now: Date): Promise<TickResult> {
    const result: TickResult = { transitions: 0, moves: 0, verified: 0, failed: 0 };
    // failover steering first: every second counts against PowerJob's own election (docs/maintenance.md)
    result.steering = await steering.tick(now);
    result.moves += result.steering.steered.moved + result.steering.corrected;
    const rollouts = await store.listRollouts({ states: ['running', 'paused', 'balancing', 'aborted'] });
    // moves still open (a rollout stopped or completed meanwhile) are verified all the same
    const open = await store.listMoves({ status: 'moved' });
    if (rollouts.length === 0 && open.length === 0 && !(await drainsMoving(store)) && !(await rollingRestartActive(store))) return result;
    const { cluster, transport } = await loadPlanCluster(store, now);
    const appsById = new Map(cluster.apps.map((a) => [a.id, a]));
    const byId = new Map(rollouts.map((r) => [r.id, r]));
    // the freeze switch and move windows, as stored now (set on any replica): a closed gate stops
    // every new move; a freeze also a failed one's move back (a window does not: it finishes a move
    // made inside one); open moves are still verified
    const [freeze, windows] = await Promise.all([store.getFreeze(), store.getMoveWindows()]);
    const gate = moveGate('rollout', { freeze, windows }, now);
    const frozen = moveGate('rollout', { freeze }, now);

    // 1. verify the moves made earlier: the app's binding and every live worker on the new owner.
    // A move converges worker by worker (each follows at a discovery that takes PowerJob's accurate
    // path), so it is judged on progress: it fails only when no further worker arrived within the
    // window those still missing need (lib/domain/convergence.ts), or verifySeconds when longer.
    const busy = new Set<number>();
    const percentage = open.length > 0 ? await accuratePercentage(now) : assumed.percentage;
    for (const m of open) {
      const app = appsById.get(m.appId);
      const progress = moveProgress(app, m.toServer);
      const policy = byId.get(m.rolloutId)?.spec.moves;
      const judged = judgeMove(
        { ...progress, boundToTarget: app?.server === m.toServer, seenBefore: m.workersSeen ?? 0, requestedAt: m.requestedAt.getTime(), progressAt: m.progressAt?.getTime() ?? null, now: now.getTime() },
        percentage,
        (policy?.verifySeconds ?? 60) * 1000,
        timings,
        // a drain's and a restore's moves are judged surer than a rollout's before one is moved back (convergence.ts)
        moveMaker(m.rolloutId) === 'drain' ? DRAIN_MOVE_CONFIDENCE : MOVE_CONFIDENCE,
      );
      // what this look saw, for the measured follow rate: since the look before it (or, after a start, the last progress)
      const requested = m.requestedAt.getTime();
      const step: FollowStep = {
        fromMs: Math.max(0, Math.min(now.getTime(), lastLookAt ?? m.progressAt?.getTime() ?? requested) - requested),
        atMs: now.getTime() - requested,
        seen: progress.seen,
        total: progress.total,
      };
      if (judged.verdict === 'verified') {
        await store.recordMoveWithHistory({
          update: { id: m.id, status: 'verified', verifiedAt: now, progress: { ...progress, at: now }, step },
          // a drain's move (lib/jobs/drain-moves.ts) has no rollout events: its progress reads the move
          event: moveMaker(m.rolloutId) !== 'rollout' ? undefined : { rolloutId: m.rolloutId, at: now, actor, action: 'verify', fromState: '-', toState: '-', step: 0, percent: 0, ...said('move-verified', { app: m.appName ?? m.appId, total: progress.total, server: m.toServer }) },
        });
        result.verified++;
        continue;
      }
      busy.add(m.appId);
      // converging: more of its workers report to the new owner than before; its window starts again
      if (judged.verdict === 'progress') await store.updateMove(m.id, { status: 'moved', progress: { ...progress, at: now }, step });
      if (judged.verdict !== 'failed') continue;
      const windowMs = judged.windowMs;
      // not verified in time: move it back (compare-and-set from where it should be now) and pause
      let back: Awaited<ReturnType<NonNullable<typeof options.actuator>['moveApp']>> | null = null;
      // a steered app is never moved back onto the server that stopped answering
      const silentFrom = isSteeringId(m.rolloutId) && !cluster.servers.some((s) => s.address === m.fromServer && s.up && !s.stale);
      if (options.actuator && m.fromServer && frozen.allowed && !silentFrom) back = await options.actuator.moveApp(m.appId, transport.get(m.toServer) ?? m.toServer, transport.get(m.fromServer) ?? m.fromServer);
      // the reason says what happened to the app, which is not always a move back
      const outcome: RolloutTextParams = !back
        ? silentFrom && m.fromServer
          ? { outcome: 'left-silent', from: m.fromServer }
          : !frozen.allowed && m.fromServer
          ? { outcome: 'left-frozen', by: freeze.by ?? '?', reason: freeze.reason ?? '' }
          : { outcome: 'left-nowhere' }
        : back.outcome === 'moved'
          ? { outcome: 'moved-back', from: m.fromServer }
          : back.outcome === 'conflict'
            ? { outcome: 'back-conflict', current: back.current }
            : { outcome: 'back-missing' };
      const failure = { app: m.appName ?? `app ${m.appId}`, server: m.toServer, seconds: windowMs / 1000, ...outcome };
      const text = m.workersSeen ? said('move-failed-stalled', { ...failure, seen: m.workersSeen, total: m.workersTotal ?? 0 }) : said('move-failed-unseen', failure);
      const reason = text.detail;
      const r = byId.get(m.rolloutId);
      // a running rollout pauses on it (the transition tells); one that keeps balancing goes on, and the failure is an event of its own that tells
      const balancing = r && m.purpose === 'forward' && r.state === 'balancing';
      // PowerJob took the app back by itself before its workers followed (the move back found it
      // re-elected): nothing of Fulcrum's is half-done and the app runs where PowerJob put it, so a
      // running rollout goes on and says so in its events, as a balancing one does (a real 4.3.9
      // cluster on a loaded machine, CI run 2 of 2026-12-04: the rollout paused on it)
      const reElectedUnder = r && m.purpose === 'forward' && r.state === 'running' && tookBackByPowerJob(outcome);
      await store.recordMoveWithHistory({
        event: balancing || reElectedUnder ? { rolloutId: r.id, at: now, actor, action: 'move-failed', fromState: r.state, toState: r.state, step: r.step, percent: r.percent, ...text } : undefined,
        move: back && m.fromServer ? { rolloutId: m.rolloutId, appId: m.appId, appName: m.appName, fromServer: m.toServer, toServer: m.fromServer, purpose: 'revert', status: back.outcome === 'moved' ? 'reverted' : back.outcome, requestedAt: now, verifiedAt: null, ...said('revert-verification-failed') } : undefined,
        update: { id: m.id, status: 'failed', step, ...text },
        audit: { actor, action: `${moveMaker(m.rolloutId)}.move-back`, target: `app:${m.appId}`, before: { server: m.toServer }, after: { server: silentFrom ? m.toServer : m.fromServer }, ...auditSaid('audit-of', { kind: moveMaker(m.rolloutId), id: m.rolloutId }, text), at: now },
      });
      result.failed++;
      if (r && m.purpose === 'forward' && !reElectedUnder) {
        const next = await apply(r, { type: 'move-failed', reason, text }, now);
        if (next) {
          byId.set(r.id, next);
          result.transitions++;
        }
      }
    }

    lastLookAt = now.getTime();

    // 2. guardrails and timed pauses; a sample of cohort vs control for the chart
    const live = cluster.servers.filter((s) => s.up && !s.stale);
    const load = new Map(cluster.servers.map((s) => [s.address, 0]));
    for (const a of cluster.apps) if (a.server && load.has(a.server)) load.set(a.server, load.get(a.server)! + a.load);
    const f = fairness(cluster.servers.map((s) => ({ address: s.address, load: load.get(s.address) ?? 0, weight: s.weight, up: s.up && !s.stale })));
    const figures = live.length > 0 && f.total > 0 ? { maxMean: f.maxMean, cv: f.cv, gini: f.gini, jain: f.jain } : null;
    const firing = options.firingRuleIds ? await options.firingRuleIds() : new Set<string>();
    for (const r0 of [...byId.values()]) {
      let r = r0;
      if (r.state === 'running') {
        const fired = evaluateGuardrails(r.spec.guardrails, firing, figures, await jobFailures(r, appsById, now));
        const next = await apply(r, { type: 'tick', fired }, now);
        if (next) {
          r = next;
          byId.set(r.id, r);
          result.transitions++;
        }
      }
      if (r.state === 'running' || r.state === 'paused' || r.state === 'balancing') {
        const cohort = cohortApps(r, cluster.apps);
        const ids = new Set(cohort.map((a) => a.id));
        const control = cluster.apps.filter((a) => !ids.has(a.id));
        const c = groupFairness(cluster.servers, cohort);
        const k = groupFairness(cluster.servers, control);
        await store.recordRolloutSample(r.id, { at: now, step: r.step, percent: r.percent, cohortApps: cohort.length, cohortMaxMean: c.maxMean, controlMaxMean: k.maxMean, clusterMaxMean: figures?.maxMean ?? null, clusterJain: figures?.jain ?? null });
      }
    }

    // drains and restores move next (lib/jobs/drain-moves.ts), with this actuator and the shared move
    // rate; after the guardrails, so that a drain whose moves fail (PowerJob's database down) never
    // keeps a running rollout from being judged
    result.moves += await drainTick({ store, now, cluster, transport, busy, actuator: options.actuator, planMoves: options.planMoves, readBusy: (ids) => readBusy(ids, appsById, now) });
    // the rolling restart (lib/jobs/rolling-restart.ts) after its drains: it sees a drain finished in this tick
    await rollingRestartTick({ store, now, cluster });

    // 3. moves: forward while running or balancing, back after an abort; a completed rollout moves nothing
    if (!options.actuator || !options.planMoves) return result;
    if (!gate.allowed) {
      for (const r of byId.values()) if (movesApps(r)) await noteOnce(r, now, { detail: gate.detail, ...gate.text }, 'wait', gate.key);
      return result;
    }
    const actuator = options.actuator;
    // the plan starts from where the moves still open (after the verification above) put their apps, so that it does not plan them again
    const busyTo = new Map((await store.listMoves({ status: 'moved' })).map((m) => [m.appId, m.toServer]));
    const planning: PlanCluster = { ...cluster, apps: cluster.apps.map((a) => (busyTo.has(a.id) ? { ...a, server: busyTo.get(a.id)! } : a)) };
    const cordoned = new Set(cluster.servers.filter((s) => s.cordoned).map((s) => s.address));
    for (const r of byId.values()) {
      if (!movesApps(r)) continue;
      let targets: Map<number, string>;
      /** the cluster with each app's load under the rollout's measure (apps owned when moving back) */
      let under = planning;
      let epsilon = r.spec.moves.epsilon;
      if (r.state === 'aborted') {
        // the move history is read only here: where each app was before this rollout first moved it
        targets = originalBindings(await store.listMoves({ rolloutId: r.id }), appsById);
        // going back restores what was there, even if that was unbalanced: no protect threshold
        epsilon = 1e6;
      } else {
        const planned = await planForward(r, planning, now);
        if (!planned) continue;
        targets = planned.targets;
        under = planned.cluster;
      }
      const measured = measuredLoads(under);
      // an app PowerJob re-elected under a move of ours (conflict) is left alone for a while: the
      // collected binding lags behind app_info, and trying again at once only repeats the conflict
      const recentConflicts = new Set(
        (await store.listMoves({ rolloutId: r.id, status: 'conflict', limit: 200 })).filter((m) => now.getTime() - m.requestedAt.getTime() < CONFLICT_BACKOFF_MS).map((m) => m.appId),
      );
      for (const id of [...targets.keys()]) if (busy.has(id) || recentConflicts.has(id) || appsById.get(id)?.server === targets.get(id)) targets.delete(id);
      // nothing goes onto a cordoned server: the plan has none there, and an abort's move back waits, saying why
      for (const [id, to] of [...targets]) {
        if (!cordoned.has(to)) continue;
        targets.delete(id);
        await noteOnce(r, now, said('hold-cordoned', { app: appsById.get(id)?.name ?? id, server: appsById.get(id)?.server ?? null, target: to }), 'hold', `cordon:${id}:${to}`);
      }
      await holdBusyApps(r, targets, appsById, now);
      if (targets.size === 0) continue;
      const movesInLastMinute = await store.countMovesSince(new Date(now.getTime() - 60_000));
      const plan = options.planMoves({
        bindings: cluster.apps.map((a) => ({ appId: a.id, appName: a.name, server: a.server })),
        targets,
        servers: cluster.servers.map((s) => ({ address: s.address, up: s.up, stale: s.stale ?? false, weight: s.weight })),
        loads: measured.load,
        appLoads: measured.appLoads,
        perMinute: r.spec.moves.perMinute,
        movesInLastMinute,
        epsilon,
      });
      for (const mv of plan.moves) {
        const app = appsById.get(mv.appId);
        const out = await actuator.moveApp(mv.appId, mv.from ? (transport.get(mv.from) ?? mv.from) : null, transport.get(mv.to) ?? mv.to);
        // already where the plan wants it: a move of ours that the collected bindings do not show
        // yet (seen on a real PowerJob, whose old owner lists the app a while longer); nothing to record
        if (out.outcome === 'conflict' && out.current === (transport.get(mv.to) ?? mv.to)) continue;
        const made = said('move-made', { app: app?.name ?? mv.appId, from: mv.from, to: mv.to, status: out.outcome });
        await store.recordMoveWithHistory({
          move: {
            rolloutId: r.id,
            appId: mv.appId,
            appName: app?.name ?? null,
            fromServer: mv.from,
            toServer: mv.to,
            purpose: r.state === 'aborted' ? 'revert' : 'forward',
            status: out.outcome,
            requestedAt: now,
            verifiedAt: null,
            ...moveOutcomeText(out),
          },
          event: { rolloutId: r.id, at: now, actor, action: 'move', fromState: r.state, toState: r.state, step: r.step, percent: r.percent, ...made },
          audit: { actor, action: r.state === 'aborted' ? 'rollout.move-back' : 'rollout.move', target: `app:${mv.appId}`, before: { server: mv.from }, after: { server: out.outcome === 'moved' ? mv.to : out.current }, ...auditSaid('audit-of', { kind: 'rollout', id: r.id }, made), at: now },
        });
        if (out.outcome === 'moved') {
          busy.add(mv.appId);
          busyTo.set(mv.appId, mv.to);
          result.moves++;
          const moved = planning.apps.findIndex((a) => a.id === mv.appId);
          if (moved >= 0) planning.apps[moved] = { ...planning.apps[moved]!, server: mv.to };
          const appLoad = measured.appLoads.get(mv.appId) ?? 0;
          measured.load.set(mv.to, (measured.load.get(mv.to) ?? 0) + appLoad);
          if (mv.from) measured.load.set(mv.from, (measured.load.get(mv.from) ?? 0) - appLoad);
        }
      }
    }
    return result;
  }

  return { tick };
}

/** Per-server load and each app's load, as planMoves takes them. */
function measuredLoads(cluster: PlanCluster): { load: Map<string, number>; appLoads: Map<number, number> } {
  const load = new Map(cluster.servers.map((s) => [s.address, 0]));
  for (const a of cluster.apps) if (a.server && load.has(a.server)) load.set(a.server, load.get(a.server)! + a.load);
  return { load, appLoads: new Map(cluster.apps.map((a) => [a.id, a.load])) };
}

/** How many of the app's live workers report to `server` (what the store folded from heartbeats), of how many. */
function moveProgress(app: PlanApp | undefined, server: string): { seen: number; total: number } {
  if (!app) return { seen: 0, total: 0 };
  return { seen: app.workers.filter((w) => w.server === server).length, total: app.workers.length };
}

/**
 * After an abort: each app this rollout moved forward goes back to where it was before the
 * rollout's first move of it, unless PowerJob moved it elsewhere since (then it is left alone).
 */
function originalBindings(history: readonly RolloutMoveRow[], apps: ReadonlyMap<number, PlanApp>): Map<number, string> {
  const out = new Map<number, string>();
  const chronological = [...history].sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id - b.id);
  const firstFrom = new Map<number, string | null>();
  const lastTo = new Map<number, string>();
  for (const m of chronological) {
    if (m.status !== 'moved' && m.status !== 'verified' && m.status !== 'reverted') continue;
    if (m.purpose === 'forward' && !firstFrom.has(m.appId)) firstFrom.set(m.appId, m.fromServer);
    lastTo.set(m.appId, m.toServer);
  }
  for (const [appId, from] of firstFrom) {
    const app = apps.get(appId);
    if (!from || !app) continue;
    if (app.server === from) continue;
    if (app.server !== lastTo.get(appId)) continue;
    out.set(appId, from);
  }
  return out;
}
