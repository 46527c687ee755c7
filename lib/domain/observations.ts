// Turns a validated ingest batch into flat observations (heartbeat rows, server and app sightings,
// binding claims), and decides which binding changes those claims mean. Pure: no I/O, no clock.
import { toEpochMs, type IngestBatch, type SystemMetrics } from './ingest-batch.ts';

/** PowerJob marks a worker offline 60 s after its last heartbeat (WorkerInfo.timeout()). */
export const WORKER_TIMEOUT_MS = 60_000;

export interface HeartbeatRow {
  appId: number;
  address: string;
  appName: string | null;
  serverAddress: string;
  heartbeatAt: number;
  version: string | null;
  protocol: string | null;
  tag: string | null;
  client: string | null;
  overloading: boolean | null;
  lightTaskTrackerNum: number | null;
  heavyTaskTrackerNum: number | null;
  cpuProcessors: number | null;
  cpuLoad: number | null;
  jvmUsedMemory: number | null;
  jvmMaxMemory: number | null;
  jvmMemoryUsage: number | null;
  diskUsed: number | null;
  diskTotal: number | null;
  diskUsage: number | null;
  score: number | null;
}

export interface ServerSighting {
  address: string;
  observedAt: number;
  status: 'up' | 'down' | 'unknown';
  reason: string | null;
  serverId: number | null;
  version: string | null;
  transportAddress: string | null;
  snapshot: boolean;
}

export interface AppSighting {
  appId: number;
  appName: string | null;
  runningInstances: number | null;
  seenAt: number;
}

/** "server says it holds app" at a moment: what bindings are made from. */
export interface BindingClaim {
  appId: number;
  serverAddress: string;
  at: number;
  reason: string;
}

export interface Observations {
  heartbeats: HeartbeatRow[];
  servers: ServerSighting[];
  apps: AppSighting[];
  claims: BindingClaim[];
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function metricColumns(m: SystemMetrics | undefined) {
  return {
    cpuProcessors: orNull(m?.cpuProcessors),
    cpuLoad: orNull(m?.cpuLoad),
    jvmUsedMemory: orNull(m?.jvmUsedMemory),
    jvmMaxMemory: orNull(m?.jvmMaxMemory),
    jvmMemoryUsage: orNull(m?.jvmMemoryUsage),
    diskUsed: orNull(m?.diskUsed),
    diskTotal: orNull(m?.diskTotal),
    diskUsage: orNull(m?.diskUsage),
    score: orNull(m?.score),
  };
}

/**
 * Flattens a batch. `serverOf` maps a transport address (ip:10010) to the server's web address when
 * one is known, so heartbeats reported against either land on the same server.
 */
export function observe(batch: IngestBatch, serverOf: (address: string) => string = (a) => a): Observations {
  // the batch's own snapshots name transport addresses too, and win over what the caller knew
  const own = new Map<string, string>();
  for (const s of batch.servers ?? []) if (s.transportAddress) own.set(s.transportAddress, s.address);
  const resolve = own.size ? (a: string) => own.get(a) ?? serverOf(a) : serverOf;
  const heartbeats: HeartbeatRow[] = [];
  const servers = new Map<string, ServerSighting>();
  const apps = new Map<number, AppSighting>();
  const claims: BindingClaim[] = [];

  const seeApp = (appId: number, appName: string | null, runningInstances: number | null, at: number) => {
    const prev = apps.get(appId);
    if (!prev || prev.seenAt <= at) {
      apps.set(appId, {
        appId,
        appName: appName ?? prev?.appName ?? null,
        runningInstances: runningInstances ?? prev?.runningInstances ?? null,
        seenAt: at,
      });
    } else if (!prev.appName && appName) prev.appName = appName;
  };

  for (const s of batch.servers ?? []) {
    const at = toEpochMs(s.observedAt);
    servers.set(s.address, {
      address: s.address,
      observedAt: at,
      status: s.status,
      reason: orNull(s.reason),
      serverId: orNull(s.serverId),
      version: orNull(s.version),
      transportAddress: orNull(s.transportAddress),
      snapshot: true,
    });
    for (const app of s.apps ?? []) {
      seeApp(app.appId, orNull(app.appName), orNull(app.runningInstances), at);
      const workers = app.workers ?? [];
      // A server keeps heartbeat state for apps it lost until its cleanup runs (powerjob.md §3), so
      // only a listed app with a worker active in the last 60 s (or no worker list at all) is a claim.
      const live = workers.some((w) => at - toEpochMs(w.lastActiveTime) < WORKER_TIMEOUT_MS);
      if (s.status === 'up' && (workers.length === 0 ? app.workers === undefined : live)) {
        claims.push({ appId: app.appId, serverAddress: s.address, at, reason: `listed by ${s.address}` });
      }
      for (const w of workers) {
        heartbeats.push({
          appId: app.appId,
          address: w.address,
          appName: orNull(app.appName),
          serverAddress: s.address,
          heartbeatAt: toEpochMs(w.lastActiveTime),
          version: orNull(w.version),
          protocol: orNull(w.protocol),
          tag: orNull(w.tag),
          client: orNull(w.client),
          overloading: orNull(w.overloading),
          lightTaskTrackerNum: orNull(w.lightTaskTrackerNum),
          heavyTaskTrackerNum: orNull(w.heavyTaskTrackerNum),
          ...metricColumns(w.systemMetrics),
        });
      }
    }
  }

  for (const h of batch.heartbeats ?? []) {
    const at = toEpochMs(h.heartbeatTime);
    const serverAddress = resolve(h.serverAddress);
    seeApp(h.appId, h.appName, null, at);
    const prev = servers.get(serverAddress);
    if (!prev) {
      servers.set(serverAddress, {
        address: serverAddress,
        observedAt: at,
        status: 'unknown',
        reason: null,
        serverId: null,
        version: null,
        transportAddress: null,
        snapshot: false,
      });
    } else if (!prev.snapshot && prev.observedAt < at) prev.observedAt = at;
    heartbeats.push({
      appId: h.appId,
      address: h.workerAddress,
      appName: h.appName,
      serverAddress,
      heartbeatAt: at,
      version: orNull(h.version),
      protocol: orNull(h.protocol),
      tag: orNull(h.tag),
      client: orNull(h.client),
      overloading: orNull(h.isOverload),
      lightTaskTrackerNum: orNull(h.lightTaskTrackerNum),
      heavyTaskTrackerNum: orNull(h.heavyTaskTrackerNum),
      ...metricColumns(h.systemMetrics),
    });
  }

  return { heartbeats, servers: [...servers.values()], apps: [...apps.values()], claims };
}

export interface CurrentBinding {
  appId: number;
  serverAddress: string;
  observedAt: number;
}

export interface BindingChange {
  appId: number;
  fromServer: string | null;
  toServer: string;
  at: number;
  reason: string;
}

/**
 * Which claims change a binding. The newest claim per app wins; a claim older than what the binding
 * was last confirmed at cannot undo it. Claims that confirm the owner only refresh `observedAt`.
 */
export function reconcileBindings(
  current: readonly CurrentBinding[],
  claims: readonly BindingClaim[],
): { changes: BindingChange[]; confirmed: { appId: number; at: number }[] } {
  const byApp = new Map(current.map((b) => [b.appId, b]));
  const newest = new Map<number, BindingClaim>();
  for (const c of claims) {
    const prev = newest.get(c.appId);
    if (!prev || c.at > prev.at) newest.set(c.appId, c);
  }
  const changes: BindingChange[] = [];
  const confirmed: { appId: number; at: number }[] = [];
  for (const claim of newest.values()) {
    const b = byApp.get(claim.appId);
    if (!b) {
      changes.push({ appId: claim.appId, fromServer: null, toServer: claim.serverAddress, at: claim.at, reason: `first seen: ${claim.reason}` });
    } else if (b.serverAddress === claim.serverAddress) {
      if (claim.at > b.observedAt) confirmed.push({ appId: claim.appId, at: claim.at });
    } else if (claim.at > b.observedAt) {
      changes.push({ appId: claim.appId, fromServer: b.serverAddress, toServer: claim.serverAddress, at: claim.at, reason: claim.reason });
    }
  }
  return { changes, confirmed };
}

/**
 * The owner an app's workers point at: the server most of its live workers heartbeat to. A tie keeps
 * the current owner, so workers drifting over one by one do not flip the binding back and forth.
 */
export function ownerByHeartbeats(
  workerServers: readonly string[],
  currentOwner: string | null,
): string | null {
  if (workerServers.length === 0) return null;
  const counts = new Map<string, number>();
  for (const s of workerServers) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = -1;
  for (const [server, n] of counts) {
    if (n > bestCount || (n === bestCount && server === currentOwner)) {
      best = server;
      bestCount = n;
    }
  }
  if (currentOwner && counts.get(currentOwner) === bestCount) return currentOwner;
  return best;
}

export type Freshness = 'fresh' | 'stale';

/** Data older than `staleAfterMs` is stale: shown as such, never as healthy. */
export function freshness(lastSeenAt: number, now: number, staleAfterMs: number): Freshness {
  return now - lastSeenAt > staleAfterMs ? 'stale' : 'fresh';
}

export type ServerHealth = 'up' | 'down' | 'unknown' | 'stale';

export function serverHealth(
  reported: 'up' | 'down' | 'unknown',
  lastSeenAt: number,
  now: number,
  staleAfterMs: number,
): ServerHealth {
  return freshness(lastSeenAt, now, staleAfterMs) === 'stale' ? 'stale' : reported;
}

export function workerHealth(heartbeatAt: number, now: number): 'live' | 'offline' {
  return now - heartbeatAt >= WORKER_TIMEOUT_MS ? 'offline' : 'live';
}
