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
 * yet, and while the collector polls it (a source, or a demo server: it would come straight back). Its
 * history stays; apps PowerJob still binds to it stay bound (they show as unowned).
 */
export async function forgetServer(runtime: Runtime, address: string) {
  const server = (await runtime.store.listServers(runtime.now())).find((s) => s.address === address);
  if (!server) throw new ServerForgetError(404, `no server ${address}`);
  if (server.health === 'up' || server.health === 'unknown') {
    throw new ServerForgetError(409, `${address} is ${server.health}: only a server that is down or stale can be forgotten`);
  }
  // the collector re-creates any server it polls, down or not
  const polled = runtime.collector.status().find((s) => s.address === address);
  if (polled?.origin === 'demo') throw new ServerForgetError(409, `${address} is a server of the demo cluster, which the collector keeps polling; start it again instead`);
  if (polled) throw new ServerForgetError(409, `${address} is a configured source; remove it in Settings → Sources first, or the collector brings it back`);
  const gone = await runtime.store.forgetServer(address);
  if (!gone) throw new ServerForgetError(404, `no server ${address}`);
  return { server, forgotten: { address, health: server.health, lastSeenAt: server.lastSeenAt, appsStillBound: server.appsOwned } };
}
