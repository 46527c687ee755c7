// Failover steering, run by the rollout controller at the start of each tick on the leader (issue
// 18, docs/maintenance.md): when the setting is on, the apps of a server that has been down or
// stale for the confirmation time are re-homed at once by compare-and-set of app_info with the
// silent owner as the expected value (so an election PowerJob already made wins); an app that an
// election won gets one ordinary safe move later if the plan wants it elsewhere. Each is a row of
// rollout_moves under the server's steering id, verified by the controller like every move, and
// audited. Since when a server is silent is kept in memory: a new leader counts the confirmation
// again from its first tick, which only delays steering.
import { correctionPlan, dueCorrections, isSteerRow, steeringDecision, steeringId, STEERING_ID_PREFIX, STEERING_MEMORY_MS, type SteeringApp, type SteeringDecision, type SteeringServer } from '../domain/steering.ts';
import { moveGate } from '../domain/maintenance.ts';
import { DEFAULT_MOVES_PER_MINUTE } from '../domain/moves.ts';
import type { Store } from '../store/index.ts';
import { loadPlanCluster, type MoveActuator, type PlanMoves } from './rollout-controller.ts';
import { auditSaid, said } from './rollout-texts.ts';

export const STEERING_ACTOR = 'system:steering';

export interface SteeringTickResult {
  /** compare-and-sets made from silent owners, by outcome */
  steered: { moved: number; conflict: number; missing: number };
  /** safe moves that corrected where an election put an app */
  corrected: number;
  /** null when nothing was orphaned nor due (the cluster was not even loaded) */
  decision: SteeringDecision | null;
}

const NOTHING: SteeringTickResult = { steered: { moved: 0, conflict: 0, missing: 0 }, corrected: 0, decision: null };

/** How long the second look at a silent server waits for its answer: PowerJob's own owner ping timeout (powerjob.md §6). */
export const PROBE_TIMEOUT_MS = 1000;

export function createSteering(options: { store: Store; actuator: MoveActuator | null; planMoves: PlanMoves | null; probe?: (address: string) => Promise<boolean> }) {
  const { store } = options;
  /** server → when this process first saw it down or stale, while it has not answered since */
  const silentSince = new Map<string, number>();
  /** server → the apps bound to it at the last tick it answered; kept while it is silent (its orphans) */
  const owned = new Map<string, Set<number>>();
  /** silent servers that did not answer the second look either, in this outage */
  const probedSilent = new Set<string>();

  async function tick(now: Date): Promise<SteeringTickResult> {
    const setting = await store.getSteering();
    if (!setting.enabled) {
      silentSince.clear();
      owned.clear();
      probedSilent.clear();
      return NOTHING;
    }
    const [listed, bound] = await Promise.all([store.listServers(now), store.listApps(now)]);
    for (const s of listed) {
      if (s.health === 'down' || s.health === 'stale') {
        if (!silentSince.has(s.address)) silentSince.set(s.address, now.getTime());
      } else {
        silentSince.delete(s.address);
        probedSilent.delete(s.address);
        owned.set(s.address, new Set(bound.filter((a) => a.serverAddress === s.address).map((a) => a.appId)));
      }
    }
    for (const address of [...owned.keys()]) if (!listed.some((s) => s.address === address)) owned.delete(address);
    for (const address of [...silentSince.keys()]) if (!listed.some((s) => s.address === address)) silentSince.delete(address);
    const rows = await store.listMoves({ rolloutIdPrefix: STEERING_ID_PREFIX, since: new Date(now.getTime() - STEERING_MEMORY_MS), limit: 10_000 });
    const due = dueCorrections(rows, now.getTime());
    // the cluster is loaded only while some orphan was not tried yet or some correction is due
    const attempted = new Set(rows.filter(isSteerRow).map((r) => r.appId));
    const orphans = new Set<number>();
    for (const address of silentSince.keys()) for (const id of owned.get(address) ?? []) orphans.add(id);
    for (const a of bound) if (a.serverAddress !== null && silentSince.has(a.serverAddress)) orphans.add(a.appId);
    const untried = [...orphans].some((id) => !attempted.has(id));
    if ((!untried && due.size === 0) || !options.actuator) return NOTHING;
    // the second look: a server silent past the confirmation is asked once more, as PowerJob pings
    // an owner, before its apps are steered (the collector backs off a failed server for 10 s and
    // more, so its word alone is a single failed poll); one that answers is not steered
    const confirmMs = setting.confirmSeconds * 1000;
    if (options.probe) {
      for (const [address, since] of [...silentSince]) {
        if (now.getTime() - since < confirmMs || probedSilent.has(address)) continue;
        if (await options.probe(address)) silentSince.delete(address);
        else probedSilent.add(address);
      }
    }
    const actuator = options.actuator;

    const [{ cluster, transport }, open, freeze, windows] = await Promise.all([loadPlanCluster(store, now), store.listMoves({ status: 'moved' }), store.getFreeze(), store.getMoveWindows()]);
    const gate = moveGate('steering', { freeze, windows }, now);
    const webOf = new Map([...transport].map(([web, t]) => [t, web]));
    const servers: SteeringServer[] = cluster.servers.map((s) => ({ address: s.address, weight: s.weight, health: s.stale ? 'stale' : s.up ? 'up' : 'down', cordoned: s.cordoned ?? false, transport: transport.get(s.address) ?? null }));
    // where each app is as best known: an open move's target, else where an election that beat a
    // compare-and-set put it (the collected binding lags behind app_info), else the collected binding
    const elected = new Map<number, string>();
    for (const r of [...rows].reverse()) {
      const current = r.status === 'conflict' && isSteerRow(r) && r.params && typeof r.params === 'object' ? (r.params as { current?: unknown }).current : undefined;
      if (typeof current === 'string') elected.set(r.appId, current);
    }
    const openTo = new Map(open.map((m) => [m.appId, m.toServer]));
    const apps: SteeringApp[] = cluster.apps.map((a) => {
      const stillOnSilent = a.server !== null && silentSince.has(a.server);
      return { id: a.id, name: a.name, server: openTo.get(a.id) ?? (stillOnSilent ? elected.get(a.id) : undefined) ?? a.server };
    });
    const decision = steeringDecision({ servers, silentSince, owned, apps, gate, confirmMs, now: now.getTime(), attempted, busy: new Set(openTo.keys()) });

    const result: SteeringTickResult = { steered: { moved: 0, conflict: 0, missing: 0 }, corrected: 0, decision };
    for (const mv of decision.moves) {
      const out = await actuator.moveApp(mv.appId, mv.expected, mv.target);
      const current = out.current === null ? null : (webOf.get(out.current) ?? out.current);
      const text = out.outcome === 'moved' ? said('steer-moved', { app: mv.app, from: mv.from, to: mv.to }) : out.outcome === 'conflict' ? said('steer-conflict', { app: mv.app, from: mv.from, current }) : said('steer-missing', { app: mv.app, from: mv.from });
      await store.recordMoveWithHistory({
        move: { rolloutId: steeringId(mv.from), appId: mv.appId, appName: mv.app, fromServer: mv.from, toServer: mv.to, purpose: 'forward', status: out.outcome, requestedAt: now, verifiedAt: null, ...text },
        audit: { actor: STEERING_ACTOR, action: 'steering.move', target: `app:${mv.appId}`, before: { server: mv.from }, after: { server: out.outcome === 'moved' ? mv.to : current }, ...auditSaid('audit-steering', { from: mv.from }, text), at: now },
      });
      result.steered[out.outcome]++;
      if (out.outcome === 'moved') openTo.set(mv.appId, mv.to);
      else if (current) elected.set(mv.appId, current);
    }

    // corrections: an ordinary safe move of each app an election won, once it settled, at the shared move rate
    if (!gate.allowed || !options.planMoves || due.size === 0) return result;
    const deadOf = new Map(rows.filter((r) => isSteerRow(r) && due.has(r.appId)).map((r) => [r.appId, r.fromServer!]));
    const placed = cluster.apps.map((a) => ({ id: a.id, name: a.name, server: openTo.get(a.id) ?? a.server }));
    const planned = correctionPlan(servers, placed, new Set([...due].filter((id) => !openTo.has(id))));
    if (planned.length === 0) return result;
    const load = new Map(servers.map((s) => [s.address, 0]));
    for (const a of placed) if (a.server && load.has(a.server)) load.set(a.server, load.get(a.server)! + 1);
    const plan = options.planMoves({
      bindings: placed.map((a) => ({ appId: a.id, appName: a.name, server: a.server })),
      targets: new Map(planned.map((m) => [m.appId, m.to])),
      servers: cluster.servers.map((s) => ({ address: s.address, up: s.up, stale: s.stale ?? false, weight: s.weight })),
      loads: load,
      appLoads: new Map(placed.map((a) => [a.id, 1])),
      perMinute: DEFAULT_MOVES_PER_MINUTE,
      // the rate is shared: every move of the last minute, a rollout's, a drain's or steering's, counts
      movesInLastMinute: await store.countMovesSince(new Date(now.getTime() - 60_000)),
      // the plan is the balance: no protect threshold (as a drain's)
      epsilon: 1e6,
    });
    for (const mv of plan.moves) {
      if (!mv.from) continue;
      const app = placed.find((a) => a.id === mv.appId);
      const out = await actuator.moveApp(mv.appId, transport.get(mv.from) ?? mv.from, transport.get(mv.to) ?? mv.to);
      const text = said('steer-correction', { app: app?.name ?? mv.appId, from: mv.from, to: mv.to, status: out.outcome });
      const dead = deadOf.get(mv.appId) ?? mv.from;
      await store.recordMoveWithHistory({
        move: { rolloutId: steeringId(dead), appId: mv.appId, appName: app?.name ?? null, fromServer: mv.from, toServer: mv.to, purpose: 'forward', status: out.outcome, requestedAt: now, verifiedAt: null, ...text },
        audit: { actor: STEERING_ACTOR, action: 'steering.correction', target: `app:${mv.appId}`, before: { server: mv.from }, after: { server: out.outcome === 'moved' ? mv.to : (out.current && (webOf.get(out.current) ?? out.current)) }, ...auditSaid('audit-steering', { from: dead }, text), at: now },
      });
      if (out.outcome === 'moved') result.corrected++;
    }
    return result;
  }

  return {
    tick,
    /** since when each server is silent, as this process saw it (the API's status on the leader) */
    silent: (): ReadonlyMap<string, number> => new Map(silentSince),
  };
}
