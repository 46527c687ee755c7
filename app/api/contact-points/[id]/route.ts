// PUT /api/contact-points/{id} replaces a contact point (its secret stays unless one is sent; a kind
// without signing drops it); DELETE removes it (and its queued notifications).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, problemResponse, readJson } from '@/lib/api/http';
import { contactPointBody } from '@/lib/api/schemas';
import { auditedContactPoint } from '@/lib/api/alerts';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };
const idOf = async (params: Params['params']) => Number((await params).id);

export function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const id = await idOf(params);
    const body = await readJson(request, contactPointBody);
    if (!body.ok) return body.response;
    const before = Number.isSafeInteger(id) ? await runtime.store.getContactPoint(id) : null;
    if (!before) return problemResponse(404, 'no such contact point');
    const signed = body.value.kind === 'dingtalk' || body.value.kind === 'feishu';
    const after = await runtime.store.updateContactPoint(id, signed ? body.value : { ...body.value, secret: null }, runtime.now());
    if (!after) return problemResponse(404, 'no such contact point');
    if ('taken' in after) return problemResponse(409, `a contact point named "${body.value.name}" exists`, [{ path: 'name', message: 'another contact point has this name', code: 'custom', key: 'nameTaken' }]);
    await audit(request, { action: 'contact-point.update', target: `contact-point:${id}`, before: auditedContactPoint(before), after: auditedContactPoint(after) });
    return Response.json(after);
  });
}

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const id = await idOf(params);
    const deleted = Number.isSafeInteger(id) ? await runtime.store.deleteContactPoint(id) : null;
    if (!deleted) return problemResponse(404, 'no such contact point');
    await audit(request, { action: 'contact-point.delete', target: `contact-point:${id}`, before: auditedContactPoint(deleted) });
    return new Response(null, { status: 204 });
  });
}
