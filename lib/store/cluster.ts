// Reading the cluster model for the console and the operator API.
import { and, desc, eq, or } from 'drizzle-orm';
import { serverHealth, workerHealth, WORKER_TIMEOUT_MS, type ServerHealth } from '../domain/observations.ts';
import type { SqlClient } from './db.ts';
import { bindingChanges } from './schema.ts';
import { num, type Int8, type Timestamp } from './rows.ts';

export interface ServerView {
  address: string;
  health: ServerHealth;
  reportedStatus: 'up' | 'down' | 'unknown';
  statusReason: string | null;
  version: string | null;
  transportAddress: string | null;
  weight: number;
  zone: string | null;
  source: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  dataAgeS: number;
  appsOwned: number;
  workersConnected: number;
  runningInstances: number;
  /** Σ score of the live workers connected (their reported free capacity) */
  capacity: number;
  /** who confirmed it may be delivered to workers and moved to ('collector', 'upgrade', an operator); null: unconfirmed (only ingest batches named it) */
  confirmedBy: string | null;
  /** 0016: cordoned (no move target, delivered last) by whom, since when, why; null when not */
  cordon: { by: string; at: string; reason: string | null } | null;
}

export interface AppView {
  appId: number;
  appName: string | null;
  serverAddress: string | null;
  boundSince: string | null;
  workersLive: number;
  workersTotal: number;
  runningInstances: number | null;
  lastSeenAt: string;
  /** Servers whose latest snapshot claims this app; two or more is a split brain. */
  claimedBy: string[];
}

export interface WorkerView {
  appId: number;
  appName: string | null;
  address: string;
  serverAddress: string;
  health: 'live' | 'offline';
  heartbeatAt: string;
  version: string | null;
  protocol: string | null;
  tag: string | null;
  overloading: boolean | null;
  cpuProcessors: number | null;
  cpuLoad: number | null;
  jvmMemoryUsage: number | null;
  diskUsage: number | null;
  score: number | null;
}

export interface ClusterSummary {
  servers: number;
  serversUp: number;
  serversStale: number;
  apps: number;
  appsBound: number;
  /** counts of the folded worker state (within the 5 s fold interval) */
  workers: number;
  workersLive: number;
  /** exact: whether any worker was ever heard of, folded or not */
  anyWorkers: boolean;
  lastDataAt: string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * Servers with their counts. Worker counts come from the folded worker state (the fold runs every
 * 5 s), which is much cheaper than the exact `worker_state` view; worker lists use the exact view.
 */
export async function listServers(client: SqlClient, now: Date, staleAfterMs: number): Promise<ServerView[]> {
  const rows = await client.query<Record<string, unknown>>(
    `select s.*, coalesce(b.apps, 0) as apps_owned, coalesce(b.running, 0) as running_instances,
            coalesce(w.workers, 0) as workers_connected, coalesce(w.capacity, 0) as capacity
     from servers s
     left join (select b.server_address, count(*) as apps, sum(coalesce(a.running_instances, 0)) as running
                from bindings b left join apps a on a.app_id = b.app_id group by b.server_address) b
       on b.server_address = s.address
     left join (select server_address, count(*) as workers, sum(coalesce(score, 0)) as capacity from workers
                where heartbeat_at > $1 group by server_address) w on w.server_address = s.address
     order by s.address`,
    [new Date(now.getTime() - WORKER_TIMEOUT_MS)],
  );
  return rows.map((r) => {
    const lastSeen = new Date(r.last_seen_at as string);
    const reported = r.status as ServerView['reportedStatus'];
    return {
      address: r.address as string,
      health: serverHealth(reported, lastSeen.getTime(), now.getTime(), staleAfterMs),
      reportedStatus: reported,
      statusReason: (r.status_reason as string | null) ?? null,
      version: (r.version as string | null) ?? null,
      transportAddress: (r.transport_address as string | null) ?? null,
      weight: Number(r.weight),
      zone: (r.zone as string | null) ?? null,
      source: (r.source as string | null) ?? null,
      firstSeenAt: iso(r.first_seen_at as string)!,
      lastSeenAt: lastSeen.toISOString(),
      dataAgeS: Math.max(0, Math.round((now.getTime() - lastSeen.getTime()) / 1000)),
      appsOwned: Number(r.apps_owned),
      workersConnected: Number(r.workers_connected),
      runningInstances: Number(r.running_instances),
      capacity: Number(r.capacity),
      confirmedBy: (r.confirmed_by as string | null) ?? null,
      cordon: r.cordoned_by ? { by: r.cordoned_by as string, at: iso(r.cordoned_at as string)!, reason: (r.cordon_reason as string | null) ?? null } : null,
    };
  });
}

/**
 * What the assignment API needs of each server it may deliver (the confirmed ones: polled by the
 * collector or confirmed by an operator, never one only an ingest batch named), every few
 * seconds: its health and the apps it owns.
 * Lighter than listServers (no worker counts, which read every worker's row): on the embedded store
 * a query runs on the data plane's thread, so this one is kept small.
 */
export async function serversForAssignment(
  client: SqlClient,
  now: Date,
  staleAfterMs: number,
): Promise<{ address: string; weight: number; zone: string | null; health: ServerView['health']; appsOwned: number; cordoned: boolean }[]> {
  const rows = await client.query<{ address: string; weight: number; zone: string | null; status: string; last_seen_at: string; apps: string | null; cordoned: boolean }>(
    `select s.address, s.weight, s.zone, s.status, s.last_seen_at, b.apps, s.cordoned_by is not null as cordoned
     from servers s
     left join (select server_address, count(*) as apps from bindings group by server_address) b on b.server_address = s.address
     where s.confirmed_by is not null
     order by s.address`,
  );
  return rows.map((r) => ({
    address: r.address,
    weight: Number(r.weight),
    zone: r.zone ?? null,
    health: serverHealth(r.status as ServerView['reportedStatus'], new Date(r.last_seen_at).getTime(), now.getTime(), staleAfterMs),
    appsOwned: Number(r.apps ?? 0),
    cordoned: Boolean(r.cordoned),
  }));
}

/** Apps with their owner and worker counts (counts from the folded state, as in listServers). */
export async function listApps(client: SqlClient, now: Date, staleAfterMs: number): Promise<AppView[]> {
  const rows = await client.query<Record<string, unknown>>(
    `select a.app_id, a.app_name, a.running_instances, a.last_seen_at, b.server_address, b.since,
            coalesce(w.live, 0) as live, coalesce(w.total, 0) as total, coalesce(c.servers, '{}') as claimed_by
     from apps a
     left join bindings b on b.app_id = a.app_id
     left join (select app_id, array_agg(server_address order by server_address) as servers from server_claims
                where observed_at > $2 group by app_id) c on c.app_id = a.app_id
     left join (select app_id, count(*) filter (where heartbeat_at > $1) as live, count(*) as total
                from workers group by app_id) w on w.app_id = a.app_id
     order by coalesce(a.app_name, ''), a.app_id`,
    [new Date(now.getTime() - WORKER_TIMEOUT_MS), new Date(now.getTime() - staleAfterMs)],
  );
  return rows.map((r) => ({
    appId: Number(r.app_id),
    appName: (r.app_name as string | null) ?? null,
    serverAddress: (r.server_address as string | null) ?? null,
    boundSince: iso((r.since as string | null) ?? null),
    workersLive: Number(r.live),
    workersTotal: Number(r.total),
    runningInstances: r.running_instances === null ? null : Number(r.running_instances),
    lastSeenAt: iso(r.last_seen_at as string)!,
    claimedBy: r.claimed_by as string[],
  }));
}

/** A row of the worker_state view (the folded workers and the log's unfolded tail), on both drivers. */
export interface WorkerStateRow {
  app_id: Int8;
  app_name: string | null;
  address: string;
  server_address: string;
  heartbeat_at: Timestamp;
  version: string | null;
  protocol: string | null;
  tag: string | null;
  overloading: boolean | null;
  cpu_processors: Int8 | null;
  cpu_load: number | string | null;
  jvm_memory_usage: number | string | null;
  disk_usage: number | string | null;
  score: Int8 | null;
}

/** A worker as the console shows it, from its worker_state row; live or offline as of `now`. */
export function workerOfRow(r: WorkerStateRow, now: Date): WorkerView {
  const hb = new Date(r.heartbeat_at);
  return {
    appId: Number(r.app_id),
    appName: r.app_name ?? null,
    address: r.address,
    serverAddress: r.server_address,
    health: workerHealth(hb.getTime(), now.getTime()),
    heartbeatAt: hb.toISOString(),
    version: r.version ?? null,
    protocol: r.protocol ?? null,
    tag: r.tag ?? null,
    overloading: r.overloading ?? null,
    cpuProcessors: num(r.cpu_processors),
    cpuLoad: num(r.cpu_load),
    jvmMemoryUsage: num(r.jvm_memory_usage),
    diskUsage: num(r.disk_usage),
    score: num(r.score),
  };
}

export async function listWorkers(client: SqlClient, now: Date, options: { limit: number; appId?: number }): Promise<WorkerView[]> {
  const rows = await client.query<WorkerStateRow>(
    `select * from worker_state ${options.appId === undefined ? '' : 'where app_id = $2'}
     order by app_name nulls last, app_id, address limit $1`,
    options.appId === undefined ? [options.limit] : [options.limit, options.appId],
  );
  return rows.map((r) => workerOfRow(r, now));
}

export async function clusterSummary(client: SqlClient, now: Date, staleAfterMs: number): Promise<ClusterSummary> {
  const [r] = await client.query<Record<string, string | boolean | null>>(
    `select
       (select count(*) from servers) as servers,
       (select count(*) from servers where status = 'up' and last_seen_at >= $1) as servers_up,
       (select count(*) from servers where last_seen_at < $1) as servers_stale,
       (select count(*) from apps) as apps,
       (select count(*) from bindings) as apps_bound,
       (select count(*) from workers) as workers,
       (select count(*) from workers where heartbeat_at > $2) as workers_live,
       exists (select 1 from workers) or exists (select 1 from worker_heartbeats where seq > (select seq from heartbeat_fold where id = 1)) as any_workers,
       (select max(last_seen_at) from servers) as last_data_at`,
    [new Date(now.getTime() - staleAfterMs), new Date(now.getTime() - WORKER_TIMEOUT_MS)],
  );
  return {
    servers: Number(r!.servers),
    serversUp: Number(r!.servers_up),
    serversStale: Number(r!.servers_stale),
    apps: Number(r!.apps),
    appsBound: Number(r!.apps_bound),
    workers: Number(r!.workers),
    workersLive: Number(r!.workers_live),
    anyWorkers: Boolean(r!.any_workers),
    lastDataAt: iso((r!.last_data_at as string | null) ?? null),
  };
}

export interface BindingChangeView {
  appId: number;
  fromServer: string | null;
  toServer: string;
  changedAt: string;
  reason: string;
}

export async function listBindingChanges(
  client: SqlClient,
  options: { limit: number; appId?: number; server?: string },
): Promise<BindingChangeView[]> {
  const q = client.db.select().from(bindingChanges);
  const conditions = [
    options.appId === undefined ? undefined : eq(bindingChanges.appId, options.appId),
    options.server === undefined ? undefined : or(eq(bindingChanges.fromServer, options.server), eq(bindingChanges.toServer, options.server)),
  ].filter((c) => c !== undefined);
  const rows = await (conditions.length ? q.where(and(...conditions)) : q)
    .orderBy(desc(bindingChanges.changedAt), desc(bindingChanges.id))
    .limit(options.limit);
  return rows.map((r) => ({
    appId: r.appId,
    fromServer: r.fromServer,
    toServer: r.toServer,
    changedAt: r.changedAt.toISOString(),
    reason: r.reason,
  }));
}

/**
 * Forgets a server: its row goes (its samples, binding history and alert history stay, under its
 * address). Anything that reports it again (a source that lists it, a worker's heartbeat naming it)
 * brings it back. The caller checks that it is down or stale; null when there was no such server.
 */
export async function forgetServer(client: SqlClient, address: string): Promise<{ address: string } | null> {
  const [row] = await client.query<{ address: string }>('delete from servers where address = $1 returning address', [address]);
  return row ? { address: row.address } : null;
}

/** An operator confirms a server for delivery; the row before and after, or null when there is no such server. */
export async function confirmServer(client: SqlClient, address: string, by: string, now: Date): Promise<{ before: string | null; after: string } | null> {
  const [row] = await client.query<{ before: string | null; after: string }>(
    `update servers s set confirmed_by = coalesce(s.confirmed_by, $2), confirmed_at = coalesce(s.confirmed_at, $3::timestamptz)
     from servers old where s.address = $1 and old.address = s.address
     returning old.confirmed_by as before, s.confirmed_by as after`,
    [address, by, now.toISOString()],
  );
  return row ?? null;
}

/** transport address -> web address, for heartbeats reported against the address workers use. */
export async function transportAddressMap(client: SqlClient): Promise<Map<string, string>> {
  const rows = await client.query<{ address: string; transport_address: string }>(
    'select address, transport_address from servers where transport_address is not null',
  );
  return new Map(rows.map((r) => [r.transport_address, r.address]));
}

export type Resolution = 'raw' | '1m' | '1h';

export interface SeriesPoint {
  at: string;
  samples: number;
  upSamples: number;
  appsOwnedAvg: number;
  appsOwnedMax: number;
  workersConnectedAvg: number;
  workersConnectedMax: number;
  runningInstancesAvg: number;
  heartbeatsPerSAvg: number;
  avgScore: number | null;
  dataAgeSMax: number | null;
}

/** One server's series at one resolution, oldest first; a missing bucket is simply absent (a gap). */
export async function serverSeries(
  client: SqlClient,
  serverAddress: string,
  resolution: Resolution,
  from: Date,
  to: Date,
): Promise<SeriesPoint[]> {
  const rows =
    resolution === 'raw'
      ? await client.query<Record<string, unknown>>(
          `select ts as at, 1 as samples, (status = 'up')::int as up_samples, apps_owned as apps_owned_avg,
                  apps_owned as apps_owned_max, workers_connected as workers_connected_avg,
                  workers_connected as workers_connected_max, running_instances as running_instances_avg,
                  heartbeats_per_s as heartbeats_per_s_avg, avg_score, data_age_s as data_age_s_max
           from server_samples where server_address = $1 and ts >= $2 and ts < $3 order by ts`,
          [serverAddress, from, to],
        )
      : await client.query<Record<string, unknown>>(
          `select bucket as at, * from ${resolution === '1m' ? 'server_samples_1m' : 'server_samples_1h'}
           where server_address = $1 and bucket >= $2 and bucket < $3 order by bucket`,
          [serverAddress, from, to],
        );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    at: new Date(r.at as string).toISOString(),
    samples: Number(r.samples),
    upSamples: Number(r.up_samples),
    appsOwnedAvg: Number(r.apps_owned_avg),
    appsOwnedMax: Number(r.apps_owned_max),
    workersConnectedAvg: Number(r.workers_connected_avg),
    workersConnectedMax: Number(r.workers_connected_max),
    runningInstancesAvg: Number(r.running_instances_avg),
    heartbeatsPerSAvg: Number(r.heartbeats_per_s_avg),
    avgScore: num(r.avg_score),
    dataAgeSMax: num(r.data_age_s_max),
  }));
}
