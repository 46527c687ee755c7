// One server's page (its apps, workers, last hour and binding history), confirming a server only
// ingest batches named, and forgetting one that has left for good: PowerJob never removes a server
// from what Fulcrum sees, so a decommissioned one would stay on every page as down and keep its
// alerts firing.
import type { Runtime } from '../runtime.ts';
import { orNotFound, ProblemError } from '../domain/problem.ts';

/** GET /api/servers/{address}: the server, its owned apps and workers, its series over the last hour and its binding history. */
export async function serverDetail(runtime: Runtime, address: string) {
  const now = runtime.now();
  const server = orNotFound((await runtime.store.listServers(now)).find((s) => s.address === address), `no server ${address}`);
  const [apps, workers, series, history] = await Promise.all([
    runtime.store.queryApps(now, { page: 1, pageSize: 1000, sort: 'name', order: 'asc', server: address }),
    runtime.store.queryWorkers(now, { page: 1, pageSize: 1000, sort: 'app', order: 'asc', server: address }),
    runtime.store.serverSeries(address, 'raw', new Date(now.getTime() - 3_600_000), now),
    runtime.store.listBindingChanges({ limit: 200, server: address }),
  ]);
  return { server, apps, workers, series, history };
}

/**
 * An operator confirms a server that only ingest batches named (not a configured source), so that
 * /v1/assignment delivers it (within its 2 s refresh, on every replica) and rollouts may move apps to it.
 */
export async function confirmServer(runtime: Runtime, address: string, actor: string) {
  const confirmed = orNotFound(await runtime.store.confirmServer(address, actor, runtime.now()), `no server ${address}`);
  return { before: confirmed.before, answer: { address, confirmedBy: confirmed.after, changed: confirmed.before === null } };
}

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
