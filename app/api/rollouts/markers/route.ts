// GET /api/rollouts/markers?from=&to= (epoch ms): rollout state changes in the range, for chart markers.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { rolloutMarkers, rolloutMarkersQuery } from '@/lib/api/rollouts';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const q = readQuery(request, rolloutMarkersQuery);
    if (!q.ok) return q.response;
    return Response.json({ markers: await rolloutMarkers(requireRuntime(), new Date(q.value.from), new Date(q.value.to)) });
  });
}
