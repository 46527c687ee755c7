// The operator API's rolling restarts: start one (the servers in their order), read the current one
// and the recent ones with their progress, and act on one (pause, resume, abort, continue). Refusals
// carry a code (lib/domain/problem-codes.ts) and change nothing; the leader's controller advances it.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_MOVES_PER_MINUTE } from '../domain/moves.ts';
import {
  allowedActions,
  currentServer,
  DEFAULT_RESTART_TIMEOUT_MINUTES,
  newRollingRestart,
  ROLLING_RESTART_ACTIONS,
  ROLLING_RESTART_ID_PREFIX,
  ROLLING_RESTART_STATES,
  rollingRestartBody,
  rollingRestartProgress,
  SERVER_PHASES,
  type RollingRestartAction,
  type RollingRestartBody,
} from '../domain/rolling-restart.ts';
import { ProblemError } from '../domain/problem.ts';
import { loadPlanCluster } from '../jobs/rollout-controller.ts';
import { drainGate, drainReport } from '../jobs/drain-moves.ts';
import { applyRollingRestartEvent } from '../jobs/rolling-restart.ts';
import type { StoredRollingRestart } from '../store/index.ts';
import type { Runtime } from '../runtime.ts';

export { rollingRestartBody, ROLLING_RESTART_ACTIONS };

// The answer's shape, for the OpenAPI description and the console's types.
const iso = z.string().describe('ISO 8601 time');
export const rollingRestartSchema = z.object({
  id: z.string(),
  state: z.enum(ROLLING_RESTART_STATES).describe('running ⇄ paused → aborting (its open moves are verified) → aborted; running → completed'),
  startedBy: z.string(),
  reason: z.string().nullable(),
  perMinute: z.number().int().describe("the drains' moves per minute"),
  allowBusy: z.boolean().describe('whether its drains move apps whose jobs never leave a quiet window'),
  restartTimeoutMinutes: z.number().describe('how long it waits for a drained server to go down and report again before it is overdue'),
  startedAt: iso,
  endedAt: iso.nullable(),
  servers: z.array(
    z.object({
      address: z.string(),
      phase: z.enum(SERVER_PHASES).describe('pending, draining, restart (drained: safe to restart now), down (seen down, waiting for it to report again), overdue, back, restoring, done'),
      drainId: z.string(),
      drainStartedAt: iso.nullable(),
      safeAt: iso.nullable().describe('when it was said safe to restart'),
      downAt: iso.nullable(),
      backAt: iso.nullable(),
      backBy: z.string().nullable().describe("'collector', or the operator who said it is back"),
      restoreStartedAt: iso.nullable(),
      doneAt: iso.nullable(),
    }),
  ),
  note: z
    .object({ code: z.string().describe('messages rollingRestart.notes.<code>'), params: z.record(z.string(), z.union([z.string(), z.number()])), detail: z.string().describe('in English') })
    .nullable()
    .describe('why it waits or holds now (safe-to-restart, waiting-for-return, overdue, drain-incomplete, paused, refused, aborting, aborted, completed, outside-restore)'),
  progress: z.object({
    total: z.number().int(),
    done: z.number().int(),
    current: z.object({ address: z.string(), phase: z.enum(SERVER_PHASES), index: z.number().int(), since: iso }).nullable(),
    eta: iso.nullable().describe('when the last server should be done; null before the first is done, while paused or overdue, and after the end'),
  }),
  drain: z
    .object({
      id: z.string(),
      state: z.string(),
      progress: z.object({ total: z.number(), left: z.number(), converging: z.number(), done: z.number(), skipped: z.array(z.object({ appId: z.number(), app: z.string(), reason: z.string() })), eta: iso.nullable(), leftApps: z.array(z.string()), held: z.array(z.object({ appId: z.number(), app: z.string(), reason: z.string() })).describe('apps left that wait for a quiet window of their jobs, and why') }),
    })
    .nullable()
    .describe("the current server's drain (or restore) with its progress, as GET /api/servers/{address}/drain says it"),
  allowedActions: z.array(z.enum(ROLLING_RESTART_ACTIONS)),
});
export type RollingRestartView = z.infer<typeof rollingRestartSchema>;
export const rollingRestartsSchema = z.object({ current: rollingRestartSchema.nullable().describe('the one running, paused or aborting'), recent: z.array(rollingRestartSchema).describe('the newest first, at most 20') });

async function view(runtime: Runtime, rr: StoredRollingRestart): Promise<RollingRestartView> {
  const now = runtime.now();
  const cur = currentServer(rr);
  let drain: RollingRestartView['drain'] = null;
  const d = cur ? await runtime.store.getDrain(cur.address) : null;
  if (cur && d && d.id === cur.drainId) {
    const { cluster } = await loadPlanCluster(runtime.store, now);
    drain = { id: d.id, state: d.state, progress: await drainReport(runtime.store, d, cluster.apps, await drainGate(runtime.store, now), now) };
  }
  return {
    id: rr.id,
    state: rr.state,
    startedBy: rr.startedBy,
    reason: rr.reason,
    perMinute: rr.perMinute,
    allowBusy: rr.allowBusy ?? false,
    restartTimeoutMinutes: rr.restartTimeoutMs / 60_000,
    startedAt: rr.startedAt,
    endedAt: rr.endedAt,
    servers: rr.servers,
    note: rr.note,
    progress: rollingRestartProgress(rr, now),
    drain,
    allowedActions: allowedActions(rr),
  };
}

/** POST /api/rolling-restarts: 404 unknown server; 409 another one running, a server held by a drain, the last live one. */
export async function startRollingRestart(runtime: Runtime, body: RollingRestartBody, actor: string) {
  const rr = newRollingRestart({
    id: `${ROLLING_RESTART_ID_PREFIX}${randomBytes(5).toString('hex')}`,
    servers: body.servers,
    by: actor,
    reason: body.reason ?? null,
    perMinute: body.perMinute ?? DEFAULT_MOVES_PER_MINUTE,
    allowBusy: body.allowBusy ?? false,
    restartTimeoutMs: (body.restartTimeoutMinutes ?? DEFAULT_RESTART_TIMEOUT_MINUTES) * 60_000,
    now: runtime.now(),
  });
  const out = await runtime.store.startRollingRestart({ rr, now: runtime.now() });
  if (!out.ok) throw new ProblemError(out.refusal.status, out.refusal.detail, { code: out.refusal.code, params: out.refusal.params });
  return view(runtime, out.rollingRestart);
}

/** GET /api/rolling-restarts: the one holding the cluster and the recent ones. */
export async function rollingRestarts(runtime: Runtime) {
  const [active, recent] = await Promise.all([runtime.store.activeRollingRestart(), runtime.store.listRollingRestarts(20)]);
  return { current: active ? await view(runtime, active) : null, recent: await Promise.all(recent.map((rr) => view(runtime, rr))) };
}

const notFound = (id: string) => new ProblemError(404, `no rolling restart ${id}`, { code: 'rolling-restart-not-found', params: { id } });

/** GET /api/rolling-restarts/{id} */
export async function rollingRestart(runtime: Runtime, id: string) {
  const rr = await runtime.store.getRollingRestart(id);
  if (!rr) throw notFound(id);
  return view(runtime, rr);
}

/** POST /api/rolling-restarts/{id}/{pause|resume|abort|continue}: 404 unknown, 409 when the action does not fit, nothing changed. */
export async function actOnRollingRestart(runtime: Runtime, id: string, action: RollingRestartAction, actor: string) {
  const now = runtime.now();
  const out = await applyRollingRestartEvent(runtime.store, id, { type: action, by: actor }, now, async () => (await loadPlanCluster(runtime.store, now)).cluster);
  if (!out.ok) throw out.refusal ? new ProblemError(409, out.refusal.detail, { code: out.refusal.code, params: out.refusal.params }) : notFound(id);
  return view(runtime, out.rollingRestart);
}
