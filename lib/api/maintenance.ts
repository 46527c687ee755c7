// The operator API's maintenance operations: the freeze switch and the move windows (and, as they
// come, cordons). Route handlers parse and call these; the state lives in the store for every replica.
import { applyFreeze, freezeBody, freezeState, MOVE_KINDS, moveWindowsBody, windowStatus, type FreezeBody, type MoveWindows } from '../domain/maintenance.ts';
import type { Runtime } from '../runtime.ts';

export { freezeBody, freezeState, moveWindowsBody };

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
  const { after } = await runtime.store.setMoveWindows(body, actor, runtime.now());
  return withStatus(after, runtime.now());
}

/** Everything that holds moves back now, in one answer (the CLI's `status`). */
export async function maintenanceStatus(runtime: Runtime) {
  const [freeze, windows] = await Promise.all([runtime.store.getFreeze(), getMoveWindows(runtime)]);
  return { freeze, moveWindows: windows };
}
