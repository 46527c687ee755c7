// GET /api/contact-points (URLs redacted for viewers, secrets never answered); POST adds a contact point
// ({name, kind: webhook | dingtalk | feishu | wecom | alertmanager, url, enabled, settings, secret}).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, readJson } from '@/lib/api/http';
import { contactPointBody } from '@/lib/api/schemas';
import { auditedContactPoint } from '@/lib/api/alerts';
import { addContactPoint, listContactPointViews } from '@/lib/api/contact-points';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => Response.json({ contactPoints: await listContactPointViews(requireRuntime(), request) }));
}

export function POST(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const body = await readJson(request, contactPointBody);
    if (!body.ok) return body.response;
    const cp = await addContactPoint(runtime, body.value);
    await audit(request, { action: 'contact-point.create', target: `contact-point:${cp.id}`, after: auditedContactPoint(cp) });
    return Response.json(cp, { status: 201 });
  });
}
