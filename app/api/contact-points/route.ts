// GET /api/contact-points (URLs redacted for viewers, secrets never answered); POST adds a contact point
// ({name, kind: webhook | dingtalk | feishu | wecom | alertmanager, url, enabled, settings, secret}).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, problemResponse, readJson } from '@/lib/api/http';
import { contactPointBody } from '@/lib/api/schemas';
import { auditedContactPoint, contactPointView } from '@/lib/api/alerts';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => Response.json({ contactPoints: (await requireRuntime().store.listContactPoints()).map((cp) => contactPointView(cp, request)) }));
}

export function POST(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const body = await readJson(request, contactPointBody);
    if (!body.ok) return body.response;
    const cp = await runtime.store.createContactPoint(body.value, runtime.now());
    if (!cp) return problemResponse(409, `a contact point named "${body.value.name}" exists`);
    await audit(request, { action: 'contact-point.create', target: `contact-point:${cp.id}`, after: auditedContactPoint(cp) });
    return Response.json(cp, { status: 201 });
  });
}
