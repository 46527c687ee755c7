// Storing an accepted ingest batch: all of it in one transaction, or none of it.
// prepareBatch() is pure and CPU-bound (it runs off the store's thread, see dataplane/decode-pool.ts);
// storePreparedBatch() is the transaction.
import type { IngestBatch } from '../domain/ingest-batch.ts';
import {
  observe,
  reconcileBindings,
  type AppSighting,
  type BindingClaim,
  type HeartbeatRow,
  type ServerSighting,
} from '../domain/observations.ts';
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

/** How heartbeat rows travel to the store: COPY text (PGlite) or one array per column (PostgreSQL). */
export type HeartbeatEncoding = 'copy' | 'columns';

/** A validated batch, flattened and encoded, ready for one transaction. Plain data: it crosses threads. */
export interface PreparedBatch {
  batchId: string;
  source: string | null;
  result: IngestResult;
  servers: ServerSighting[];
  apps: AppSighting[];
  claims: BindingClaim[];
  heartbeatCount: number;
  /** set only by in-process sources (the collector): its snapshot servers are confirmed for delivery */
  confirmedBy?: string;
  heartbeatCopy?: string;
  heartbeatColumns?: unknown[][];
}

export const HEARTBEAT_COLUMNS = [
  'received_at', 'app_id', 'address', 'app_name', 'server_address', 'heartbeat_at', 'version',
  'protocol', 'tag', 'client', 'overloading', 'light_task_tracker_num', 'heavy_task_tracker_num',
  'cpu_processors', 'cpu_load', 'jvm_used_memory', 'jvm_max_memory', 'jvm_memory_usage', 'disk_used',
  'disk_total', 'disk_usage', 'score',
] as const;

export const HEARTBEAT_TYPES = [
  'timestamptz', 'bigint', 'text', 'text', 'text', 'timestamptz', 'text', 'text', 'text', 'text',
  'boolean', 'integer', 'integer', 'integer', 'float8', 'float8', 'float8', 'float8', 'float8',
  'float8', 'float8', 'integer',
] as const;

export const INSERT_HEARTBEATS_UNNEST = `insert into worker_heartbeats (${HEARTBEAT_COLUMNS.join(', ')})
  select * from unnest(${HEARTBEAT_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;

function heartbeatValues(h: HeartbeatRow, receivedAtIso: string, isoOf: (ms: number) => string): unknown[] {
  return [
    receivedAtIso, h.appId, h.address, h.appName, h.serverAddress, isoOf(h.heartbeatAt),
    h.version, h.protocol, h.tag, h.client, h.overloading, h.lightTaskTrackerNum, h.heavyTaskTrackerNum,
    h.cpuProcessors, h.cpuLoad, h.jvmUsedMemory, h.jvmMaxMemory, h.jvmMemoryUsage, h.diskUsed,
    h.diskTotal, h.diskUsage, h.score,
  ];
}

/** Heartbeats of one batch often share timestamps: format each distinct one once. */
function isoCache(): (ms: number) => string {
  const cache = new Map<number, string>();
  return (ms) => {
    let s = cache.get(ms);
    if (s === undefined) cache.set(ms, (s = new Date(ms).toISOString()));
    return s;
  };
}

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** One row as a line of COPY text format. */
export function copyLine(values: readonly unknown[]): string {
  let line = copyField(values[0]);
  for (let i = 1; i < values.length; i++) line += '\t' + copyField(values[i]);
  return line + '\n';
}

/** Rows as one array per column, for INSERT ... SELECT * FROM unnest($1::type[], ...). */
export function columnArrays(rows: readonly (readonly unknown[])[]): unknown[][] {
  const columns: unknown[][] = HEARTBEAT_COLUMNS.map(() => []);
  for (const row of rows) row.forEach((v, i) => columns[i]!.push(v));
  return columns;
}

/** The heartbeat rows a batch stores, as column values (the benchmark inserts the same rows). */
export function heartbeatValueRows(batch: IngestBatch, receivedAt: Date): unknown[][] {
  const iso = receivedAt.toISOString();
  const isoOf = isoCache();
  return observe(batch).heartbeats.map((h) => heartbeatValues(h, iso, isoOf));
}

/** Flattens and encodes a validated batch. Pure: no I/O. */
export function prepareBatch(
  batch: IngestBatch,
  receivedAt: Date,
  encoding: HeartbeatEncoding,
  serverOf?: (address: string) => string,
): PreparedBatch {
  const obs = observe(batch, serverOf);
  const receivedIso = receivedAt.toISOString();
  const isoOf = isoCache();
  const prepared: PreparedBatch = {
    batchId: batch.batchId,
    source: batch.source ?? null,
    result: { batchId: batch.batchId, accepted: { servers: batch.servers?.length ?? 0, heartbeats: obs.heartbeats.length } },
    servers: obs.servers,
    apps: obs.apps,
    claims: obs.claims,
    heartbeatCount: obs.heartbeats.length,
  };
  if (obs.heartbeats.length) {
    if (encoding === 'copy') {
      let text = '';
      for (const h of obs.heartbeats) text += copyLine(heartbeatValues(h, receivedIso, isoOf));
      prepared.heartbeatCopy = text;
    } else {
      prepared.heartbeatColumns = columnArrays(obs.heartbeats.map((h) => heartbeatValues(h, receivedIso, isoOf)));
    }
  }
  return prepared;
}

async function upsertServers(tx: SqlRunner, servers: readonly ServerSighting[], source: string | null, confirmedBy: string | null) {
  const heartbeatOnly = servers.filter((s) => !s.snapshot);
  for (const s of servers) {
    if (!s.snapshot) continue;
    const at = new Date(s.observedAt);
    await tx.query(
      `insert into servers (address, transport_address, server_id, version, status, status_reason, source,
                            first_seen_at, last_seen_at, last_snapshot_at, confirmed_by, confirmed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $8::timestamptz, $8::timestamptz, $9::text, case when $9::text is null then null else $8::timestamptz end)
       on conflict (address) do update set
         confirmed_by = coalesce(servers.confirmed_by, excluded.confirmed_by),
         confirmed_at = coalesce(servers.confirmed_at, excluded.confirmed_at),
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
      [s.address, s.transportAddress, s.serverId, s.version, s.status, s.reason, source, at, confirmedBy],
    );
  }
  if (heartbeatOnly.length) {
    // Heartbeats say where workers send them, not that the server is up: liveness stays as it was,
    // and a server only heartbeats named is never confirmed for delivery.
    await tx.query(
      `insert into servers (address, status, source, first_seen_at, last_seen_at)
       select address, 'unknown', $3, at, at from unnest($1::text[], $2::timestamptz[]) as s(address, at)
       on conflict (address) do update set last_seen_at = greatest(servers.last_seen_at, excluded.last_seen_at)`,
      [heartbeatOnly.map((s) => s.address), heartbeatOnly.map((s) => new Date(s.observedAt).toISOString()), source],
    );
  }
}

async function upsertApps(tx: SqlRunner, apps: readonly AppSighting[]) {
  if (apps.length === 0) return;
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
      apps.map((a) => a.appId),
      apps.map((a) => a.appName),
      apps.map((a) => a.runningInstances),
      apps.map((a) => new Date(a.seenAt).toISOString()),
    ],
  );
}

/** A snapshot replaces everything its server claimed before (a down server claims nothing). */
async function replaceServerClaims(tx: SqlRunner, servers: readonly ServerSighting[], claims: readonly BindingClaim[]) {
  const snapshots = servers.filter((s) => s.snapshot);
  if (snapshots.length === 0) return;
  await tx.query('delete from server_claims where server_address = any($1::text[])', [snapshots.map((s) => s.address)]);
  if (claims.length === 0) return;
  await tx.query(
    `insert into server_claims (server_address, app_id, observed_at)
     select * from unnest($1::text[], $2::bigint[], $3::timestamptz[]) on conflict do nothing`,
    [claims.map((c) => c.serverAddress), claims.map((c) => c.appId), claims.map((c) => new Date(c.at).toISOString())],
  );
}

async function applyClaims(tx: SqlRunner, claims: readonly BindingClaim[]) {
  if (claims.length === 0) return;
  const appIds = [...new Set(claims.map((c) => c.appId))];
  const current = await tx.query<{ app_id: string | number; server_address: string; observed_at: Date | string }>(
    'select app_id, server_address, observed_at from bindings where app_id = any($1::bigint[])',
    [appIds],
  );
  const { changes, confirmed } = reconcileBindings(
    current.map((b) => ({ appId: Number(b.app_id), serverAddress: b.server_address, observedAt: new Date(b.observed_at).getTime() })),
    claims,
  );
  await applyBindingChanges(tx, changes, confirmed);
}

async function appendHeartbeats(tx: SqlTransaction, batch: PreparedBatch): Promise<void> {
  if (batch.heartbeatCopy !== undefined) {
    if (tx.copyText) {
      await tx.copyText('worker_heartbeats', HEARTBEAT_COLUMNS, batch.heartbeatCopy);
      return;
    }
    throw new Error('COPY-encoded heartbeats need the embedded store');
  }
  if (batch.heartbeatColumns) await tx.query(INSERT_HEARTBEATS_UNNEST, batch.heartbeatColumns);
}

/**
 * Stores a prepared batch in one transaction. A batch id seen before stores nothing and returns the
 * first answer. `skip` leaves out sightings the caller knows were written a moment ago.
 */
export async function storePreparedBatch(
  client: SqlClient,
  batch: PreparedBatch,
  receivedAt: Date,
  skip: { server(s: ServerSighting): boolean; app(a: AppSighting): boolean } = { server: () => false, app: () => false },
): Promise<IngestOutcome> {
  return client.transaction(async (tx) => {
    // On PostgreSQL, concurrent batches commit in seq order, so the fold watermark never skips a row.
    if (client.kind === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [INGEST_LOCK]);
    const inserted = await tx.query(
      `insert into ingest_batches (batch_id, source, received_at, heartbeats, servers, result)
       values ($1, $2, $3, $4, $5, $6) on conflict (batch_id) do nothing returning batch_id`,
      [batch.batchId, batch.source, receivedAt, batch.result.accepted.heartbeats, batch.result.accepted.servers, JSON.stringify(batch.result)],
    );
    if (inserted.length === 0) {
      const [first] = await tx.query<{ result: IngestResult | string }>(
        'select result from ingest_batches where batch_id = $1',
        [batch.batchId],
      );
      const stored = typeof first!.result === 'string' ? (JSON.parse(first!.result) as IngestResult) : first!.result;
      return { result: stored, duplicate: true };
    }
    await upsertServers(tx, batch.servers.filter((s) => s.snapshot || !skip.server(s)), batch.source, batch.confirmedBy ?? null);
    await upsertApps(tx, batch.apps.filter((a) => !skip.app(a)));
    await replaceServerClaims(tx, batch.servers, batch.claims);
    await applyClaims(tx, batch.claims);
    await appendHeartbeats(tx, batch);
    return { result: batch.result, duplicate: false };
  });
}
