// POST /api/strategies/preview {candidate:{kind, params?}, compare?, measure?, scenario?, seed?}:
// what the strategies would do to the cluster (predicted load, fairness, apps that would move).
import { requireRuntime } from '@/lib/api/console';
import { handle, readJson } from '@/lib/api/http';
import { previewBody } from '@/lib/api/schemas';
import { preview } from '@/lib/api/strategies';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handle(async () => {
    const body = await readJson(request, previewBody);
    if (!body.ok) return body.response;
    return Response.json(await preview(requireRuntime(), body.value));
  });
}
