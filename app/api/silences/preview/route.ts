// POST /api/silences/preview {matchers}: the matchers as parsed (or an error at each one that does
// not parse) and the active alerts a silence with them would cover now; nothing is saved.
import { requireRuntime } from '@/lib/api/console';
import { handle, readJson } from '@/lib/api/http';
import { silencePreviewBody } from '@/lib/api/schemas';
import { previewSilence } from '@/lib/api/alerts';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handle(async () => {
    const body = await readJson(request, silencePreviewBody);
    if (!body.ok) return body.response;
    return Response.json(await previewSilence(requireRuntime(), body.value.matchers));
  });
}
