// The operator API's drains: start a drain of a server (cordon, then move its apps off), restore
// it (uncordon, bring apps back with the fewest moves), and read a drain's progress. Refusals carry
// a code (lib/domain/problem-codes.ts) and change nothing; the moves are the leader's controller's.
import { randomBytes } from 'node:crypto';
import { DEFAULT_MOVES_PER_MINUTE } from '../domain/moves.ts';
import { DRAIN_ID_PREFIX, drainBody, HOLDING_STATES, type DrainBody, type DrainRefusal } from '../domain/drain.ts';
import type { PlannedMove } from '../domain/rebalance.ts';
import type { PlanCluster } from '../domain/rollout-plan.ts';
import { loadPlanCluster } from '../jobs/rollout-controller.ts';
import { drainGate, drainReport, planDrainOf, planRestoreOf } from '../jobs/drain-moves.ts';
import type { StoredDrain } from '../store/index.ts';
import type { Runtime } from '../runtime.ts';
import { ProblemError } from '../domain/problem.ts';

export { drainBody };

/** A refusal as the route handlers answer it: the one problem error, with its code. */
function refused(r: DrainRefusal): ProblemError {
  return new ProblemError(r.status, r.detail, { code: r.code, params: r.params });
}

/** The collected cluster and the servers the store knows. */
async function planInput(runtime: Runtime): Promise<{ cluster: PlanCluster; known: Set<string> }> {
  const { cluster } = await loadPlanCluster(runtime.store, runtime.now());
  const known = new Set((await runtime.store.listServers(runtime.now())).map((s) => s.address));
  return { cluster, known };
}

const moveView = (m: PlannedMove) => ({ appId: m.appId, app: m.app, from: m.from, to: m.to });

/** A drain as the API answers it, with its progress now. */
async function drainView(runtime: Runtime, d: StoredDrain) {
  const { cluster } = await loadPlanCluster(runtime.store, runtime.now());
  const gate = await drainGate(runtime.store, runtime.now());
  const progress = await drainReport(runtime.store, d, cluster.apps, gate, runtime.now());
  return {
    id: d.id,
    server: d.server,
    state: d.state,
    startedBy: d.startedBy,
    reason: d.reason,
    perMinute: d.perMinute,
    allowBusy: d.allowBusy,
    startedAt: d.startedAt.toISOString(),
    drainedAt: d.drainedAt?.toISOString() ?? null,
    restoredBy: d.restoredBy,
    restoreStartedAt: d.restoreStartedAt?.toISOString() ?? null,
    restoredAt: d.restoredAt?.toISOString() ?? null,
    plan: d.plan.map(moveView),
    restorePlan: d.restorePlan?.map(moveView) ?? null,
    phase: d.state === 'restoring' || d.state === 'restored' ? ('restore' as const) : ('drain' as const),
    progress,
    waiting: gate.allowed ? null : gate.detail,
    waitingText: gate.allowed ? null : gate.text,
  };
}

/**
 * GET /api/servers/{address}/drain: the server's drain (null when never drained) with its progress,
 * and what a drain started now would move where (the console's confirmation).
 */
export async function drainStatus(runtime: Runtime, address: string) {
  const input = await planInput(runtime);
  if (!input.known.has(address)) throw refused({ status: 404, code: 'server-not-found', params: { address }, detail: `no server ${address}` });
  const d = await runtime.store.getDrain(address);
  return { address, drain: d ? await drainView(runtime, d) : null, wouldMove: planDrainOf(input.cluster, address).map(moveView) };
}

/** POST /api/servers/{address}/drain [{reason, perMinute, allowBusy}]: 404 unknown server, 409 drained already or the last live one. */
export async function drainServer(runtime: Runtime, address: string, body: DrainBody, actor: string) {
  const input = await planInput(runtime);
  const out = await runtime.store.startDrain({
    id: `${DRAIN_ID_PREFIX}${randomBytes(5).toString('hex')}`,
    server: address,
    by: actor,
    reason: body.reason ?? null,
    perMinute: body.perMinute ?? DEFAULT_MOVES_PER_MINUTE,
    allowBusy: body.allowBusy ?? false,
    plan: planDrainOf(input.cluster, address),
    now: runtime.now(),
  });
  if (!out.ok) throw refused(out.refusal);
  return drainView(runtime, out.drain);
}

/** POST /api/servers/{address}/restore: uncordon, and bring apps back with the fewest moves; 404 unknown server, 409 not drained. */
export async function restoreServer(runtime: Runtime, address: string, actor: string) {
  const input = await planInput(runtime);
  const out = await runtime.store.startRestore({ server: address, by: actor, plan: planRestoreOf(input.cluster, address), known: input.known.has(address), now: runtime.now() });
  if (!out.ok) throw refused(out.refusal);
  return drainView(runtime, out.drain);
}

/** The drains not restored yet, with their progress (the CLI's `status`, GET /api/maintenance). */
export async function holdingDrains(runtime: Runtime) {
  const drains = await runtime.store.listDrains(HOLDING_STATES);
  return Promise.all(drains.map((d) => drainView(runtime, d)));
}
