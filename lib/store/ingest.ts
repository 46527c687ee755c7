// Storing an accepted ingest batch: all of it in one transaction, or none of it.
import type { IngestBatch } from '../domain/ingest-batch.ts';
import { observe, reconcileBindings, type HeartbeatRow, type Observations } from '../domain/observations.ts';
import type { SqlClient, SqlRunner, SqlTransaction } from './db.ts';
import { applyBindingChanges } from './bindings.ts';

const INGEST_LOCK = 7_700_002;

export interface IngestResult {
  batchId: string;
  accepted: { servers: number; heartbeats: number };
}

/** The answer to a batch, and whether it had been stored before (then nothing was stored now). */
export interface IngestOutcome {
  result: IngestResult;
  duplicate: boolean;
}

const HEARTBEAT_COLUMNS = [
  'received_at', 'app_id', 'address', 'app_name', 'server_address', 'heartbeat_at', 'version',
  'protocol', 'tag', 'client', 'overloading', 'light_task_tracker_num', 'heavy_task_tracker_num',
  'cpu_processors', 'cpu_load', 'jvm_used_memory', 'jvm_max_memory', 'jvm_memory_usage', 'disk_used',
  'disk_total', 'disk_usage', 'score',
] as const;

const HEARTBEAT_TYPES = [
  'timestamptz', 'bigint', 'text', 'text', 'text', 'timestamptz', 'text', 'text', 'text', 'text',
  'boolean', 'integer', 'integer', 'integer', 'float8', 'float8', 'float8', 'float8', 'float8',
  'float8', 'float8', 'integer',
] as const;

function heartbeatValues(h: HeartbeatRow, receivedAtIso: string): unknown[] {
  return [
    receivedAtIso, h.appId, h.address, h.appName, h.serverAddress, new Date(h.heartbeatAt).toISOString(),
    h.version, h.protocol, h.tag, h.client, h.overloading, h.lightTaskTrackerNum, h.heavyTaskTrackerNum,
    h.cpuProcessors, h.cpuLoad, h.jvmUsedMemory, h.jvmMaxMemory, h.jvmMemoryUsage, h.diskUsed,
    h.diskTotal, h.diskUsage, h.score,
  ];
}

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

async function appendHeartbeats(tx: SqlTransaction, rows: HeartbeatRow[], receivedAtIso: string): Promise<void> {
  if (rows.length === 0) return;
  if (tx.copyText) {
    let text = '';
    for (const h of rows) text += heartbeatValues(h, receivedAtIso).map(copyField).join('\t') + '\n';
    await tx.copyText('worker_heartbeats', HEARTBEAT_COLUMNS, text);
    return;
  }
  const columns: unknown[][] = HEARTBEAT_COLUMNS.map(() => []);
  for (const h of rows) heartbeatValues(h, receivedAtIso).forEach((v, i) => columns[i]!.push(v));
  const params = HEARTBEAT_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  await tx.query(
    `insert into worker_heartbeats (${HEARTBEAT_COLUMNS.join(', ')}) select * from unnest(${params})`,
    columns,
  );
}

async function upsertServers(tx: SqlRunner, obs: Observations, source: string | null) {
  for (const s of obs.servers) {
    const at = new Date(s.observedAt);
    if (s.snapshot) {
      await tx.query(
        `insert into servers (address, transport_address, server_id, version, status, status_reason, source,
                              first_seen_at, last_seen_at, last_snapshot_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8)
         on conflict (address) do update set
           transport_address = coalesce(excluded.transport_address, servers.transport_address),
           server_id = coalesce(excluded.server_id, servers.server_id),
           version = coalesce(excluded.version, servers.version),
           status = case when servers.last_snapshot_at is null or servers.last_snapshot_at <= excluded.last_snapshot_at
                         then excluded.status else servers.status end,
           status_reason = case when servers.last_snapshot_at is null or servers.last_snapshot_at <= excluded.last_snapshot_at
                         then excluded.status_reason else servers.status_reason end,
           source = coalesce(excluded.source, servers.source),
           last_seen_at = greatest(servers.last_seen_at, excluded.last_seen_at),
           last_snapshot_at = greatest(servers.last_snapshot_at, excluded.last_snapshot_at)`,
        [s.address, s.transportAddress, s.serverId, s.version, s.status, s.reason, source, at],
      );
    } else {
      // Heartbeats say where workers send them, not that the server is up: liveness stays as it was.
      await tx.query(
        `insert into servers (address, status, source, first_seen_at, last_seen_at)
         values ($1, 'unknown', $2, $3, $3)
         on conflict (address) do update set last_seen_at = greatest(servers.last_seen_at, excluded.last_seen_at)`,
        [s.address, source, at],
      );
    }
  }
}

async function upsertApps(tx: SqlRunner, obs: Observations) {
  if (obs.apps.length === 0) return;
  await tx.query(
    `insert into apps (app_id, app_name, running_instances, first_seen_at, last_seen_at)
     select id, name, running, seen, seen
     from unnest($1::bigint[], $2::text[], $3::integer[], $4::timestamptz[]) as a(id, name, running, seen)
     on conflict (app_id) do update set
       app_name = coalesce(excluded.app_name, apps.app_name),
       running_instances = case when excluded.last_seen_at >= apps.last_seen_at
                                then coalesce(excluded.running_instances, apps.running_instances)
                                else apps.running_instances end,
       last_seen_at = greatest(apps.last_seen_at, excluded.last_seen_at)`,
    [
      obs.apps.map((a) => a.appId),
      obs.apps.map((a) => a.appName),
      obs.apps.map((a) => a.runningInstances),
      obs.apps.map((a) => new Date(a.seenAt).toISOString()),
    ],
  );
}

async function applyClaims(tx: SqlRunner, obs: Observations) {
  if (obs.claims.length === 0) return;
  const appIds = [...new Set(obs.claims.map((c) => c.appId))];
  const current = await tx.query<{ app_id: string | number; server_address: string; observed_at: Date | string }>(
    'select app_id, server_address, observed_at from bindings where app_id = any($1::bigint[])',
    [appIds],
  );
  const { changes, confirmed } = reconcileBindings(
    current.map((b) => ({ appId: Number(b.app_id), serverAddress: b.server_address, observedAt: new Date(b.observed_at).getTime() })),
    obs.claims,
  );
  await applyBindingChanges(tx, changes, confirmed);
}

/**
 * Stores a validated batch. A batch id seen before stores nothing and returns the first answer.
 * `serverOf` maps transport addresses to web addresses (see observe()).
 */
export async function ingestBatch(
  client: SqlClient,
  batch: IngestBatch,
  receivedAt: Date,
  serverOf?: (address: string) => string,
): Promise<IngestOutcome> {
  const obs = observe(batch, serverOf);
  const result: IngestResult = {
    batchId: batch.batchId,
    accepted: { servers: batch.servers?.length ?? 0, heartbeats: obs.heartbeats.length },
  };
  const source = batch.source ?? null;
  return client.transaction(async (tx) => {
    // On PostgreSQL, concurrent batches commit in seq order, so the fold watermark never skips a row.
    if (client.kind === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [INGEST_LOCK]);
    const inserted = await tx.query(
      `insert into ingest_batches (batch_id, source, received_at, heartbeats, servers, result)
       values ($1, $2, $3, $4, $5, $6) on conflict (batch_id) do nothing returning batch_id`,
      [batch.batchId, source, receivedAt, result.accepted.heartbeats, result.accepted.servers, JSON.stringify(result)],
    );
    if (inserted.length === 0) {
      const [first] = await tx.query<{ result: IngestResult | string }>(
        'select result from ingest_batches where batch_id = $1',
        [batch.batchId],
      );
      const stored = typeof first!.result === 'string' ? (JSON.parse(first!.result) as IngestResult) : first!.result;
      return { result: stored, duplicate: true };
    }
    await upsertServers(tx, obs, source);
    await upsertApps(tx, obs);
    await applyClaims(tx, obs);
    await appendHeartbeats(tx, obs.heartbeats, receivedAt.toISOString());
    return { result, duplicate: false };
  });
}
