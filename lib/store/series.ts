// The background work on stored data: folding the heartbeat log into worker state and bindings,
// sampling each server, rolling samples up to 1 minute and 1 hour, and enforcing retention.
import { ownerByHeartbeats, WORKER_TIMEOUT_MS, type BindingClaim } from '../domain/observations.ts';
import { reconcileBindings } from '../domain/observations.ts';
import type { SqlClient } from './db.ts';
import { applyBindingChanges } from './bindings.ts';

const WORKER_COLUMNS = `app_id, address, app_name, server_address, heartbeat_at, received_at, version, protocol, tag,
  client, overloading, light_task_tracker_num, heavy_task_tracker_num, cpu_processors, cpu_load,
  jvm_used_memory, jvm_max_memory, jvm_memory_usage, disk_used, disk_total, disk_usage, score`;

const WORKER_UPDATES = WORKER_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'app_id' && c !== 'address')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

/** Folds heartbeats past the watermark into `workers`, then re-derives the touched apps' owners. */
export async function foldHeartbeats(client: SqlClient, now: Date): Promise<{ heartbeats: number; bindingChanges: number }> {
  return client.transaction(async (tx) => {
    const [state] = await tx.query<{ seq: string }>('select seq from heartbeat_fold where id = 1 for update');
    const from = Number(state!.seq);
    const [top] = await tx.query<{ max: string | null; n: string }>(
      'select max(seq) as max, count(*) as n from worker_heartbeats where seq > $1',
      [from],
    );
    if (!top?.max) return { heartbeats: 0, bindingChanges: 0 };
    const to = Number(top.max);
    // The row with the newest heartbeat per worker (the last received of those), found by hashing
    // keys rather than sorting wide rows. Not simply the last received: one collection round holds a
    // worker twice when its old owner still lists it (a server owning no app skips its cleanData,
    // powerjob.md §7.5), and the old owner listed after the new one made the worker's state that stale
    // heartbeat, offline, with the fresh one never folded: a drain's moves to it were "not seen". The
    // guard keeps a worker's state from going back in time when heartbeats arrive out of order.
    const touched = await tx.query<{ app_id: string }>(
      `with newest as (
         select app_id, address, max(heartbeat_at) as heartbeat_at from worker_heartbeats where seq > $1 and seq <= $2 group by app_id, address
       ), latest as (
         select max(h.seq) as seq from worker_heartbeats h join newest n using (app_id, address)
         where h.seq > $1 and h.seq <= $2 and h.heartbeat_at = n.heartbeat_at group by h.app_id, h.address
       )
       insert into workers (${WORKER_COLUMNS})
       select ${WORKER_COLUMNS} from worker_heartbeats h
       where h.seq > $1 and h.seq <= $2 and h.seq in (select seq from latest)
       on conflict (app_id, address) do update set ${WORKER_UPDATES}
       where workers.heartbeat_at <= excluded.heartbeat_at
       returning app_id`,
      [from, to],
    );
    const apps = [...new Set(touched.map((r) => r.app_id))];
    // Owners from heartbeats: where most of each touched app's live workers send them.
    const live = await tx.query<{ app_id: string; server_address: string; current: string | null; observed_at: Date | null }>(
      `select w.app_id, w.server_address, b.server_address as current, b.observed_at
       from workers w left join bindings b on b.app_id = w.app_id
       where w.app_id = any($1::bigint[]) and w.heartbeat_at > $2`,
      [apps, new Date(now.getTime() - WORKER_TIMEOUT_MS)],
    );
    const perApp = new Map<number, { servers: string[]; current: string | null; observedAt: number }>();
    for (const r of live) {
      const id = Number(r.app_id);
      const e = perApp.get(id) ?? { servers: [], current: r.current, observedAt: r.observed_at ? new Date(r.observed_at).getTime() : 0 };
      e.servers.push(r.server_address);
      perApp.set(id, e);
    }
    const claims: BindingClaim[] = [];
    const current = [];
    for (const [appId, e] of perApp) {
      const owner = ownerByHeartbeats(e.servers, e.current);
      if (!owner) continue;
      claims.push({ appId, serverAddress: owner, at: Math.max(now.getTime(), e.observedAt + 1), reason: `its workers heartbeat to ${owner}` });
      if (e.current) current.push({ appId, serverAddress: e.current, observedAt: e.observedAt });
    }
    const { changes, confirmed } = reconcileBindings(current, claims);
    await applyBindingChanges(tx, changes, confirmed);
    await tx.query('update heartbeat_fold set seq = $1 where id = 1', [to]);
    return { heartbeats: Number(top.n), bindingChanges: changes.length };
  });
}

/** One raw sample per known server, computed from the current model. */
export async function sampleServers(
  client: SqlClient,
  now: Date,
  options: { staleAfterMs: number; intervalMs: number },
): Promise<number> {
  const rows = await client.query(
    `insert into server_samples (server_address, ts, status, apps_owned, workers_connected, running_instances,
                                 heartbeats_per_s, avg_score, data_age_s)
     select s.address, $1::timestamptz,
            case when s.last_seen_at < $1::timestamptz - make_interval(secs => $2::float8 / 1000) then 'stale' else s.status end,
            coalesce(b.apps, 0), coalesce(w.workers, 0), coalesce(b.running, 0),
            coalesce(h.n, 0)::real / greatest($3::float8 / 1000, 1), w.avg_score,
            extract(epoch from ($1::timestamptz - s.last_seen_at))
     from servers s
     left join (select b.server_address, count(*) as apps, sum(coalesce(a.running_instances, 0)) as running
                from bindings b left join apps a on a.app_id = b.app_id group by b.server_address) b
       on b.server_address = s.address
     left join (select server_address, count(*) as workers, avg(score) as avg_score from workers
                where heartbeat_at > $1::timestamptz - make_interval(secs => $4::float8 / 1000) group by server_address) w
       on w.server_address = s.address
     left join (select server_address, count(*) as n from worker_heartbeats
                where received_at > $1::timestamptz - make_interval(secs => $3::float8 / 1000) group by server_address) h
       on h.server_address = s.address
     on conflict (server_address, ts) do nothing
     returning server_address`,
    [now, options.staleAfterMs, options.intervalMs, WORKER_TIMEOUT_MS],
  );
  return rows.length;
}

const ROLLUP_UPDATE = `samples = excluded.samples, up_samples = excluded.up_samples,
  apps_owned_avg = excluded.apps_owned_avg, apps_owned_max = excluded.apps_owned_max,
  workers_connected_avg = excluded.workers_connected_avg, workers_connected_max = excluded.workers_connected_max,
  running_instances_avg = excluded.running_instances_avg, running_instances_max = excluded.running_instances_max,
  heartbeats_per_s_avg = excluded.heartbeats_per_s_avg, avg_score = excluded.avg_score,
  data_age_s_max = excluded.data_age_s_max`;

/**
 * Recomputes every bucket from the newest existing one up to now: idempotent, and it catches up
 * after the process was down. Buckets of the 1-hour table are weighted by their sample counts.
 */
export async function rollup(client: SqlClient, now: Date): Promise<{ minutes: number; hours: number }> {
  const minutes = await client.query(
    `insert into server_samples_1m
     select server_address, date_trunc('minute', ts), count(*), count(*) filter (where status = 'up'),
            avg(apps_owned), max(apps_owned), avg(workers_connected), max(workers_connected),
            avg(running_instances), max(running_instances), avg(heartbeats_per_s), avg(avg_score), max(data_age_s)
     from server_samples
     where ts >= coalesce((select max(bucket) from server_samples_1m), '-infinity') and ts <= $1
     group by 1, 2
     on conflict (server_address, bucket) do update set ${ROLLUP_UPDATE}
     returning bucket`,
    [now],
  );
  const hours = await client.query(
    `insert into server_samples_1h
     select server_address, date_trunc('hour', bucket), sum(samples), sum(up_samples),
            sum(apps_owned_avg * samples) / sum(samples), max(apps_owned_max),
            sum(workers_connected_avg * samples) / sum(samples), max(workers_connected_max),
            sum(running_instances_avg * samples) / sum(samples), max(running_instances_max),
            sum(heartbeats_per_s_avg * samples) / sum(samples),
            sum(avg_score * samples) / nullif(sum(samples) filter (where avg_score is not null), 0),
            max(data_age_s_max)
     from server_samples_1m
     where bucket >= coalesce((select max(bucket) from server_samples_1h), '-infinity') and bucket <= $1
     group by 1, 2
     on conflict (server_address, bucket) do update set ${ROLLUP_UPDATE}
     returning bucket`,
    [now],
  );
  return { minutes: minutes.length, hours: hours.length };
}

export interface Retention {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
  heartbeatLogMs: number;
  batchIdsMs: number;
}

/** Deletes what is older than each resolution keeps; returns rows deleted per table. */
export async function enforceRetention(client: SqlClient, now: Date, r: Retention): Promise<Record<string, number>> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const count = async (text: string, params: unknown[]) => {
    const [row] = await client.query<{ n: string }>(`with d as (${text} returning 1) select count(*) as n from d`, params);
    return Number(row?.n ?? 0);
  };
  return {
    server_samples: await count('delete from server_samples where ts < $1', [before(r.rawMs)]),
    server_samples_1m: await count('delete from server_samples_1m where bucket < $1', [before(r.minuteMs)]),
    server_samples_1h: await count('delete from server_samples_1h where bucket < $1', [before(r.hourMs)]),
    binding_changes: await count('delete from binding_changes where changed_at < $1', [before(r.hourMs)]),
    // Only folded heartbeats go; unfolded ones still carry the latest worker state.
    worker_heartbeats: await count(
      'delete from worker_heartbeats where received_at < $1 and seq <= (select seq from heartbeat_fold where id = 1)',
      [before(r.heartbeatLogMs)],
    ),
    workers: await count('delete from workers where heartbeat_at < $1', [before(r.rawMs)]),
    ingest_batches: await count('delete from ingest_batches where received_at < $1', [before(r.batchIdsMs)]),
  };
}
