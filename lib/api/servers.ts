// Forgetting a server that has left for good: PowerJob never removes a server from what Fulcrum
// sees, so a decommissioned one would stay on every page as down and keep its alerts firing.
import type { Runtime } from '../runtime.ts';

export class ServerForgetError extends Error {
  constructor(
    readonly httpStatus: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Forgets a server that is down or stale: refused (409) while it is up or its state is not known
 * yet, and while it is a configured source (the collector would bring it straight back). Its
 * history stays; apps PowerJob still binds to it stay bound (they show as unowned).
 */
export async function forgetServer(runtime: Runtime, address: string) {
  const server = (await runtime.store.listServers(runtime.now())).find((s) => s.address === address);
  if (!server) throw new ServerForgetError(404, `no server ${address}`);
  if (server.health === 'up' || server.health === 'unknown') {
    throw new ServerForgetError(409, `${address} is ${server.health}: only a server that is down or stale can be forgotten`);
  }
  if (runtime.sources.list().some((s) => s.address === address)) {
    throw new ServerForgetError(409, `${address} is a configured source; remove it in Settings → Sources first, or the collector brings it back`);
  }
  const gone = await runtime.store.forgetServer(address);
  if (!gone) throw new ServerForgetError(404, `no server ${address}`);
  return { server, forgotten: { address, health: server.health, lastSeenAt: server.lastSeenAt, appsStillBound: server.appsOwned } };
}
