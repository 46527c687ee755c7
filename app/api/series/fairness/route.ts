// GET /api/series/fairness?metric=&measure=&range=: one fairness figure over time, at the
// resolution that fits the range, with gaps where data is missing and markers for events.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { fairnessSeriesQuery } from '@/lib/api/schemas';
import { fairnessSeriesFor } from '@/lib/api/analytics';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, fairnessSeriesQuery);
    if (!query.ok) return query.response;
    const { metric, measure, range } = query.value;
    return Response.json(await fairnessSeriesFor(requireRuntime(), metric, measure, range));
  });
}
