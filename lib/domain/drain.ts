// Drain and restore a server (issue 18, docs/maintenance.md): which apps a drain moves where, which
// ones a restore brings back, a drain's progress and ETA from its moves, and when a drain is
// refused. Pure: the store, the controller and the API load the cluster and the moves and ask here.
import { z } from 'zod';
import { kMoveGreedy, type PlannedMove, type RebalanceApp, type RebalanceServer } from './rebalance.ts';
import { DEFAULT_MOVES_PER_MINUTE } from './moves.ts';

/** draining → drained (the server owns nothing) | incomplete (some apps skipped, still on it) → restoring → restored */
export const DRAIN_STATES = ['draining', 'drained', 'incomplete', 'restoring', 'restored'] as const;
export type DrainState = (typeof DRAIN_STATES)[number];

/** the states in which a server counts as drained or being drained: a second drain is refused */
export const HOLDING_STATES: readonly DrainState[] = ['draining', 'drained', 'incomplete', 'restoring'];
/** the states in which the controller moves the drain's apps */
export const MOVING_STATES: readonly DrainState[] = ['draining', 'restoring'];

export const DRAIN_ID_PREFIX = 'dr-';
/** Whether a move row (rollout_moves.rollout_id) belongs to a drain rather than a rollout. */
export const isDrainId = (id: string) => id.startsWith(DRAIN_ID_PREFIX);

/** POST /api/servers/{address}/drain: why, and the move rate (a rollout's default when left out). */
export const drainBody = z
  .object({
    reason: z.string().trim().min(1).max(500).optional().describe('why the server is drained: shown on its page and in the audit log'),
    perMinute: z.number().int().min(1).max(600).optional().describe(`moves per minute, shared with rollouts (default ${DEFAULT_MOVES_PER_MINUTE})`),
    allowBusy: z
      .boolean()
      .optional()
      .describe("move an app whose jobs never leave a quiet window anyway (its runs are at risk); by default such an app is skipped, named with the reason, and the drain ends incomplete (as a rollout's moves.allowBusy)"),
  })
  .strict();
export type DrainBody = z.infer<typeof drainBody>;

/**
 * Where each app of `server` goes when it is drained: every one of them moves (and no other app),
 * each where it adds the least load per weight, largest first, the server itself no target (the
 * k-move greedy of lib/domain/rebalance.ts with the server cordoned and its apps the only movable
 * ones). `skip`: apps left out (their move is open, or they were skipped).
 */
export function drainPlan(servers: readonly RebalanceServer[], apps: readonly RebalanceApp[], server: string, skip: ReadonlySet<number> = new Set()): PlannedMove[] {
  const cordoned = servers.map((s) => (s.address === server ? { ...s, cordoned: true } : s));
  const movable = new Set(apps.filter((a) => a.server === server && !skip.has(a.id)).map((a) => a.id));
  if (movable.size === 0) return [];
  return kMoveGreedy({ servers: cordoned, apps, movable, target: new Map() }, movable.size).moves;
}

/**
 * The fewest moves that bring a restored `server` up to balance: time and again the largest app of
 * the server with the most load per weight whose move onto `server` leaves it below where that
 * server was (a strict gain for the pair; the lower app id on a tie), each app at most once, only
 * onto `server`. Nothing when it is no eligible target (down, stale, weight 0, cordoned by others).
 */
export function restorePlan(servers: readonly RebalanceServer[], apps: readonly RebalanceApp[], server: string): PlannedMove[] {
  const target = servers.find((s) => s.address === server);
  const eligible = (s: RebalanceServer) => s.up && !s.stale && s.weight > 0 && !s.cordoned;
  if (!target || !eligible({ ...target, cordoned: false })) return [];
  const weight = new Map(servers.map((s) => [s.address, s.weight]));
  const load = new Map(servers.map((s) => [s.address, 0]));
  for (const a of apps) if (a.server !== null && load.has(a.server)) load.set(a.server, load.get(a.server)! + a.load);
  const perWeight = (s: string, extra = 0) => ((load.get(s) ?? 0) + extra) / (weight.get(s) || 1);
  const pending = new Map<string, RebalanceApp[]>();
  for (const a of apps) {
    if (a.server === null || a.server === server) continue;
    const list = pending.get(a.server) ?? [];
    list.push(a);
    pending.set(a.server, list);
  }
  for (const list of pending.values()) list.sort((x, y) => y.load - x.load || x.id - y.id);
  const moves: PlannedMove[] = [];
  const sources = servers.filter((s) => s.address !== server && s.weight > 0).map((s) => s.address);
  for (;;) {
    let chosen: RebalanceApp | null = null;
    for (const s of [...sources].sort((a, b) => perWeight(b) - perWeight(a) || (a < b ? -1 : 1))) {
      chosen = (pending.get(s) ?? []).find((a) => perWeight(server, a.load) < perWeight(s) - 1e-9) ?? null;
      if (chosen) break;
    }
    if (!chosen) return moves;
    const from = chosen.server!;
    const list = pending.get(from)!;
    list.splice(list.indexOf(chosen), 1);
    load.set(from, load.get(from)! - chosen.load);
    load.set(server, load.get(server)! + chosen.load);
    moves.push({ appId: chosen.id, app: chosen.name, from, to: server, load: chosen.load });
  }
}

/** A move of a drain as the progress reads it (a row of rollout_moves). */
export interface DrainMoveRow {
  appId: number;
  appName: string | null;
  toServer: string;
  purpose: 'forward' | 'revert';
  status: 'moved' | 'verified' | 'conflict' | 'missing' | 'failed' | 'reverted';
  requestedAt: Date;
  verifiedAt: Date | null;
  detail: string | null;
  /** the detail as a code of lib/domain/rollout-texts.ts, which the console says in the operator's language */
  code?: string | null;
  params?: unknown;
}

/**
 * An app a drain's (or restore's) last tick did not move because one of its runs was due before its
 * workers could follow (lib/domain/quiet-window.ts busyApps): `never` when its jobs leave no quiet
 * window at all. The text (code, params, English detail) is made by the tick.
 */
export interface DrainHeld {
  appId: number;
  app: string;
  never: boolean;
  reason: string;
  code?: string | null;
  params?: unknown;
}

export interface DrainProgress {
  /** apps the phase set out to move (the plan at its start and any that arrived since) */
  total: number;
  /** apps not moved yet */
  left: number;
  /** moved, their workers still following */
  converging: number;
  done: number;
  skipped: { appId: number; app: string; reason: string; code?: string | null; params?: unknown }[];
  /** when the last app should be verified at the move rate; null when nothing is left or moves wait */
  eta: string | null;
  /** the apps still to move (names), for the console */
  leftApps: string[];
  /** apps left that wait for a quiet window of their jobs, with why (counted in `left`) */
  held: { appId: number; app: string; reason: string; code?: string | null; params?: unknown }[];
}

/**
 * A phase's progress (the drain, or the restore after it) from its planned apps, where the apps are
 * now and its moves (newest first or in any order). An app is done when its last move was
 * verified, or it left the drained server some other way; converging while its move is open;
 * skipped with the reason when its move failed (and was moved back), met no app_info row, or
 * PowerJob re-elected it onto the drained server meanwhile; left otherwise.
 * ETA: the apps left move at `perMinute`, each verified `typicalMs` after its move (the median of
 * the drain's verified moves so far, else `defaultVerifyMs`); open moves `typicalMs` after theirs.
 */
export function drainProgress(input: {
  phase: 'drain' | 'restore';
  server: string;
  /** the apps the phase planned to move at its start (id → name) */
  planned: ReadonlyMap<number, string>;
  /** a restore's plan: where each app was when it was planned; one found elsewhere, unmoved, is skipped (it moved meanwhile) */
  plannedFrom?: ReadonlyMap<number, string | null>;
  /** where every app is bound now (id → server, and its name) */
  apps: readonly { id: number; name: string; server: string | null }[];
  moves: readonly DrainMoveRow[];
  perMinute: number;
  now: Date;
  /** whether moves wait now (freeze, window): no ETA then */
  waiting: boolean;
  defaultVerifyMs: number;
  /** the apps the last tick held for a quiet window: one that never has one is skipped unless allowBusy */
  held?: readonly DrainHeld[];
  allowBusy?: boolean;
}): DrainProgress {
  const { server } = input;
  const where = new Map(input.apps.map((a) => [a.id, a]));
  // the drain also owes the apps that landed on the server since it started (a worker of 5.1+ ignores the cordon's order)
  const ids = new Set(input.planned.keys());
  if (input.phase === 'drain') for (const a of input.apps) if (a.server === server) ids.add(a.id);
  const last = new Map<number, DrainMoveRow>();
  const chronological = [...input.moves].filter((m) => m.purpose === 'forward').sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
  for (const m of chronological) last.set(m.appId, m);
  const verifiedMs = chronological.filter((m) => m.status === 'verified' && m.verifiedAt).map((m) => m.verifiedAt!.getTime() - m.requestedAt.getTime()).sort((a, b) => a - b);
  const typicalMs = verifiedMs.length > 0 ? verifiedMs[Math.floor(verifiedMs.length / 2)]! : input.defaultVerifyMs;
  const out: DrainProgress = { total: ids.size, left: 0, converging: 0, done: 0, skipped: [], eta: null, leftApps: [], held: [] };
  const held = new Map((input.held ?? []).map((h) => [h.appId, h]));
  const text = (h: DrainHeld) => ({ reason: h.reason, ...(h.code ? { code: h.code, params: h.params } : {}) });
  /** an app still to move: skipped when its jobs never leave a quiet window (unless allowBusy), else left, saying when it waits for one */
  const leave = (id: number, name: string) => {
    const h = held.get(id);
    if (h?.never && !input.allowBusy) return void out.skipped.push({ appId: id, app: name, ...text(h) });
    out.left++;
    out.leftApps.push(name);
    if (h) out.held.push({ appId: id, app: name, ...text(h) });
  };
  let etaAt = 0;
  for (const id of [...ids].sort((a, b) => a - b)) {
    const app = where.get(id);
    const name = app?.name ?? input.planned.get(id) ?? `app ${id}`;
    const m = last.get(id);
    const onServer = app?.server === server;
    // a drain is done with an app once it is off the server; a restore once it is on it
    const arrived = input.phase === 'drain' ? !onServer : onServer;
    const conflicts = chronological.filter((x) => x.appId === id && reElected(x)).length;
    if (m?.status === 'moved') {
      out.converging++;
      etaAt = Math.max(etaAt, m.requestedAt.getTime() + typicalMs);
    } else if (input.phase === 'drain' ? arrived : m?.status === 'verified' || (arrived && (!m || m.status === 'conflict'))) {
      // a drain owes an app for as long as the server owns it: one moved and verified that PowerJob
      // put back on the server (its new owner went down) is owed again, below
      out.done++;
    } else if (input.phase === 'drain' && (m?.status === 'verified' || (m && reElected(m) && conflicts < DRAIN_CONFLICT_TRIES))) {
      // PowerJob re-elected it under our move (before the compare-and-set, or before its workers
      // followed), or it came back: tried again (after the conflict's back-off)
      leave(id, name);
    } else if (m && (m.status === 'failed' || m.status === 'missing' || m.status === 'conflict' || m.status === 'reverted')) {
      out.skipped.push({ appId: id, app: name, reason: m.detail ?? m.status, ...(m.code ? { code: m.code, params: m.params } : {}) });
    } else if (!app) {
      // gone from the cluster (its app_info row deleted): nothing left to move
      out.done++;
    } else if (!m && input.plannedFrom?.has(id) && app.server !== input.plannedFrom.get(id)) {
      out.skipped.push({ appId: id, app: name, reason: `moved to ${app.server ?? 'no server'} meanwhile; left there` });
    } else {
      leave(id, name);
    }
  }
  if (out.left > 0) {
    const perMinute = Math.max(1, input.perMinute);
    etaAt = Math.max(etaAt, input.now.getTime() + Math.floor((out.left - 1) / perMinute) * 60_000 + typicalMs);
  }
  out.eta = input.waiting || etaAt === 0 ? null : new Date(Math.max(etaAt, input.now.getTime())).toISOString();
  return out;
}

/**
 * Whether PowerJob re-elected the app under this move: the compare-and-set met another owner
 * (`conflict`), or the move failed its verification and the move back found the app re-elected
 * already (`back-conflict`). The second is what a real 4.3.9 cluster does to a drain of the first
 * server of an ordered list: every worker asks that server first, and when its 1 s ping of the new
 * owner goes unanswered (a loaded machine) it takes the app back (test/powerjob/maintenance.int,
 * 2026-12-04: 3 of 6 drain moves). Neither is the move's own failure: the drain tries again.
 */
export function reElected(m: Pick<DrainMoveRow, 'status' | 'params'>): boolean {
  return m.status === 'conflict' || (m.status === 'failed' && tookBackByPowerJob(m.params));
}

/** Whether a failed move's outcome says PowerJob had re-elected the app when Fulcrum went to move it back (`back-conflict`); drains and rollouts both read it. */
export function tookBackByPowerJob(params: unknown): boolean {
  return typeof params === 'object' && params !== null && (params as { outcome?: unknown }).outcome === 'back-conflict';
}

/** How many times a drain tries an app whose moves meet a re-election (a conflict) before it skips it. */
export const DRAIN_CONFLICT_TRIES = 3;

/** Whether a phase has finished: nothing left to move and no move open. */
export const phaseFinished = (p: DrainProgress) => p.left === 0 && p.converging === 0;

export interface DrainCandidate {
  address: string;
  live: boolean;
  confirmed: boolean;
  cordoned: boolean;
}

export type DrainRefusal =
  | { status: 404; code: 'server-not-found'; params: { address: string }; detail: string }
  | { status: 409; code: 'drain-exists'; params: { address: string; state: string }; detail: string }
  | { status: 409; code: 'drain-last-server'; params: { address: string }; detail: string }
  | { status: 409; code: 'restore-not-drained'; params: { address: string; state: string }; detail: string };

/**
 * Why a drain of `address` may not start now, or null: no such server (404); a drain of it that
 * has not been restored (409); no other live, confirmed, uncordoned server to take its apps (409).
 */
export function drainRefusal(address: string, servers: readonly DrainCandidate[], holding: DrainState | null): DrainRefusal | null {
  if (!servers.some((s) => s.address === address)) return { status: 404, code: 'server-not-found', params: { address }, detail: `no server ${address}: nothing was drained` };
  if (holding) {
    const what = holding === 'draining' ? 'is being drained' : holding === 'restoring' ? 'is being restored' : holding === 'drained' ? 'is drained already' : 'was drained (some apps skipped)';
    return { status: 409, code: 'drain-exists', params: { address, state: holding }, detail: `${address} ${what}; restore it first; nothing was changed` };
  }
  if (!servers.some((s) => s.address !== address && s.live && s.confirmed && !s.cordoned)) {
    return { status: 409, code: 'drain-last-server', params: { address }, detail: `${address} is the last live server that is not cordoned: its apps would have nowhere to go; nothing was changed` };
  }
  return null;
}

/** Why `address` may not be restored now, or null: no such server (404); not drained, or being restored already (409). */
export function restoreRefusal(address: string, known: boolean, holding: DrainState | null): DrainRefusal | null {
  if (!known) return { status: 404, code: 'server-not-found', params: { address }, detail: `no server ${address}: nothing was restored` };
  if (holding === null || holding === 'restoring') {
    const state = holding ?? 'not drained';
    return { status: 409, code: 'restore-not-drained', params: { address, state }, detail: `${address} ${holding ? 'is being restored already' : 'is not drained'}; nothing was changed` };
  }
  return null;
}
