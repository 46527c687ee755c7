// Failover steering (issue 18, docs/maintenance.md): when a server stops answering, which of its
// apps Fulcrum re-homes now, where (the k-move plan of lib/domain/rebalance.ts over the live,
// uncordoned servers), with which compare-and-set, and which not and why; later, which apps an
// election won meanwhile get an ordinary safe move. Pure: the job (lib/jobs/steering.ts) loads the
// servers, the apps, the gate and the steering rows, and asks here.
import { z } from 'zod';
import { fairness } from './fairness.ts';
import { kMoveGreedy, type PlannedMove, type RebalanceServer } from './rebalance.ts';

/**
 * How long a server must have been seen down or stale before its apps are steered (the default;
 * the operator can set 0 to 60 s). PowerJob gives a silent owner 1 s (the election's ping
 * timeout) and a worker gives a dead server its 3 attempts (about 3.2 s with the 1 s connect
 * timeout) before asking the next one; 3 s is past both, so a server that has not answered for
 * that long is one PowerJob itself already treats as dead, while a hiccup of one collection round
 * that answers again is not steered. Longer waits lose the race: each app's first worker
 * rediscovers within its 10 s discovery interval (5 s on average) and the server it asks takes
 * the app, so every further second hands about a tenth of the single-worker apps to PowerJob's
 * first-come election (shared/domain/powerjob.md §1, §2, §6).
 */
export const DEFAULT_CONFIRM_SECONDS = 3;
/**
 * How long after a compare-and-set lost to an election the app gets its safe move: three 10 s
 * discovery rounds, by which every worker of the dead server has rediscovered and follows the
 * election's winner, and the collector (every 10 s) shows it there.
 */
export const CORRECTION_SETTLE_MS = 30_000;
/** Steering rows this old are another outage's: an app is not tried again within it, whatever Fulcrum remembers. */
export const STEERING_MEMORY_MS = 10 * 60_000;

export const STEERING_ID_PREFIX = 'st-';
/** The id of a server's steering moves (rows of rollout_moves, beside rollouts' and drains'). */
export const steeringId = (server: string) => `${STEERING_ID_PREFIX}${server}`;
export const isSteeringId = (id: string) => id.startsWith(STEERING_ID_PREFIX);
/** A steering compare-and-set from the silent owner (not a later correction, which moves from a live server). */
export const isSteerRow = (m: { rolloutId: string; fromServer: string | null }) => m.fromServer !== null && m.rolloutId === steeringId(m.fromServer);

/** The setting as stored (settings row `maintenance.steering`): off by default. */
export const steeringState = z.object({
  enabled: z.boolean(),
  confirmSeconds: z.number().int().min(0).max(60).describe('how long a server must be down or stale before its apps are steered'),
  by: z.string().nullable().describe('who last switched it: a user name, token:<name>'),
  at: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
});
export type SteeringState = z.infer<typeof steeringState>;

export const STEERING_OFF: SteeringState = { enabled: false, confirmSeconds: DEFAULT_CONFIRM_SECONDS, by: null, at: null, reason: null };

/** PUT /api/maintenance/steering. */
export const steeringBody = z
  .object({
    enabled: z.boolean().describe('steer the apps of a server that stops answering (on the leader, at each controller tick)'),
    confirmSeconds: z.number().int().min(0).max(60).optional().describe(`seconds a server must be down or stale first (default ${DEFAULT_CONFIRM_SECONDS}; kept when left out)`),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type SteeringBody = z.infer<typeof steeringBody>;

export function applySteering(before: SteeringState, body: SteeringBody, by: string, now: Date): SteeringState {
  return { enabled: body.enabled, confirmSeconds: body.confirmSeconds ?? before.confirmSeconds, by, at: now.toISOString(), reason: body.reason ?? null };
}

export interface SteeringServer {
  address: string;
  weight: number;
  health: 'up' | 'down' | 'stale' | 'unknown';
  cordoned?: boolean;
  /** main-protocol address (what app_info.current_server holds); null when never reported: no target, and its apps cannot be compared-and-set */
  transport: string | null;
}

export interface SteeringApp {
  id: number;
  name: string;
  /** where the app is as best known: the collected binding, or where a steering row put it since */
  server: string | null;
}

export interface SteeringInput {
  servers: readonly SteeringServer[];
  /** when each server was first seen down or stale, if it has not answered since */
  silentSince: ReadonlyMap<string, number>;
  /**
   * the apps each silent server owned when it was last heard: an app PowerJob re-elected before
   * Fulcrum saw its owner fall silent is orphaned all the same, and its compare-and-set (which
   * then fails) is what records that the election won
   */
  owned?: ReadonlyMap<string, ReadonlySet<number>>;
  apps: readonly SteeringApp[];
  /** the freeze switch and the steering move windows (moveGate('steering', …)) */
  gate: { allowed: true } | { allowed: false; detail: string };
  confirmMs: number;
  now: number;
  /** apps already steered (any outcome) in this outage: a compare-and-set is made once, never repeated blindly */
  attempted: ReadonlySet<number>;
  /** apps whose move (any rollout's, drain's or steering's) is still open */
  busy: ReadonlySet<number>;
}

/** A compare-and-set to make: app_info.current_server from `expected` (the silent owner's) to `target`. */
export interface SteerMove {
  appId: number;
  app: string;
  from: string;
  to: string;
  expected: string;
  target: string;
}

export type SteerSkipReason = 'confirming' | 'gate' | 'attempted' | 'busy' | 'no-address' | 'no-target';

export interface SteeringDecision {
  /** each silent server that owns apps: since when, whether past the confirmation, its apps */
  orphaned: { server: string; since: number; confirmed: boolean; apps: number }[];
  moves: SteerMove[];
  skipped: { appId: number; app: string; from: string; reason: SteerSkipReason; detail: string }[];
  /** the plan: apps owned per live target after the moves, and their max/mean */
  plan: { load: Record<string, number>; maxMean: number | null };
}

const live = (s: SteeringServer) => s.health === 'up' || s.health === 'unknown';

/** The servers as the plan sees them: a target is live, uncordoned and has a transport address. */
function planServers(servers: readonly SteeringServer[]): RebalanceServer[] {
  return servers.map((s) => ({ address: s.address, weight: s.weight, up: live(s), stale: s.health === 'stale', cordoned: (s.cordoned ?? false) || s.transport === null }));
}

function planFigures(servers: readonly RebalanceServer[], load: ReadonlyMap<string, number>): SteeringDecision['plan'] {
  const targets = servers.filter((s) => s.up && !s.stale && !s.cordoned);
  const f = fairness(targets.map((s) => ({ address: s.address, load: load.get(s.address) ?? 0, weight: s.weight, up: true })));
  return { load: Object.fromEntries(targets.map((s) => [s.address, load.get(s.address) ?? 0])), maxMean: targets.length && Number.isFinite(f.maxMean) ? f.maxMean : null };
}

/**
 * The compare-and-sets to make now. An app is orphaned when the server it is bound to, or owned
 * when last heard, has been down or stale for at least `confirmMs`; each orphaned app that was not
 * tried in this outage, has no open move and can be compared-and-set goes where the k-move plan
 * puts it (every orphan off, each placed where it adds the least load per weight, largest first)
 * over the live, uncordoned servers with a transport address: the plan as if steering came before
 * any election. The others are skipped with the reason: still confirming, the gate (freeze,
 * windows), tried already, an open move, the silent owner's address unknown, no target at all.
 */
export function steeringDecision(input: SteeringInput): SteeringDecision {
  const byAddress = new Map(input.servers.map((s) => [s.address, s]));
  /** each orphaned app's silent owner */
  const orphanOf = new Map<number, string>();
  for (const s of input.servers) {
    if (!input.silentSince.has(s.address) || live(s)) continue;
    for (const id of input.owned?.get(s.address) ?? []) orphanOf.set(id, s.address);
    for (const a of input.apps) if (a.server === s.address) orphanOf.set(a.id, s.address);
  }
  const orphaned: SteeringDecision['orphaned'] = [];
  const confirmed = new Set<string>();
  for (const s of input.servers) {
    const since = input.silentSince.get(s.address);
    if (since === undefined || live(s)) continue;
    const apps = [...orphanOf.values()].filter((o) => o === s.address).length;
    if (apps === 0) continue;
    const ok = input.now - since >= input.confirmMs;
    if (ok) confirmed.add(s.address);
    orphaned.push({ server: s.address, since, confirmed: ok, apps });
  }
  const skipped: SteeringDecision['skipped'] = [];
  const movable = new Set<number>();
  for (const a of input.apps) {
    const from = orphanOf.get(a.id);
    if (from === undefined) continue;
    const owner = byAddress.get(from)!;
    const skip = (reason: SteerSkipReason, detail: string) => skipped.push({ appId: a.id, app: a.name, from, reason, detail });
    const silentFor = Math.round((input.now - input.silentSince.get(from)!) / 1000);
    if (!confirmed.has(from)) skip('confirming', `${from} silent for ${silentFor} s of the ${input.confirmMs / 1000} s to confirm`);
    else if (input.attempted.has(a.id)) skip('attempted', 'steered already in this outage: not tried again');
    else if (input.busy.has(a.id)) skip('busy', 'a move of it is still open');
    else if (owner.transport === null) skip('no-address', `${from} never reported its transport address: no compare-and-set can name it`);
    else if (!input.gate.allowed) skip('gate', input.gate.detail);
    else movable.add(a.id);
  }
  const servers = planServers(input.servers);
  // the movable orphans are planned from their silent owner, wherever an election put them meanwhile
  const planned = input.apps.map((a) => ({ ...a, server: movable.has(a.id) ? orphanOf.get(a.id)! : a.server, load: 1 }));
  const greedy = kMoveGreedy({ servers, apps: planned, movable, target: new Map() }, movable.size);
  const placed = new Map(greedy.moves.map((m) => [m.appId, m]));
  const moves: SteerMove[] = [];
  for (const a of input.apps) {
    if (!movable.has(a.id)) continue;
    const m = placed.get(a.id);
    const to = m ? byAddress.get(m.to) : undefined;
    if (!m || !to?.transport) {
      skipped.push({ appId: a.id, app: a.name, from: orphanOf.get(a.id)!, reason: 'no-target', detail: 'no live, uncordoned server to steer it to' });
      continue;
    }
    moves.push({ appId: a.id, app: a.name, from: m.from!, to: m.to, expected: byAddress.get(m.from!)!.transport!, target: to.transport });
  }
  return { orphaned, moves, skipped, plan: planFigures(servers, greedy.load) };
}

/** A steering row as the correction reads it (a row of rollout_moves under a steering id). */
export interface SteeringRow {
  rolloutId: string;
  appId: number;
  fromServer: string | null;
  status: string;
  requestedAt: Date;
}

/**
 * The apps whose compare-and-set lost to an election at least `settleMs` ago and that have had no
 * steering row since (a correction is made once): they get an ordinary safe move now, if the plan
 * wants them elsewhere. `rows` in any order.
 */
export function dueCorrections(rows: readonly SteeringRow[], now: number, settleMs = CORRECTION_SETTLE_MS): Set<number> {
  const last = new Map<number, SteeringRow>();
  for (const r of rows) {
    const seen = last.get(r.appId);
    if (!seen || r.requestedAt.getTime() >= seen.requestedAt.getTime()) last.set(r.appId, r);
  }
  const due = new Set<number>();
  for (const [appId, r] of last) if (isSteerRow(r) && r.status === 'conflict' && now - r.requestedAt.getTime() >= settleMs) due.add(appId);
  return due;
}

/**
 * Where the apps an election placed are moved by the correction: the same k-move plan, with only
 * those apps movable (the ones still on a live server), over the live, uncordoned servers; an app
 * the plan leaves where it is makes no move.
 */
export function correctionPlan(servers: readonly SteeringServer[], apps: readonly SteeringApp[], due: ReadonlySet<number>): PlannedMove[] {
  const plan = planServers(servers);
  const eligible = new Set(plan.filter((s) => s.up && !s.stale && !s.cordoned).map((s) => s.address));
  const movable = new Set(apps.filter((a) => due.has(a.id) && a.server !== null && eligible.has(a.server)).map((a) => a.id));
  if (movable.size === 0) return [];
  return kMoveGreedy({ servers: plan, apps: apps.map((a) => ({ ...a, load: 1 })), movable, target: new Map() }, movable.size).moves;
}
