// GET /api/silences?all=true: silences not yet ended (or all); POST creates one (matchers, start,
// end, comment, optional recurring window; the creator defaults to the requester).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson, readQuery } from '@/lib/api/http';
import { silencesQuery } from '@/lib/api/schemas';
import { silenceBody } from '@/lib/domain/silences';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, silencesQuery);
    if (!query.ok) return query.response;
    const runtime = requireRuntime();
    return Response.json({ silences: await runtime.store.listSilences(runtime.now(), query.value.all === 'true'), now: runtime.now().toISOString() });
  });
}

export function POST(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const body = await readJson(request, silenceBody);
    if (!body.ok) return body.response;
    const { createdBy, recurrence, ...rest } = body.value;
    const silence = await runtime.store.createSilence({ ...rest, recurrence: recurrence ?? null, createdBy: createdBy ?? actorOf(request) }, runtime.now());
    await audit(request, { action: 'silence.create', target: `silence:${silence.id}`, after: silence });
    return Response.json(silence, { status: 201 });
  });
}
