// GET /api/overview?measure=: servers with their load and share under the measure, the fairness
// figures, and the app -> server binding view.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { overviewQuery } from '@/lib/api/schemas';
import { overview } from '@/lib/api/analytics';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, overviewQuery);
    if (!query.ok) return query.response;
    return Response.json(await overview(requireRuntime(), query.value.measure));
  });
}
