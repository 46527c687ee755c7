// POST /api/alert-rules/backtest?range=24h with a rule body: how many times it would have fired over
// the range of stored samples, and the watched series to draw under the threshold lines.
import { requireRuntime } from '@/lib/api/console';
import { handle, readJson, readQuery } from '@/lib/api/http';
import { backtestFor, backtestQuery } from '@/lib/api/alerts';
import { ruleBody } from '@/lib/domain/alert-rules';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handle(async () => {
    const query = readQuery(request, backtestQuery);
    if (!query.ok) return query.response;
    const body = await readJson(request, ruleBody);
    if (!body.ok) return body.response;
    return Response.json(await backtestFor(requireRuntime(), body.value, query.value.range));
  });
}
