// GET /api/alerts?ruleId=&state=: alert instances (every state but inactive unless asked) with
// ruleId, state, value, since and labels.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { alertsQuery } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, alertsQuery);
    if (!query.ok) return query.response;
    return Response.json({ alerts: await requireRuntime().store.listAlertInstances(query.value) });
  });
}
