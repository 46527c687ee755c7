// The rolling-restart assistant (issue 18, docs/maintenance.md): for each server the operator
// picked, in order, drain it → say it is safe to restart → wait until it has gone down and come back
// up (or the operator says it is back) → restore it → next. Pure: the controller's tick observes the
// current server's drain and health, asks advanceRollingRestart what follows, and does the one
// effect it names (start a drain, start a restore, stop one on abort) in the same transaction.
import { z } from 'zod';
import { DEFAULT_MOVES_PER_MINUTE } from './moves.ts';
import { drainRefusal, type DrainCandidate, type DrainRefusal, type DrainState } from './drain.ts';

/** running ⇄ paused → aborting (an open move is still verified) → aborted; running → completed */
export const ROLLING_RESTART_STATES = ['running', 'paused', 'aborting', 'completed', 'aborted'] as const;
export type RollingRestartState = (typeof ROLLING_RESTART_STATES)[number];
/** the states in which a rolling restart holds the cluster: a second one is refused */
export const ACTIVE_ROLLING_RESTART_STATES: readonly RollingRestartState[] = ['running', 'paused', 'aborting'];

/**
 * A server's phases: pending → draining → restart (drained: safe to restart, waiting to see it go
 * down) → down (seen down or stale, waiting for it to report up) → back → restoring → done. `overdue`:
 * it did not come back within the restart timeout; it still goes on to `back` once it reports up
 * again after being seen down, or when the operator says it is back.
 */
export const SERVER_PHASES = ['pending', 'draining', 'restart', 'down', 'overdue', 'back', 'restoring', 'done'] as const;
export type ServerPhase = (typeof SERVER_PHASES)[number];
const WAITING: readonly ServerPhase[] = ['restart', 'down', 'overdue'];

export const ROLLING_RESTART_ACTIONS = ['pause', 'resume', 'abort', 'continue'] as const;
export type RollingRestartAction = (typeof ROLLING_RESTART_ACTIONS)[number];

export const ROLLING_RESTART_ID_PREFIX = 'rr-';
export const DEFAULT_RESTART_TIMEOUT_MINUTES = 30;
/** The drain a rolling restart starts for its i-th server: named by the restart, so a tick that meets it again (after a crash) adopts it. */
export const drainIdOf = (rollingRestartId: string, index: number) => `dr-${rollingRestartId.slice(ROLLING_RESTART_ID_PREFIX.length)}-${index}`;

/** POST /api/rolling-restarts: the servers in their order, why, the drains' move rate, how long to wait for each to come back. */
export const rollingRestartBody = z
  .object({
    servers: z
      .array(z.string().trim().min(1).max(300))
      .min(1, 'name at least one server')
      .max(100)
      .superRefine((list, ctx) => {
        list.forEach((s, i) => {
          if (list.indexOf(s) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${s} is named twice`, params: { key: 'duplicate' } });
        });
      })
      .describe('the servers to restart, in this order (web addresses host:7700)'),
    reason: z.string().trim().min(1).max(500).optional().describe('why: shown with the rolling restart and in the audit log'),
    perMinute: z.number().int().min(1).max(600).optional().describe(`the drains' moves per minute, shared with rollouts (default ${DEFAULT_MOVES_PER_MINUTE})`),
    allowBusy: z.boolean().optional().describe("its drains move an app whose jobs never leave a quiet window anyway (its runs are at risk); by default such an app is skipped, its drain ends incomplete and the rolling restart pauses, saying why"),
    restartTimeoutMinutes: z.number().int().min(1).max(1440).optional().describe(`how long to wait for a drained server to go down and come back before it is overdue (default ${DEFAULT_RESTART_TIMEOUT_MINUTES})`),
  })
  .strict();
export type RollingRestartBody = z.infer<typeof rollingRestartBody>;

export interface RestartServer {
  address: string;
  phase: ServerPhase;
  drainId: string;
  drainStartedAt: string | null;
  /** when it was drained: the operator was told it is safe to restart */
  safeAt: string | null;
  /** when the collector was first seen to find it down or stale after that */
  downAt: string | null;
  /** when it was back: reporting up again after being seen down, or the operator said so */
  backAt: string | null;
  /** 'collector', or the operator who said it is back */
  backBy: string | null;
  restoreStartedAt: string | null;
  doneAt: string | null;
}

/** Why the rolling restart waits or holds now: a code (messages rollingRestart.notes.<code>) and the English text. */
export interface RollingRestartNote {
  code: 'safe-to-restart' | 'waiting-for-return' | 'overdue' | 'drain-incomplete' | 'paused' | 'refused' | 'aborting' | 'aborted' | 'completed' | 'outside-restore';
  params: Record<string, string | number>;
  detail: string;
}

export interface RollingRestart {
  id: string;
  state: RollingRestartState;
  startedBy: string;
  reason: string | null;
  perMinute: number;
  /** its drains' allowBusy (false when left out) */
  allowBusy?: boolean;
  restartTimeoutMs: number;
  servers: RestartServer[];
  note: RollingRestartNote | null;
  startedAt: string;
  endedAt: string | null;
}

/** What a tick observes of the current server: its drain (by the store), its health (by the collector) and the drain's open moves. */
export interface RestartObservation {
  drain: { id: string; state: DrainState } | null;
  health: 'up' | 'down' | 'unknown' | 'stale' | null;
  /** moves of the current server's drain not verified yet */
  openMoves: number;
}

export type RollingRestartEvent =
  | { type: 'tick'; observed: RestartObservation }
  | { type: 'pause' | 'resume' | 'abort' | 'continue'; by: string }
  /** the effect of the last step was refused (another drain holds the server, the last live one): the restart pauses */
  | { type: 'refused'; refusal: DrainRefusal };

/** The one thing a step asks the tick to do, in the transaction that saves the step. */
export type RollingRestartEffect =
  | { type: 'start-drain'; server: string; drainId: string }
  | { type: 'start-restore'; server: string; drainId: string }
  /** an abort: end the drain (draining → incomplete) or the restore (restoring → restored) now, so that it makes no further move */
  | { type: 'stop-drain'; server: string; drainId: string; from: 'draining' | 'restoring' };

export interface ActionRefusal {
  status: 409;
  code: 'rolling-restart-action-not-allowed';
  params: { action: string; state: string; phase: string };
  detail: string;
}

export type StepOutcome =
  | { ok: true; next: RollingRestart; effect: RollingRestartEffect | null; audit: { action: string; detail: string }[] }
  | { ok: false; refusal: ActionRefusal };

export function newRollingRestart(input: { id: string; servers: readonly string[]; by: string; reason: string | null; perMinute: number; allowBusy?: boolean; restartTimeoutMs: number; now: Date }): RollingRestart {
  return {
    id: input.id,
    state: 'running',
    startedBy: input.by,
    reason: input.reason,
    perMinute: input.perMinute,
    allowBusy: input.allowBusy ?? false,
    restartTimeoutMs: input.restartTimeoutMs,
    servers: input.servers.map((address, i) => ({ address, phase: 'pending', drainId: drainIdOf(input.id, i), drainStartedAt: null, safeAt: null, downAt: null, backAt: null, backBy: null, restoreStartedAt: null, doneAt: null })),
    note: null,
    startedAt: input.now.toISOString(),
    endedAt: null,
  };
}

/** The server the rolling restart is at: the first not done (null when every one is). */
export function currentServer(rr: RollingRestart): RestartServer | null {
  return rr.servers.find((s) => s.phase !== 'done') ?? null;
}

const note = (code: RollingRestartNote['code'], params: RollingRestartNote['params'], detail: string): RollingRestartNote => ({ code, params, detail });
const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * What follows `event` for `rr` at `now`: the next state, at most one effect, and what to audit.
 * Operator actions that do not fit the state are refused (409), nothing changed.
 */
export function advanceRollingRestart(rr: RollingRestart, event: RollingRestartEvent, now: Date): StepOutcome {
  const at = now.toISOString();
  const next: RollingRestart = { ...rr, servers: rr.servers.map((s) => ({ ...s })) };
  const cur = next.servers.find((s) => s.phase !== 'done') ?? null;
  const ok = (effect: RollingRestartEffect | null = null, audit: { action: string; detail: string }[] = []): StepOutcome => ({ ok: true, next, effect, audit });
  const refuse = (action: string, why: string): StepOutcome => ({
    ok: false,
    refusal: { status: 409, code: 'rolling-restart-action-not-allowed', params: { action, state: rr.state, phase: cur?.phase ?? 'none' }, detail: `cannot ${action} rolling restart ${rr.id} now (${rr.state}${cur ? `, ${cur.address} ${cur.phase}` : ''}): ${why}; nothing was changed` },
  });
  switch (event.type) {
    case 'pause':
      if (rr.state !== 'running') return refuse('pause', 'only a running one pauses');
      next.state = 'paused';
      next.note = note('paused', { by: event.by }, `paused by ${event.by}: the current drain or restore goes on to its end, no next step starts`);
      return ok(null, [{ action: 'rolling-restart.pause', detail: next.note.detail }]);
    case 'resume':
      if (rr.state !== 'paused') return refuse('resume', 'only a paused one resumes');
      next.state = 'running';
      next.note = null;
      return ok(null, [{ action: 'rolling-restart.resume', detail: `resumed by ${event.by}` }]);
    case 'continue': {
      if (rr.state !== 'running' && rr.state !== 'paused') return refuse('continue', 'it has ended');
      if (cur && WAITING.includes(cur.phase)) {
        cur.phase = 'back';
        cur.backAt = at;
        cur.backBy = event.by;
        next.note = null;
        return ok(null, [{ action: 'rolling-restart.back', detail: `${cur.address}: ${event.by} says it is back; it is restored next` }]);
      }
      if (cur?.phase === 'draining' && rr.note?.code === 'drain-incomplete') {
        // the assistant paused for this, not the operator: continuing runs it again
        next.state = 'running';
        cur.phase = 'restart';
        cur.safeAt = at;
        next.note = note('safe-to-restart', { address: cur.address, minutes: minutes(rr.restartTimeoutMs) }, `${cur.address}: ${event.by} restarts it with its skipped apps still on it; waiting up to ${minutes(rr.restartTimeoutMs)} min for it to go down and report again`);
        return ok(null, [{ action: 'rolling-restart.safe', detail: next.note.detail }]);
      }
      return refuse('continue', 'nothing waits for the operator');
    }
    case 'abort': {
      if (rr.state !== 'running' && rr.state !== 'paused') return refuse('abort', 'it has ended or is being aborted');
      if (cur?.phase === 'draining' || cur?.phase === 'restoring') {
        next.state = 'aborting';
        next.note = note('aborting', { by: event.by, address: cur.address }, `aborted by ${event.by}: ${cur.address}'s ${cur.phase === 'draining' ? 'drain' : 'restore'} makes no further move; its open moves are verified first`);
        return ok({ type: 'stop-drain', server: cur.address, drainId: cur.drainId, from: cur.phase }, [{ action: 'rolling-restart.abort', detail: next.note.detail }]);
      }
      next.state = 'aborted';
      next.endedAt = at;
      const left = cur && cur.phase !== 'pending' ? `; ${cur.address} stays drained (restore it from its page once it is back)` : '';
      next.note = note('aborted', { by: event.by, address: cur?.address ?? '' }, `aborted by ${event.by}${left}`);
      return ok(null, [{ action: 'rolling-restart.abort', detail: next.note.detail }]);
    }
    case 'refused': {
      if (cur && cur.phase === 'draining') {
        cur.phase = 'pending';
        cur.drainStartedAt = null;
      }
      if (cur && cur.phase === 'restoring') {
        cur.phase = 'back';
        cur.restoreStartedAt = null;
      }
      next.state = rr.state === 'running' ? 'paused' : rr.state;
      next.note = note('refused', { address: cur?.address ?? '', code: event.refusal.code }, `${event.refusal.detail}; paused: resume to try again, or abort`);
      return ok(null, [{ action: 'rolling-restart.pause', detail: next.note.detail }]);
    }
    case 'tick':
      return tick(next, cur, event.observed, now, ok);
  }
}

function tick(next: RollingRestart, cur: RestartServer | null, o: RestartObservation, now: Date, ok: (effect?: RollingRestartEffect | null, audit?: { action: string; detail: string }[]) => StepOutcome): StepOutcome {
  const at = now.toISOString();
  const ours = cur && o.drain?.id === cur.drainId ? o.drain.state : null;
  if (next.state === 'completed' || next.state === 'aborted') return ok();
  if (next.state === 'aborting') {
    // the stop ended the drain at the abort; the moves it left open are verified by the controller
    if (o.openMoves > 0) return ok();
    next.state = 'aborted';
    next.endedAt = at;
    next.note = note('aborted', { address: cur?.address ?? '' }, `aborted; no move is open${cur ? `; ${cur.address} is ${ours ?? 'not drained'}` : ''}`);
    return ok(null, [{ action: 'rolling-restart.aborted', detail: next.note.detail }]);
  }
  if (!cur) return complete(next, at, ok);
  const running = next.state === 'running';
  const waited = () => now.getTime() - Date.parse(cur.safeAt ?? at);
  const isDown = o.health === 'down' || o.health === 'stale';
  switch (cur.phase) {
    case 'pending':
      if (ours) {
        // its drain was started by a step whose save was lost (a crash): adopted
        cur.phase = 'draining';
        cur.drainStartedAt ??= at;
        return ok();
      }
      if (!running) return ok();
      cur.phase = 'draining';
      cur.drainStartedAt = at;
      next.note = null;
      return ok({ type: 'start-drain', server: cur.address, drainId: cur.drainId }, [{ action: 'rolling-restart.drain', detail: `${cur.address} (${next.servers.indexOf(cur) + 1} of ${next.servers.length}): drain started` }]);
    case 'draining':
      if (ours === 'drained') {
        cur.phase = 'restart';
        cur.safeAt = at;
        next.note = note('safe-to-restart', { address: cur.address, minutes: minutes(next.restartTimeoutMs) }, `${cur.address} owns no app: safe to restart now; waiting up to ${minutes(next.restartTimeoutMs)} min for it to go down and report again`);
        return ok(null, [{ action: 'rolling-restart.safe', detail: next.note.detail }]);
      }
      if (ours === 'incomplete' && next.note?.code !== 'drain-incomplete') {
        next.state = 'paused';
        next.note = note('drain-incomplete', { address: cur.address }, `${cur.address} was drained with apps skipped, still on it: restarting it would cost their runs; continue to restart it anyway, or abort`);
        return ok(null, [{ action: 'rolling-restart.pause', detail: next.note.detail }]);
      }
      if (ours === 'restoring' || ours === 'restored') return outside(next, cur, at, ok);
      return ok();
    case 'restart':
    case 'down':
    case 'overdue': {
      if (ours === 'restoring' || ours === 'restored') return outside(next, cur, at, ok);
      if (isDown && !cur.downAt) {
        cur.downAt = at;
        if (cur.phase === 'restart') cur.phase = 'down';
        next.note = note('waiting-for-return', { address: cur.address }, `${cur.address} is down: waiting for it to report again`);
        return ok(null, [{ action: 'rolling-restart.down', detail: `${cur.address} went down (${o.health})` }]);
      }
      if (o.health === 'up' && cur.downAt) {
        cur.phase = 'back';
        cur.backAt = at;
        cur.backBy = 'collector';
        next.note = null;
        return ok(null, [{ action: 'rolling-restart.back', detail: `${cur.address} reports again after it went down at ${cur.downAt}` }]);
      }
      if (cur.phase !== 'overdue' && waited() > next.restartTimeoutMs) {
        cur.phase = 'overdue';
        const seen = cur.downAt ? 'went down and has not reported again' : 'was not seen going down';
        next.note = note('overdue', { address: cur.address, minutes: minutes(next.restartTimeoutMs), down: cur.downAt ? 1 : 0 }, `${cur.address} ${seen} within ${minutes(next.restartTimeoutMs)} min: start it, or continue once it is back, or abort`);
        return ok(null, [{ action: 'rolling-restart.overdue', detail: next.note.detail }]);
      }
      return ok();
    }
    case 'back':
      if (ours === 'restoring' || ours === 'restored') {
        cur.phase = 'restoring';
        cur.restoreStartedAt ??= at;
        return ok();
      }
      if (!running) return ok();
      cur.phase = 'restoring';
      cur.restoreStartedAt = at;
      return ok({ type: 'start-restore', server: cur.address, drainId: cur.drainId }, [{ action: 'rolling-restart.restore', detail: `${cur.address}: restore started` }]);
    case 'restoring':
      if (ours !== 'restored' && ours !== null) return ok();
      // restored (or the drain is gone, or replaced: nothing of ours is left to wait for)
      cur.phase = 'done';
      cur.doneAt = at;
      next.note = null;
      return currentServer(next) ? ok(null, [{ action: 'rolling-restart.server-done', detail: `${cur.address} restarted and restored` }]) : complete(next, at, ok, [{ action: 'rolling-restart.server-done', detail: `${cur.address} restarted and restored` }]);
    case 'done':
      return ok();
  }
}

/** The operator restored the server from its page meanwhile: the assistant takes that as its restore. */
function outside(next: RollingRestart, cur: RestartServer, at: string, ok: (effect?: null, audit?: { action: string; detail: string }[]) => StepOutcome): StepOutcome {
  cur.phase = 'restoring';
  cur.restoreStartedAt ??= at;
  next.note = note('outside-restore', { address: cur.address }, `${cur.address} was restored outside the rolling restart before it was seen back`);
  return ok(null, [{ action: 'rolling-restart.restore', detail: next.note.detail }]);
}

function complete(next: RollingRestart, at: string, ok: (effect?: null, audit?: { action: string; detail: string }[]) => StepOutcome, audit: { action: string; detail: string }[] = []): StepOutcome {
  next.state = 'completed';
  next.endedAt = at;
  next.note = note('completed', { count: next.servers.length }, `every server (${next.servers.length}) restarted and restored`);
  return ok(null, [...audit, { action: 'rolling-restart.completed', detail: next.note.detail }]);
}

/** Which actions fit the rolling restart now (the console's buttons). */
export function allowedActions(rr: RollingRestart): RollingRestartAction[] {
  const cur = currentServer(rr);
  const out: RollingRestartAction[] = [];
  if (rr.state === 'running') out.push('pause');
  if (rr.state === 'paused') out.push('resume');
  if ((rr.state === 'running' || rr.state === 'paused') && cur && (WAITING.includes(cur.phase) || (cur.phase === 'draining' && rr.note?.code === 'drain-incomplete'))) out.push('continue');
  if (rr.state === 'running' || rr.state === 'paused') out.push('abort');
  return out;
}

export interface RollingRestartProgress {
  total: number;
  done: number;
  current: { address: string; phase: ServerPhase; index: number; since: string } | null;
  /** when the last server should be done: the median cycle of the servers done so far for each one left; null before the first is done, while paused or overdue, or after the end */
  eta: string | null;
}

/** Progress: which server, its phase since when, how many done, and the ETA where it can be computed. */
export function rollingRestartProgress(rr: RollingRestart, now: Date): RollingRestartProgress {
  const cur = currentServer(rr);
  const done = rr.servers.filter((s) => s.phase === 'done').length;
  const since = cur ? (cur.restoreStartedAt ?? cur.backAt ?? cur.downAt ?? cur.safeAt ?? cur.drainStartedAt ?? rr.startedAt) : rr.endedAt ?? rr.startedAt;
  const current = cur ? { address: cur.address, phase: cur.phase, index: rr.servers.indexOf(cur), since } : null;
  const cycles = rr.servers
    .filter((s) => s.phase === 'done' && s.drainStartedAt && s.doneAt)
    .map((s) => Date.parse(s.doneAt!) - Date.parse(s.drainStartedAt!))
    .sort((a, b) => a - b);
  let eta: string | null = null;
  if (rr.state === 'running' && cur && cur.phase !== 'overdue' && cycles.length > 0) {
    const median = cycles[Math.floor(cycles.length / 2)]!;
    const elapsed = cur.drainStartedAt ? now.getTime() - Date.parse(cur.drainStartedAt) : 0;
    const after = rr.servers.length - rr.servers.indexOf(cur) - 1;
    eta = new Date(now.getTime() + Math.max(0, median - elapsed) + after * median).toISOString();
  }
  return { total: rr.servers.length, done, current, eta };
}

export type RollingRestartRefusal = DrainRefusal | { status: 409; code: 'rolling-restart-exists'; params: { id: string; state: string }; detail: string };

/**
 * Why a rolling restart of `servers` may not start now, or null: another one holds the cluster
 * (409); a server unknown (404), drained or being drained by another drain (409), or the last live
 * one to take apps (409): the drain refusals, for each server in turn. The list's shape (empty,
 * duplicates) is the body's (400).
 */
export function rollingRestartRefusal(servers: readonly string[], known: readonly DrainCandidate[], holding: ReadonlyMap<string, DrainState>, active: { id: string; state: RollingRestartState } | null): RollingRestartRefusal | null {
  if (active) return { status: 409, code: 'rolling-restart-exists', params: { id: active.id, state: active.state }, detail: `rolling restart ${active.id} is ${active.state}: abort it or let it finish first; nothing was changed` };
  for (const s of servers) {
    const r = drainRefusal(s, known, holding.get(s) ?? null);
    if (r) return { ...r, detail: r.detail.replace('nothing was drained', 'no rolling restart was started') } as DrainRefusal;
  }
  return null;
}
