// GET /api/silences?all=true: silences not yet ended (or all); POST creates one (matchers, start,
// end, comment, optional recurring window; the creator defaults to the requester).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson } from '@/lib/api/http';
import { silenceBody } from '@/lib/domain/silences';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const all = new URL(request.url).searchParams.get('all') === 'true';
    return Response.json({ silences: await runtime.store.listSilences(runtime.now(), all), now: runtime.now().toISOString() });
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
