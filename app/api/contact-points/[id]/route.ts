// PUT /api/contact-points/{id} replaces a contact point (its secret stays unless one is sent; a kind
// without signing drops it); DELETE removes it (and its queued notifications).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, idParams, readJson, readParams } from '@/lib/api/http';
import { contactPointBody } from '@/lib/api/schemas';
import { auditedContactPoint } from '@/lib/api/alerts';
import { removeContactPoint, replaceContactPoint } from '@/lib/api/contact-points';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const body = await readJson(request, contactPointBody);
    if (!body.ok) return body.response;
    const { id } = await readParams(params, idParams, 'no such contact point');
    const { before, after } = await replaceContactPoint(runtime, id, body.value);
    await audit(request, { action: 'contact-point.update', target: `contact-point:${id}`, before: auditedContactPoint(before), after: auditedContactPoint(after) });
    return Response.json(after);
  });
}

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const { id } = await readParams(params, idParams, 'no such contact point');
    const deleted = await removeContactPoint(runtime, id);
    await audit(request, { action: 'contact-point.delete', target: `contact-point:${id}`, before: auditedContactPoint(deleted) });
    return new Response(null, { status: 204 });
  });
}
