// GET /api/alerts/history?ruleId=&limit=: every transition of every instance, newest first, with
// the value that caused it.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { alertHistoryQuery } from '@/lib/api/schemas';
import { alertHistory } from '@/lib/api/alerts';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, alertHistoryQuery);
    if (!query.ok) return query.response;
    return Response.json(await alertHistory(requireRuntime(), query.value));
  });
}
