// GET /api/alerts?ruleId=&state=: alert instances (every state but inactive unless asked) with
// ruleId, state, value, since, labels, and whether a silence covers it now (silenced, silencedBy).
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { alertsQuery } from '@/lib/api/schemas';
import { alertViews } from '@/lib/api/alerts';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, alertsQuery);
    if (!query.ok) return query.response;
    return Response.json({ alerts: await alertViews(requireRuntime(), query.value) });
  });
}
