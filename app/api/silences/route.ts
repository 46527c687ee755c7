// GET /api/silences?all=true: silences not yet ended (or all); POST creates one (matchers, start,
// end, comment, optional recurring window; the creator defaults to the requester).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson, readQuery } from '@/lib/api/http';
import { silencesQuery } from '@/lib/api/schemas';
import { addSilence, listSilenceViews } from '@/lib/api/silences';
import { silenceBody } from '@/lib/domain/silences';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, silencesQuery);
    if (!query.ok) return query.response;
    return Response.json(await listSilenceViews(requireRuntime(), query.value.all === 'true'));
  });
}

export function POST(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const body = await readJson(request, silenceBody);
    if (!body.ok) return body.response;
    const silence = await addSilence(runtime, body.value, actorOf(request));
    await audit(request, { action: 'silence.create', target: `silence:${silence.id}`, after: silence });
    return Response.json(silence, { status: 201 });
  });
}
