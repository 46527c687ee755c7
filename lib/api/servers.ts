// Forgetting a server that has left for good: PowerJob never removes a server from what Fulcrum
// sees, so a decommissioned one would stay on every page as down and keep its alerts firing.
import type { Runtime } from '../runtime.ts';
import { ProblemError } from '../domain/problem.ts';

/**
 * Forgets a server that is down or stale: refused (409) while it is up or its state is not known
 * yet, and while the collector polls it (a source, or a demo server: it would come straight back). Its
 * history stays; apps PowerJob still binds to it stay bound (they show as unowned).
 */
export async function forgetServer(runtime: Runtime, address: string) {
  const server = (await runtime.store.listServers(runtime.now())).find((s) => s.address === address);
  if (!server) throw new ProblemError(404, `no server ${address}`, { code: 'server-not-found', params: { address } });
  if (server.health === 'up' || server.health === 'unknown') {
    throw new ProblemError(409, `${address} is ${server.health}: only a server that is down or stale can be forgotten`, { code: 'server-not-forgettable', params: { address, health: server.health } });
  }
  // the collector re-creates any server it polls, down or not
  const polled = runtime.collector.status().find((s) => s.address === address);
  if (polled?.origin === 'demo') throw new ProblemError(409, `${address} is a server of the demo cluster, which the collector keeps polling; start it again instead`, { code: 'server-in-demo', params: { address } });
  if (polled) throw new ProblemError(409, `${address} is a configured source; remove it in Settings → Sources first, or the collector brings it back`, { code: 'server-is-source', params: { address } });
  const gone = await runtime.store.forgetServer(address);
  if (!gone) throw new ProblemError(404, `no server ${address}`, { code: 'server-not-found', params: { address } });
  return { server, forgotten: { address, health: server.health, lastSeenAt: server.lastSeenAt, appsStillBound: server.appsOwned } };
}
