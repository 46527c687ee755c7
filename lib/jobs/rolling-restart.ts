// The rolling restart's tick, run by the rollout controller on the leader after drainTick: it
// observes the current server (its drain in the store, its health as the collector last saw it,
// its drain's open moves), asks lib/domain/rolling-restart.ts what follows, and saves that step
// with its one effect (start a drain, start a restore) in one transaction. Everything is read
// from the store at each tick, so a restart of Fulcrum resumes where it was. The API's operator
// actions save their steps the same way (applyRollingRestartEvent).
import { advanceRollingRestart, currentServer, type ActionRefusal, type RestartObservation, type RollingRestart, type RollingRestartEvent, type StepOutcome } from '../domain/rolling-restart.ts';
import type { PlanCluster } from '../domain/rollout-plan.ts';
import type { Store, StoredRollingRestart } from '../store/index.ts';
import { planDrainOf, planRestoreOf } from './drain-moves.ts';

export const ROLLING_RESTART_ACTOR = 'system:rolling-restart';
/** how often an action is tried again when the tick saved a step between its read and its save */
const SAVE_TRIES = 5;

/** What the tick sees of the rolling restart's current server now. */
export async function observeRollingRestart(store: Store, rr: StoredRollingRestart, now: Date): Promise<RestartObservation> {
  const cur = currentServer(rr) ?? rr.servers[rr.servers.length - 1]!;
  const [drain, servers, open] = await Promise.all([store.getDrain(cur.address), store.listServers(now), store.listMoves({ rolloutId: cur.drainId, status: 'moved' })]);
  return {
    drain: drain ? { id: drain.id, state: drain.state } : null,
    health: servers.find((s) => s.address === cur.address)?.health ?? null,
    openMoves: open.length,
  };
}

/** Whether a rolling restart holds the cluster (the controller skips its tick when nothing at all is to do). */
export async function rollingRestartActive(store: Store): Promise<boolean> {
  return (await store.activeRollingRestart()) !== null;
}

/** The rolling restart as saved, without its revision (the step's copy carries the one it was read with). */
const saved = (rr: RollingRestart) => {
  const { revision: _revision, ...rest } = rr as StoredRollingRestart;
  return JSON.stringify(rest);
};
/** Whether a tick's step changes nothing: no save then, so a quiet tick writes nothing. */
const unchanged = (rr: StoredRollingRestart, out: Extract<StepOutcome, { ok: true }>) => !out.effect && out.audit.length === 0 && saved(rr) === saved(out.next);

/**
 * Saves a step computed from `rr`; an effect the store refuses (another drain holds the server, the
 * last live one) pauses the rolling restart with the reason instead. False when `rr` changed meanwhile.
 */
async function save(store: Store, rr: StoredRollingRestart, out: Extract<StepOutcome, { ok: true }>, actor: string, now: Date, cluster: () => Promise<PlanCluster>): Promise<StoredRollingRestart | null> {
  const e = out.effect;
  const plan = e?.type === 'start-drain' ? planDrainOf(await cluster(), e.server) : e?.type === 'start-restore' ? planRestoreOf(await cluster(), e.server) : [];
  const step = await store.saveRollingRestartStep({ next: out.next, expectedRevision: rr.revision, effect: e, plan, actor, audit: out.audit, now });
  if (step.ok) return step.rollingRestart;
  if (step.changed) return null;
  const held = advanceRollingRestart(rr, { type: 'refused', refusal: step.refusal }, now);
  if (!held.ok) return null;
  const again = await store.saveRollingRestartStep({ next: held.next, expectedRevision: rr.revision, effect: null, plan: [], actor: ROLLING_RESTART_ACTOR, audit: held.audit, now });
  return again.ok ? again.rollingRestart : null;
}

/** One tick of the rolling restart that holds the cluster, if any. */
export async function rollingRestartTick(ctx: { store: Store; now: Date; cluster: PlanCluster }): Promise<void> {
  const { store, now } = ctx;
  const rr = await store.activeRollingRestart();
  if (!rr) return;
  const out = advanceRollingRestart(rr, { type: 'tick', observed: await observeRollingRestart(store, rr, now) }, now);
  if (!out.ok || unchanged(rr, out)) return;
  // a step lost to an operator's action saved meanwhile is computed again at the next tick
  await save(store, rr, out, ROLLING_RESTART_ACTOR, now, async () => ctx.cluster);
}

/**
 * An operator's action (pause, resume, abort, continue) on rolling restart `id`: the refusal when it
 * does not fit (nothing changed), else the rolling restart after it. Tried again over a step the
 * tick saved meanwhile; null when the id is unknown.
 */
export async function applyRollingRestartEvent(
  store: Store,
  id: string,
  event: Extract<RollingRestartEvent, { by: string }>,
  now: Date,
  cluster: () => Promise<PlanCluster>,
): Promise<{ ok: true; rollingRestart: StoredRollingRestart } | { ok: false; refusal: ActionRefusal | null }> {
  for (let i = 0; i < SAVE_TRIES; i++) {
    const rr = await store.getRollingRestart(id);
    if (!rr) return { ok: false, refusal: null };
    const out = advanceRollingRestart(rr, event, now);
    if (!out.ok) return { ok: false, refusal: out.refusal };
    const saved = await save(store, rr, out, event.by, now, cluster);
    if (saved) return { ok: true, rollingRestart: saved };
  }
  throw new Error(`rolling restart ${id} kept changing under ${event.type}`);
}
