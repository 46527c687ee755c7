// What the apps and workers lists answer: a page sorted and filtered in the store, or, as CSV,
// every row that matches the filters.
import type { z } from 'zod';
import { toCsv } from '../domain/csv.ts';
import type { AppView, WorkerView } from '../store/index.ts';
import type { Runtime } from '../runtime.ts';
import type { appsQuery, workersQuery } from './schemas.ts';

const APP_COLUMNS: { header: string; value: (a: AppView) => unknown }[] = [
  { header: 'app', value: (a) => a.appName },
  { header: 'app_id', value: (a) => a.appId },
  { header: 'owner_server', value: (a) => a.serverAddress },
  { header: 'claimed_by', value: (a) => a.claimedBy },
  { header: 'bound_since', value: (a) => a.boundSince },
  { header: 'live_workers', value: (a) => a.workersLive },
  { header: 'workers', value: (a) => a.workersTotal },
  { header: 'running_instances', value: (a) => a.runningInstances },
];

const WORKER_COLUMNS: { header: string; value: (w: WorkerView) => unknown }[] = [
  { header: 'worker', value: (w) => w.address },
  { header: 'app', value: (w) => w.appName ?? w.appId },
  { header: 'app_id', value: (w) => w.appId },
  { header: 'server', value: (w) => w.serverAddress },
  { header: 'status', value: (w) => w.health },
  { header: 'last_heartbeat', value: (w) => w.heartbeatAt },
  { header: 'version', value: (w) => w.version },
  { header: 'tag', value: (w) => w.tag },
  { header: 'cpu_load', value: (w) => w.cpuLoad },
  { header: 'cpu_processors', value: (w) => w.cpuProcessors },
  { header: 'jvm_memory_usage', value: (w) => w.jvmMemoryUsage },
  { header: 'disk_usage', value: (w) => w.diskUsage },
  { header: 'score', value: (w) => w.score },
];

function csvResponse(csv: string, name: string): Response {
  return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` } });
}

/** GET /api/apps: a page as JSON, or every matching row as fulcrum-apps.csv. */
export async function appsAnswer(runtime: Runtime, query: z.infer<typeof appsQuery>): Promise<Response> {
  const { format, ...filters } = query;
  const page = await runtime.store.queryApps(runtime.now(), filters, format === 'csv');
  return format === 'csv' ? csvResponse(toCsv(APP_COLUMNS, page.rows), 'fulcrum-apps.csv') : Response.json(page);
}

/** GET /api/workers: a page as JSON, or every matching row as fulcrum-workers.csv. */
export async function workersAnswer(runtime: Runtime, query: z.infer<typeof workersQuery>): Promise<Response> {
  const { format, ...filters } = query;
  const page = await runtime.store.queryWorkers(runtime.now(), filters, format === 'csv');
  return format === 'csv' ? csvResponse(toCsv(WORKER_COLUMNS, page.rows), 'fulcrum-workers.csv') : Response.json(page);
}
