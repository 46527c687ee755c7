// DELETE /api/silences/{id}: expires a silence now (it stays listed with all=true).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, problemResponse } from '@/lib/api/http';

export const dynamic = 'force-dynamic';

export function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    const id = Number((await params).id);
    const result = Number.isSafeInteger(id) ? await runtime.store.expireSilence(id, runtime.now()) : null;
    if (!result) return problemResponse(404, 'no such silence');
    await audit(request, { action: 'silence.expire', target: `silence:${id}`, before: result.before, after: result.after });
    return Response.json(result.after);
  });
}
