// The operator API's maintenance operations: the freeze switch (and, as they come, move windows and
// cordons). Route handlers parse and call these; the state lives in the store for every replica.
import { applyFreeze, freezeBody, freezeState, type FreezeBody } from '../domain/maintenance.ts';
import type { Runtime } from '../runtime.ts';

export { freezeBody, freezeState };

export function getFreeze(runtime: Runtime) {
  return runtime.store.getFreeze();
}

/** Sets or clears the switch; `changed` is false when it already was so (the new reason and actor are kept all the same). */
export async function putFreeze(runtime: Runtime, body: FreezeBody, actor: string) {
  const { before, after } = await runtime.store.setFreeze(applyFreeze(body, actor, runtime.now()), runtime.now());
  return { ...after, changed: before.frozen !== after.frozen };
}
