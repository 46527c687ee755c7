// GET /api/delivery/answer?app=&worker=[&version=]: what GET /v1/assignment would answer that worker
// now, with the version it was shaped for and when it takes effect (not counted as a fetch).
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readQuery } from '@/lib/api/http';
import { answerFor, answerQuery } from '@/lib/api/delivery';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const q = readQuery(request, answerQuery);
    if (!q.ok) return q.response;
    const answer = await answerFor(requireRuntime(), q.value);
    if (!answer) return problemResponse(503, 'the assignment API has no snapshot yet', [], { 'retry-after': '2' });
    return Response.json(answer);
  });
}
