// GET /api/workers: workers, paged, sorted and filtered on the server; format=csv exports every
// row that matches the filters.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { workersQuery } from '@/lib/api/schemas';
import { workersAnswer } from '@/lib/api/inventory';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, workersQuery);
    if (!query.ok) return query.response;
    return workersAnswer(requireRuntime(), query.value);
  });
}
