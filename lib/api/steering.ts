// The operator API of failover steering: the setting (on or off, the confirmation), whether the
// steering gate lets moves through now, the servers that do not answer, and the steered apps.
// Route handlers parse and call these; the setting lives in the store for every replica.
import { moveGate } from '../domain/maintenance.ts';
import { applySteering, isSteerRow, STEERING_ID_PREFIX, steeringBody, steeringState, type SteeringBody } from '../domain/steering.ts';
import type { Runtime } from '../runtime.ts';

export { steeringBody, steeringState };

/** GET /api/maintenance/steering: the setting, the gate now, the silent servers, the steering history (newest first). */
export async function getSteering(runtime: Runtime, limit = 100) {
  const now = runtime.now();
  const [state, freeze, windows, servers, rows] = await Promise.all([
    runtime.store.getSteering(),
    runtime.store.getFreeze(),
    runtime.store.getMoveWindows(),
    runtime.store.listServers(now),
    runtime.store.listMoves({ rolloutIdPrefix: STEERING_ID_PREFIX, limit }),
  ]);
  const gate = moveGate('steering', { freeze, windows }, now);
  return {
    ...state,
    waiting: gate.allowed ? null : gate.detail,
    waitingText: gate.allowed ? null : gate.text,
    // the collector's view; the leader steers a server's apps once it has been silent for confirmSeconds and does not answer a second look
    silent: servers.filter((s) => s.health === 'down' || s.health === 'stale').map((s) => ({ address: s.address, health: s.health, lastSeenAt: s.lastSeenAt, appsOwned: s.appsOwned })),
    history: rows.map((m) => ({
      at: m.requestedAt.toISOString(),
      kind: isSteerRow(m) ? ('steer' as const) : ('correction' as const),
      appId: m.appId,
      app: m.appName,
      from: m.fromServer,
      to: m.toServer,
      status: m.status,
      verifiedAt: m.verifiedAt?.toISOString() ?? null,
      detail: m.detail,
      code: m.code ?? null,
      params: m.params ?? null,
    })),
  };
}

/** PUT /api/maintenance/steering: switches it; `changed` is false when it already was so (actor and reason are kept all the same). */
export async function putSteering(runtime: Runtime, body: SteeringBody, actor: string) {
  const now = runtime.now();
  const current = await runtime.store.getSteering();
  const { before, after } = await runtime.store.setSteering(applySteering(current, body, actor, now), now);
  return { ...after, changed: before.enabled !== after.enabled || before.confirmSeconds !== after.confirmSeconds };
}
