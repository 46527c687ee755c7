// The operator API's maintenance operations: the freeze switch, the move windows and cordons.
// Route handlers parse and call these; the state lives in the store for every replica.
import { applyFreeze, cordonBody, freezeBody, freezeState, MOVE_KINDS, moveWindowsBody, windowStatus, type FreezeBody, type MoveWindows } from '../domain/maintenance.ts';
import type { Runtime } from '../runtime.ts';
import { holdingDrains } from './drains.ts';
import { ProblemError } from '../domain/problem.ts';

export { cordonBody, freezeBody, freezeState, moveWindowsBody };

export function getFreeze(runtime: Runtime) {
  return runtime.store.getFreeze();
}

/** Sets or clears the switch; `changed` is false when it already was so (the new reason and actor are kept all the same). */
export async function putFreeze(runtime: Runtime, body: FreezeBody, actor: string) {
  const { before, after } = await runtime.store.setFreeze(applyFreeze(body, actor, runtime.now()), runtime.now());
  return { ...after, changed: before.frozen !== after.frozen };
}

/** The windows with, for each kind, whether moves may happen now, when they next may and until when. */
function withStatus(windows: MoveWindows, now: Date) {
  return { ...windows, status: Object.fromEntries(MOVE_KINDS.map((k) => [k, windowStatus(windows, k, now)])) };
}

export async function getMoveWindows(runtime: Runtime) {
  return withStatus(await runtime.store.getMoveWindows(), runtime.now());
}

export async function putMoveWindows(runtime: Runtime, body: MoveWindows, actor: string) {
  // a body without `drain` (the Rollouts page's editor, written before drains) keeps the drain windows; the same for `steering`
  const stored = body.drain === undefined || body.steering === undefined ? await runtime.store.getMoveWindows() : null;
  const next = { ...body, ...(body.drain === undefined ? { drain: stored!.drain ?? null } : {}), ...(body.steering === undefined ? { steering: stored!.steering ?? null } : {}) };
  const { after } = await runtime.store.setMoveWindows(next, actor, runtime.now());
  return withStatus(after, runtime.now());
}

/** Everything that holds moves back now, in one answer (the CLI's `status`). */
export async function maintenanceStatus(runtime: Runtime) {
  const [freeze, windows, servers, drains, steering] = await Promise.all([runtime.store.getFreeze(), getMoveWindows(runtime), runtime.store.listServers(runtime.now()), holdingDrains(runtime), runtime.store.getSteering()]);
  return { freeze, moveWindows: windows, cordoned: servers.flatMap((s) => (s.cordon ? [{ address: s.address, ...s.cordon }] : [])), drains, steering };
}

/** POST /api/servers/{address}/cordon [{reason}]: refused with the reason (404 unknown, 409 the last live one), nothing changed. */
export async function cordon(runtime: Runtime, address: string, reason: string | null, actor: string) {
  const out = await runtime.store.cordonServer(address, actor, reason, runtime.now());
  if (out.outcome === 'unknown') throw new ProblemError(404, `no server ${address}: nothing was cordoned`);
  if (out.outcome === 'last') {
    throw new ProblemError(409, `${address} is the last live server that is not cordoned: cordoning it would leave moves and new apps no server; nothing was changed`);
  }
  return { address, cordoned: true, ...out.cordon, changed: out.outcome === 'cordoned' };
}

export async function uncordon(runtime: Runtime, address: string, actor: string) {
  const out = await runtime.store.uncordonServer(address, actor, runtime.now());
  if (!out) throw new ProblemError(404, `no server ${address}: nothing was uncordoned`);
  if ('drain' in out) {
    throw new ProblemError(409, `${address} is held by a drain (${out.drain}): restore it instead, which uncordons it; nothing was changed`, { code: 'drain-exists', params: { address, state: out.drain } });
  }
  return { address, cordoned: false, changed: out.changed };
}
