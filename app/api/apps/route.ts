// GET /api/apps: apps with their owner, paged, sorted and filtered on the server; format=csv
// exports every row that matches the filters.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { appsQuery } from '@/lib/api/schemas';
import { toCsv } from '@/lib/domain/csv';
import type { AppView } from '@/lib/store/index';

export const dynamic = 'force-dynamic';

const COLUMNS: { header: string; value: (a: AppView) => unknown }[] = [
  { header: 'app', value: (a) => a.appName },
  { header: 'app_id', value: (a) => a.appId },
  { header: 'owner_server', value: (a) => a.serverAddress },
  { header: 'claimed_by', value: (a) => a.claimedBy },
  { header: 'bound_since', value: (a) => a.boundSince },
  { header: 'live_workers', value: (a) => a.workersLive },
  { header: 'workers', value: (a) => a.workersTotal },
  { header: 'running_instances', value: (a) => a.runningInstances },
];

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, appsQuery);
    if (!query.ok) return query.response;
    const runtime = requireRuntime();
    const { format, ...filters } = query.value;
    const page = await runtime.store.queryApps(runtime.now(), filters, format === 'csv');
    if (format === 'csv') {
      return new Response(toCsv(COLUMNS, page.rows), {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="fulcrum-apps.csv"' },
      });
    }
    return Response.json(page);
  });
}
