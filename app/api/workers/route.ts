// GET /api/workers: workers, paged, sorted and filtered on the server; format=csv exports every
// row that matches the filters.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { workersQuery } from '@/lib/api/schemas';
import { toCsv } from '@/lib/domain/csv';
import type { WorkerView } from '@/lib/store/index';

export const dynamic = 'force-dynamic';

const COLUMNS: { header: string; value: (w: WorkerView) => unknown }[] = [
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

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, workersQuery);
    if (!query.ok) return query.response;
    const runtime = requireRuntime();
    const { format, ...filters } = query.value;
    const page = await runtime.store.queryWorkers(runtime.now(), filters, format === 'csv');
    if (format === 'csv') {
      return new Response(toCsv(COLUMNS, page.rows), {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="fulcrum-workers.csv"' },
      });
    }
    return Response.json(page);
  });
}
