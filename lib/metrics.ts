// Fulcrum's own metrics (prom-client), served as Prometheus text by the data plane at GET /metrics.
// One registry per process, kept on globalThis so that the copy of this module Next.js bundles
// into the console's route handlers records into the same registry as server.ts.
import client from 'prom-client';

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
  return {
    registry,
    /** data plane requests, by route (a known route, or "unmatched"), method and status */
    requests: new client.Counter({ name: 'fulcrum_http_requests_total', help: 'Data plane requests answered', labelNames: ['route', 'method', 'status'] as const, registers: [registry] }),
    requestSeconds: new client.Histogram({
      name: 'fulcrum_http_request_duration_seconds',
      help: 'Data plane request latency, from the request to the last byte of the answer',
      labelNames: ['route', 'method'] as const,
      buckets: seconds,
      registers: [registry],
    }),
    /** ingest batches stored (outcome stored | duplicate) */
    ingestBatches: new client.Counter({ name: 'fulcrum_ingest_batches_total', help: 'Ingest batches accepted', labelNames: ['outcome'] as const, registers: [registry] }),
    /** ingest batches refused, by reason (unauthorized, content_type, too_large, invalid, store_unavailable, method) */
    ingestRejects: new client.Counter({ name: 'fulcrum_ingest_rejects_total', help: 'Ingest batches refused', labelNames: ['reason'] as const, registers: [registry] }),
    collectorRounds: new client.Counter({ name: 'fulcrum_collector_rounds_total', help: 'PowerJob collector rounds', registers: [registry] }),
    /** one poll of one PowerJob server: result ok | failed | backoff (skipped while backing off) */
    collectorPolls: new client.Counter({ name: 'fulcrum_collector_polls_total', help: 'PowerJob server polls by source and result', labelNames: ['source', 'result'] as const, registers: [registry] }),
    jobSeconds: new client.Histogram({ name: 'fulcrum_job_duration_seconds', help: 'Background job run durations', labelNames: ['job'] as const, buckets: seconds, registers: [registry] }),
    jobFailures: new client.Counter({ name: 'fulcrum_job_failures_total', help: 'Background job runs that failed', labelNames: ['job'] as const, registers: [registry] }),
    leader: new client.Gauge({ name: 'fulcrum_leader', help: '1 while this process holds the job leader lease', registers: [registry] }),
    /** the assignment API's long polls waiting for a change (inc when one starts, dec when it answers) */
    longPollsOpen: new client.Gauge({ name: 'fulcrum_assignment_long_polls_open', help: 'Assignment long polls open', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof create>;

const KEY = Symbol.for('fulcrum.metrics');
const holder = globalThis as unknown as Record<symbol, Metrics | undefined>;

/** The process's metrics. */
export function metrics(): Metrics {
  return (holder[KEY] ??= create());
}

/** Prometheus text exposition of every metric, with its content type. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
