// GET /api/apps: apps with their owner, paged, sorted and filtered on the server; format=csv
// exports every row that matches the filters.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { appsQuery } from '@/lib/api/schemas';
import { appsAnswer } from '@/lib/api/inventory';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, appsQuery);
    if (!query.ok) return query.response;
    return appsAnswer(requireRuntime(), query.value);
  });
}
