// The moves of drains and restores, made by the rollout controller at each tick on the leader
// (lib/jobs/rollout-controller.ts calls drainTick after verifying the open moves): the same
// actuator (compare-and-set of app_info), the same move rate (shared with rollouts), the same freeze
// switch, and its moves are rows of rollout_moves under the drain's id, so the controller verifies
// them, and moves back one that fails, as it does a rollout's. A phase ends when nothing is left to
// move and no move is open. Apps move only in a quiet window of their jobs, as a rollout's do
// (busyApps of lib/domain/quiet-window.ts, read by the controller): an app whose run is due before
// its workers could follow waits, one whose jobs never leave a window is skipped (unless the drain's
// allowBusy), each with the reason in the drain's progress. Everything is read from the store at
// each tick: a restart resumes.
import { drainPlan, drainProgress, MOVING_STATES, phaseFinished, restorePlan, type DrainHeld, type DrainProgress } from '../domain/drain.ts';
import type { BusyApp } from '../domain/quiet-window.ts';
import { moveGate, type MoveGate } from '../domain/maintenance.ts';
import type { PlanApp, PlanCluster } from '../domain/rollout-plan.ts';
import type { PlannedMove, RebalanceApp, RebalanceServer } from '../domain/rebalance.ts';
import type { Store, StoredDrain } from '../store/index.ts';
import { moveOutcomeText, type MoveActuator, type PlanMoves } from './rollout-controller.ts';
import { auditSaid, said } from './rollout-texts.ts';

export const DRAIN_ACTOR = 'system:drain';
/** the verification window a drain's ETA assumes before any of its moves was verified: a rollout's default verifySeconds */
export const DEFAULT_VERIFY_MS = 60_000;
/** how long an app whose move met a re-election is left alone (the controller's CONFLICT_BACKOFF_MS) */
const CONFLICT_BACKOFF_MS = 120_000;

export interface DrainTickContext {
  store: Store;
  now: Date;
  /** the cluster as collected (apps owned as load) */
  cluster: PlanCluster;
  /** web → main-protocol address */
  transport: ReadonlyMap<string, string>;
  /** apps whose move is open (any rollout's or drain's): not moved again now */
  busy: Set<number>;
  actuator: MoveActuator | null;
  planMoves: PlanMoves | null;
  /** which of these apps may not move now (the controller's reading of job_info); null without job_info: none is held */
  readBusy?: (appIds: readonly number[]) => Promise<{ busy: BusyApp[] } | { error: string } | null>;
}

/** The cluster as the drain plans see it: apps owned as load, the servers as the controller plans over them. */
export function drainPlanInput(cluster: PlanCluster): { servers: RebalanceServer[]; apps: RebalanceApp[] } {
  return {
    servers: cluster.servers.map((s) => ({ address: s.address, weight: s.weight, up: s.up, stale: s.stale ?? false, ...(s.cordoned ? { cordoned: true } : {}) })),
    apps: cluster.apps.map((a) => ({ id: a.id, name: a.name, server: a.server, load: 1 })),
  };
}

/** What a drain of `server` started now would move where (the API's, and a rolling restart's drains). */
export function planDrainOf(cluster: PlanCluster, server: string): PlannedMove[] {
  const { servers, apps } = drainPlanInput(cluster);
  return drainPlan(servers, apps, server);
}

/** What a restore of `server` started now would bring back, planned as if uncordoned: the restore uncordons it in the same transaction. */
export function planRestoreOf(cluster: PlanCluster, server: string): PlannedMove[] {
  const { servers, apps } = drainPlanInput(cluster);
  return restorePlan(servers.map((s) => (s.address === server ? { ...s, cordoned: false } : s)), apps, server);
}

/** The phase of a drain: its server's apps moved off while draining, back on while restoring. */
const phaseOf = (d: StoredDrain) => (d.state === 'restoring' || d.state === 'restored' ? 'restore' : 'drain');

/** A drain's progress now (what the API and the console show). */
export async function drainReport(store: Store, d: StoredDrain, apps: readonly PlanApp[], gate: MoveGate, now: Date): Promise<DrainProgress> {
  const phase = phaseOf(d);
  const since = phase === 'restore' ? d.restoreStartedAt! : d.startedAt;
  const moves = (await store.listMoves({ rolloutId: d.id, since, limit: 10_000 })).filter((m) => m.requestedAt >= since);
  const plan = phase === 'restore' ? (d.restorePlan ?? []) : d.plan;
  return drainProgress({
    phase,
    server: d.server,
    planned: new Map(plan.map((m) => [m.appId, m.app])),
    ...(phase === 'restore' ? { plannedFrom: new Map(plan.map((m) => [m.appId, m.from])) } : {}),
    apps: apps.map((a) => ({ id: a.id, name: a.name, server: a.server })),
    moves,
    perMinute: d.perMinute,
    now,
    waiting: !gate.allowed,
    defaultVerifyMs: DEFAULT_VERIFY_MS,
    held: d.held,
    allowBusy: d.allowBusy,
  });
}

/** The gate drains obey now: the freeze switch and the drain move windows. */
export async function drainGate(store: Store, now: Date): Promise<MoveGate> {
  const [freeze, windows] = await Promise.all([store.getFreeze(), store.getMoveWindows()]);
  return moveGate('drain', { freeze, windows }, now);
}

/** Whether any drain or restore is moving apps (the controller skips its tick when nothing at all is to do). */
export async function drainsMoving(store: Store): Promise<boolean> {
  return (await store.listDrains(MOVING_STATES)).length > 0;
}

/**
 * Takes out of `targets` the apps that may not move now (a run due before their workers could
 * follow, or no quiet window at all), and records them on the drain with the reason for its
 * progress. An app found with no quiet window stays held for the phase: it is skipped from then on
 * (drainProgress), unless the drain allows busy apps, which are then not looked at.
 */
async function holdBusy(ctx: DrainTickContext, d: StoredDrain, targets: Map<number, string>): Promise<void> {
  const sticky = d.held.filter((h) => h.never);
  if (d.allowBusy || !ctx.readBusy) return;
  const held: DrainHeld[] = [...sticky.filter((h) => !targets.has(h.appId))];
  const out = targets.size > 0 ? await ctx.readBusy([...targets.keys()]) : null;
  if (out && 'error' in out) {
    // job_info unreadable: nothing says when an app is quiet, so none moves now
    const wait = said('wait-job-info-unreadable', { error: out.error });
    for (const id of targets.keys()) held.push({ appId: id, app: ctx.cluster.apps.find((a) => a.id === id)?.name ?? `app ${id}`, never: false, reason: wait.detail, code: wait.code, params: wait.params });
    targets.clear();
  } else if (out) {
    for (const b of out.busy) {
      targets.delete(b.appId);
      const t = b.never ? said('drain-no-quiet-window', { app: b.app, server: b.server, reason: b.reason }) : said('drain-wait-quiet-window', { app: b.app, reason: b.reason });
      held.push({ appId: b.appId, app: b.app, never: b.never, reason: t.detail, code: t.code, params: t.params });
    }
  }
  if (JSON.stringify(held) !== JSON.stringify(d.held)) await ctx.store.setDrainHeld(d.id, held);
}

/** One tick of every drain and restore that moves apps; returns the moves made. */
export async function drainTick(ctx: DrainTickContext): Promise<number> {
  const { store, now, cluster } = ctx;
  const active = await store.listDrains(MOVING_STATES);
  if (active.length === 0) return 0;
  const gate = await drainGate(store, now);
  const appsById = new Map(cluster.apps.map((a) => [a.id, a]));
  // the moves back the verification made in this tick are not collected yet: their apps are where
  // they were moved back to, so that a phase never ends counting one of them done (found by the
  // rolling restart's test: a drain said drained with five apps moved back onto its server)
  const movedBack = new Map((await store.listMoves({ status: 'reverted', since: now })).map((m) => [m.appId, m.toServer]));
  const collected = cluster.apps.map((a) => (movedBack.has(a.id) ? { ...a, server: movedBack.get(a.id)! } : a));
  // where the open moves put their apps, so that neither plan counts them twice
  const openTo = new Map((await store.listMoves({ status: 'moved' })).map((m) => [m.appId, m.toServer]));
  const apps: RebalanceApp[] = collected.map((a) => ({ id: a.id, name: a.name, server: openTo.get(a.id) ?? a.server, load: 1 }));
  let made = 0;
  for (const d of active) {
    const progress = await drainReport(store, d, collected, gate, now);
    if (phaseFinished(progress)) {
      const to = d.state === 'restoring' ? 'restored' : progress.skipped.length > 0 ? 'incomplete' : 'drained';
      const detail = to === 'incomplete' ? `${progress.done} app(s) moved, ${progress.skipped.length} skipped: ${progress.skipped.map((s) => `${s.app} (${s.reason})`).join('; ')}` : `${progress.done} app(s) moved`;
      await store.finishDrainPhase({ id: d.id, from: d.state, to, actor: DRAIN_ACTOR, detail, now });
      continue;
    }
    if (!gate.allowed || !ctx.actuator || !ctx.planMoves || progress.left === 0) continue;
    const skip = new Set([...progress.skipped.map((s) => s.appId), ...ctx.busy]);
    // an app PowerJob re-elected under a move of ours is left alone a while, as a rollout leaves it
    for (const m of await store.listMoves({ rolloutId: d.id, status: 'conflict', limit: 200 })) if (now.getTime() - m.requestedAt.getTime() < CONFLICT_BACKOFF_MS) skip.add(m.appId);
    const servers = cluster.servers.map((s) => ({ address: s.address, weight: s.weight, up: s.up, stale: s.stale ?? false, ...(s.cordoned ? { cordoned: true } : {}) }));
    let planned;
    if (d.state === 'draining') {
      planned = drainPlan(servers, apps, d.server, skip);
    } else {
      // the restore's plan as confirmed, for the apps still where it found them
      planned = (d.restorePlan ?? []).filter((m) => !skip.has(m.appId) && apps.find((a) => a.id === m.appId)?.server === m.from);
    }
    const targets = new Map(planned.map((m) => [m.appId, m.to]));
    await holdBusy(ctx, d, targets);
    if (targets.size === 0) continue;
    const load = new Map(servers.map((s) => [s.address, 0]));
    for (const a of apps) if (a.server && load.has(a.server)) load.set(a.server, load.get(a.server)! + 1);
    const plan = ctx.planMoves({
      bindings: apps.map((a) => ({ appId: a.id, appName: a.name, server: a.server })),
      targets,
      servers: servers.map((s) => ({ address: s.address, up: s.up, stale: s.stale, weight: s.weight })),
      loads: load,
      appLoads: new Map(apps.map((a) => [a.id, a.load])),
      perMinute: d.perMinute,
      // the rate is shared: every move of the last minute, a rollout's or a drain's, counts
      movesInLastMinute: await store.countMovesSince(new Date(now.getTime() - 60_000)),
      // the plan is the balance: no protect threshold (as an abort's moves back)
      epsilon: 1e6,
    });
    for (const mv of plan.moves) {
      const app = appsById.get(mv.appId);
      const to = ctx.transport.get(mv.to) ?? mv.to;
      const out = await ctx.actuator.moveApp(mv.appId, mv.from ? (ctx.transport.get(mv.from) ?? mv.from) : null, to);
      // already there: a move the collected bindings do not show yet (as the controller)
      if (out.outcome === 'conflict' && out.current === to) continue;
      const verb = d.state === 'draining' ? 'drain' : 'restore';
      const moveText = said('move-made', { app: app?.name ?? mv.appId, from: mv.from, to: mv.to, status: out.outcome });
      await store.recordMoveWithHistory({
        move: {
          rolloutId: d.id,
          appId: mv.appId,
          appName: app?.name ?? null,
          fromServer: mv.from,
          toServer: mv.to,
          purpose: 'forward',
          status: out.outcome,
          requestedAt: now,
          verifiedAt: null,
          ...moveOutcomeText(out),
        },
        audit: { actor: DRAIN_ACTOR, action: `${verb}.move`, target: `app:${mv.appId}`, before: { server: mv.from }, after: { server: out.outcome === 'moved' ? mv.to : out.current }, ...auditSaid(verb === 'drain' ? 'audit-drain' : 'audit-restore', { id: d.id, server: d.server }, moveText), at: now },
      });
      if (out.outcome === 'moved') {
        made++;
        ctx.busy.add(mv.appId);
        const a = apps.find((x) => x.id === mv.appId);
        if (a) a.server = mv.to;
      }
    }
  }
  return made;
}
