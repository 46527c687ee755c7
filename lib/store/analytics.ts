// Queries behind the analytics pages: per-bucket server rollups for fairness series, binding
// change counts for markers, and paged, sorted, filtered lists of apps and workers.
import { WORKER_TIMEOUT_MS } from '../domain/observations.ts';
import type { BucketRow, Resolution } from '../domain/series.ts';
import type { SqlClient } from './db.ts';
import { workerOfRow, type AppView, type WorkerStateRow, type WorkerView } from './cluster.ts';

export async function fleetBuckets(client: SqlClient, resolution: Resolution, from: Date, to: Date): Promise<BucketRow[]> {
  const rows =
    resolution === 'raw'
      ? await client.query<Record<string, unknown>>(
          `select ts as at, server_address, 1 as samples, (status = 'up')::int as up_samples, apps_owned,
                  workers_connected, running_instances, coalesce(avg_score, 0) * workers_connected as capacity
           from server_samples where ts >= $1 and ts < $2`,
          [from, to],
        )
      : await client.query<Record<string, unknown>>(
          `select bucket as at, server_address, samples, up_samples, apps_owned_avg as apps_owned,
                  workers_connected_avg as workers_connected, running_instances_avg as running_instances,
                  coalesce(avg_score, 0) * workers_connected_avg as capacity
           from ${resolution === '1m' ? 'server_samples_1m' : 'server_samples_1h'} where bucket >= $1 and bucket < $2`,
          [from, to],
        );
  return rows.map((r) => ({
    at: new Date(r.at as string).getTime(),
    server: r.server_address as string,
    samples: Number(r.samples),
    upSamples: Number(r.up_samples),
    appsOwned: Number(r.apps_owned),
    workersConnected: Number(r.workers_connected),
    runningInstances: Number(r.running_instances),
    capacity: Number(r.capacity),
  }));
}

/** Binding changes per bucket in a range: the "apps moved" markers. */
export async function bindingChangeBuckets(client: SqlClient, from: Date, to: Date, bucketMs: number): Promise<{ t: number; count: number }[]> {
  const rows = await client.query<{ b: string; n: string }>(
    `select floor(extract(epoch from changed_at) * 1000 / $3)::bigint as b, count(*) as n
     from binding_changes where changed_at >= $1 and changed_at < $2 group by 1 order by 1`,
    [from, to, bucketMs],
  );
  return rows.map((r) => ({ t: Number(r.b) * bucketMs, count: Number(r.n) }));
}

export interface PageQuery {
  page: number;
  pageSize: number;
  sort: string;
  order: 'asc' | 'desc';
  q?: string;
  server?: string;
}

export interface WorkerQuery extends PageQuery {
  tag?: string;
  version?: string;
  status?: 'live' | 'offline';
  app?: string;
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
}

/** An IPv4 address (with its port) as an array of numbers to sort by; null for a host name. */
export const NUMERIC_ADDRESS = `(case when address ~ '^[0-9]{1,3}([.][0-9]{1,3}){3}(:[0-9]{1,5})?$' then string_to_array(replace(address, ':', '.'), '.')::bigint[] end)`;
export const WORKER_SORTS = { address: 'address', app: 'app_name', server: 'server_address', heartbeat: 'heartbeat_at', version: 'version', tag: 'tag', score: 'score', cpuLoad: 'cpu_load' } as const;
export const APP_SORTS = { name: 'app_name', appId: 'app_id', server: 'server_address', workers: 'live', running: 'running_instances', since: 'since' } as const;

/** Builds "where" clauses with numbered parameters. */
function where() {
  const clauses: string[] = [];
  const params: unknown[] = [];
  return {
    add(sql: (p: (v: unknown) => string) => string) {
      clauses.push(sql((v) => `$${params.push(v)}`));
    },
    sql: () => (clauses.length ? `where ${clauses.join(' and ')}` : ''),
    params,
  };
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function queryWorkers(client: SqlClient, now: Date, query: WorkerQuery, all = false): Promise<Page<WorkerView>> {
  const w = where();
  const cutoff = new Date(now.getTime() - WORKER_TIMEOUT_MS);
  const q = query.q;
  if (q) w.add((p) => `(address ilike ${p(like(q))} or app_name ilike ${p(like(q))})`);
  if (query.server) w.add((p) => `server_address = ${p(query.server)}`);
  if (query.tag) w.add((p) => `tag = ${p(query.tag)}`);
  if (query.version) w.add((p) => `version = ${p(query.version)}`);
  if (query.app) w.add((p) => `app_name = ${p(query.app)}`);
  if (query.status === 'live') w.add((p) => `heartbeat_at > ${p(cutoff)}`);
  if (query.status === 'offline') w.add((p) => `heartbeat_at <= ${p(cutoff)}`);
  const order = query.order === 'desc' ? 'desc' : 'asc';
  const column = WORKER_SORTS[query.sort as keyof typeof WORKER_SORTS] ?? 'address';
  // addresses in numeric order (10.1.0.2 before 10.1.0.19), IPv4 ones by their numbers, others as text
  const sort = column === 'address' ? `${NUMERIC_ADDRESS} ${order} nulls last, address` : column;
  const [count] = await client.query<{ n: string }>(`select count(*) as n from worker_state ${w.sql()}`, w.params);
  const limit = all ? '' : `limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`;
  const rows = await client.query<WorkerStateRow>(
    `select * from worker_state ${w.sql()} order by ${sort} ${order} nulls last, app_id, address ${limit}`,
    w.params,
  );
  return {
    total: Number(count!.n),
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map((r) => workerOfRow(r, now)),
  };
}

/** What a placement or a cohort needs to know of a worker. */
export interface RosterWorker {
  appId: number;
  appName: string | null;
  address: string;
  serverAddress: string;
  tag: string | null;
  version: string | null;
}

/**
 * Every worker's app, address, server, tag and version, as of now (worker_state), the live ones
 * only unless `all`: what the preview, the rollout controller and the overlap check read for a
 * whole cluster. One aggregated row instead of a row per worker: with 20,000 workers this reads in
 * about a fifth of the time of queryWorkers(all), which builds every column of every row.
 */
export async function workerRoster(client: SqlClient, now: Date, all = false): Promise<RosterWorker[]> {
  const cutoff = all ? new Date(0) : new Date(now.getTime() - WORKER_TIMEOUT_MS);
  const [row] = await client.query<{ w: string | null }>(
    `select json_agg(json_build_array(app_id, app_name, address, server_address, tag, version) order by app_id, address)::text as w
     from worker_state where heartbeat_at > $1`,
    [cutoff],
  );
  const list = row?.w ? (JSON.parse(row.w) as [number | string, string | null, string, string, string | null, string | null][]) : [];
  return list.map(([appId, appName, address, serverAddress, tag, version]) => ({ appId: Number(appId), appName, address, serverAddress, tag, version }));
}

export async function queryApps(client: SqlClient, now: Date, staleAfterMs: number, query: PageQuery, all = false): Promise<Page<AppView>> {
  const w = where();
  const q = query.q;
  if (q) w.add((p) => `(app_name ilike ${p(like(q))} or app_id::text = ${p(q)})`);
  if (query.server) w.add((p) => `server_address = ${p(query.server)}`);
  const sort = APP_SORTS[query.sort as keyof typeof APP_SORTS] ?? 'app_name';
  const order = query.order === 'desc' ? 'desc' : 'asc';
  const base = `
    select a.app_id, a.app_name, a.running_instances, a.last_seen_at, b.server_address, b.since,
           coalesce(wk.live, 0) as live, coalesce(wk.total, 0) as total, coalesce(c.servers, '{}') as claimed_by
    from apps a
    left join bindings b on b.app_id = a.app_id
    left join (select app_id, count(*) filter (where heartbeat_at > $1) as live, count(*) as total
               from workers group by app_id) wk on wk.app_id = a.app_id
    left join (select app_id, array_agg(server_address order by server_address) as servers from server_claims
               where observed_at > $2 group by app_id) c on c.app_id = a.app_id`;
  const params = [new Date(now.getTime() - WORKER_TIMEOUT_MS), new Date(now.getTime() - staleAfterMs)];
  // the filter's parameters come after the two above
  const filter = w.sql().replace(/\$(\d+)/g, (_, n) => `$${Number(n) + 2}`);
  const [count] = await client.query<{ n: string }>(`select count(*) as n from (${base}) x ${filter}`, [...params, ...w.params]);
  const limit = all ? '' : `limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`;
  const rows = await client.query<Record<string, unknown>>(
    `select * from (${base}) x ${filter} order by ${sort} ${order} nulls last, app_id ${limit}`,
    [...params, ...w.params],
  );
  return {
    total: Number(count!.n),
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map((r) => ({
      appId: Number(r.app_id),
      appName: (r.app_name as string | null) ?? null,
      serverAddress: (r.server_address as string | null) ?? null,
      boundSince: r.since ? new Date(r.since as string).toISOString() : null,
      workersLive: Number(r.live),
      workersTotal: Number(r.total),
      runningInstances: r.running_instances === null ? null : Number(r.running_instances),
      lastSeenAt: new Date(r.last_seen_at as string).toISOString(),
      claimedBy: r.claimed_by as string[],
    })),
  };
}

export interface FairnessBucket {
  t: number;
  n: number;
  jain: number;
  cv: number;
  maxMean: number;
  gini: number;
}

export interface StatusChange {
  t: number;
  server: string;
  up: boolean;
}

/**
 * Fairness per bucket computed inside the database: the same formulas as lib/domain/fairness.ts
 * (a test holds the two to the same numbers), so a 24-hour range returns 1,440 rows instead of
 * 72,000. Servers up for less than half a bucket's samples are left out, as in fairnessSeries().
 */
export async function fairnessBuckets(
  client: SqlClient,
  resolution: Resolution,
  from: Date,
  to: Date,
  bucketMs: number,
  measure: 'apps' | 'workers' | 'running' | 'capacity' | 'mix',
  mix: { apps: number; workers: number; running: number },
): Promise<{ buckets: FairnessBucket[]; changes: StatusChange[] }> {
  const source =
    resolution === 'raw'
      ? `select ts as at, server_address, 1 as samples, (status = 'up')::int as up_samples, apps_owned::float8 as apps,
                workers_connected::float8 as workers, running_instances::float8 as running,
                coalesce(avg_score, 0) * workers_connected as capacity
         from server_samples where ts >= $1 and ts < $2`
      : `select bucket as at, server_address, samples, up_samples, apps_owned_avg::float8 as apps,
                workers_connected_avg::float8 as workers, running_instances_avg::float8 as running,
                coalesce(avg_score, 0) * workers_connected_avg as capacity
         from ${resolution === '1m' ? 'server_samples_1m' : 'server_samples_1h'} where bucket >= $1 and bucket < $2`;
  // the mix: 100 × Σ weight × (server's share of the quantity) / Σ weights of quantities present
  const part = (q: string, w: number) => `case when sum(${q}) over b > 0 then ${w} * ${q} / sum(${q}) over b else 0 end`;
  const present = (q: string, w: number) => `case when sum(${q}) over b > 0 then ${w} else 0 end`;
  const x =
    measure === 'mix'
      ? `100 * (${part('apps', mix.apps)} + ${part('workers', mix.workers)} + ${part('running', mix.running)})
           / nullif(${present('apps', mix.apps)} + ${present('workers', mix.workers)} + ${present('running', mix.running)}, 0)`
      : measure;
  const buckets = await client.query<{ t: string; n: number; s: number; s2: number; mx: number; g: number }>(
    `with src as (${source}),
     per_server as (
       -- one row per server and bucket, averaged by sample count when the bucket spans several rows
       select floor(extract(epoch from at) * 1000 / $3)::bigint as k, server_address,
              sum(samples) as samples, sum(up_samples) as up_samples,
              sum(apps * samples) / nullif(sum(samples), 0) as apps, sum(workers * samples) / nullif(sum(samples), 0) as workers,
              sum(running * samples) / nullif(sum(samples), 0) as running, sum(capacity * samples) / nullif(sum(samples), 0) as capacity
       from src group by 1, 2
     ),
     up as (select * from per_server where up_samples * 2 >= samples and samples > 0),
     loads as (select k, coalesce(${x}, 0) as x from up window b as (partition by k)),
     ranked as (select k, x, row_number() over (partition by k order by x) as r, count(*) over (partition by k) as n from loads)
     select k * $3 as t, count(*)::int as n, sum(x) as s, sum(x * x) as s2, max(x) as mx, sum((2 * r - n - 1) * x) as g
     from ranked group by k order by k`,
    [from, to, bucketMs],
  );
  const changes = await client.query<{ t: string; server_address: string; up: boolean }>(
    `with src as (${source}),
     flags as (
       select floor(extract(epoch from at) * 1000 / $3)::bigint as k, server_address, sum(up_samples) * 2 >= sum(samples) and sum(samples) > 0 as up
       from src group by 1, 2
     ),
     seq as (select k, server_address, up, lag(up) over (partition by server_address order by k) as was,
                    lag(k) over (partition by server_address order by k) as prev from flags)
     select k * $3 as t, server_address, up from seq where was is not null and was <> up and prev = k - 1 order by k`,
    [from, to, bucketMs],
  );
  return {
    buckets: buckets.map((b) => {
      const n = Number(b.n);
      const s = Number(b.s);
      const s2 = Number(b.s2);
      if (s === 0) return { t: Number(b.t), n, jain: 1, cv: 0, maxMean: 1, gini: 0 };
      const mean = s / n;
      return {
        t: Number(b.t),
        n,
        jain: (s * s) / (n * s2),
        cv: Math.sqrt(Math.max(0, s2 / n - mean * mean)) / mean,
        maxMean: Number(b.mx) / mean,
        gini: Number(b.g) / (n * s),
      };
    }),
    changes: changes.map((c) => ({ t: Number(c.t), server: c.server_address, up: c.up })),
  };
}

export interface BindingRow {
  appId: number;
  appName: string | null;
  serverAddress: string | null;
  runningInstances: number | null;
  workersLive: number;
}

/** The app -> server binding view of the Overview: only what it draws, in one light query. */
/** Apps that more than one server claims now (split brain), with the servers, by app id. */
export async function splitApps(client: SqlClient, now: Date, staleAfterMs: number): Promise<{ appId: number; appName: string | null; servers: string[] }[]> {
  const rows = await client.query<{ app_id: string; app_name: string | null; servers: string[] }>(
    `select c.app_id, a.app_name, c.servers from
       (select app_id, array_agg(server_address order by server_address) as servers from server_claims
        where observed_at > $1 group by app_id having count(*) > 1) c
     left join apps a on a.app_id = c.app_id order by c.app_id`,
    [new Date(now.getTime() - staleAfterMs)],
  );
  return rows.map((r) => ({ appId: Number(r.app_id), appName: r.app_name, servers: r.servers }));
}

export async function bindingRows(client: SqlClient, now: Date): Promise<BindingRow[]> {
  const rows = await client.query<{ app_id: string; app_name: string | null; server_address: string | null; running_instances: number | null; live: string | null }>(
    `select a.app_id, a.app_name, b.server_address, a.running_instances, w.live
     from apps a
     left join bindings b on b.app_id = a.app_id
     left join (select app_id, count(*) as live from workers where heartbeat_at > $1 group by app_id) w on w.app_id = a.app_id`,
    [new Date(now.getTime() - WORKER_TIMEOUT_MS)],
  );
  return rows.map((r) => ({
    appId: Number(r.app_id),
    appName: r.app_name,
    serverAddress: r.server_address,
    runningInstances: r.running_instances === null ? null : Number(r.running_instances),
    workersLive: Number(r.live ?? 0),
  }));
}
