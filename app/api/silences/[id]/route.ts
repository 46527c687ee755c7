// DELETE /api/silences/{id}: expires a silence now (it stays listed with all=true).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, idParams, readParams } from '@/lib/api/http';
import { expireSilence } from '@/lib/api/silences';

export const dynamic = 'force-dynamic';

export function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    const { id } = await readParams(params, idParams, 'no such silence');
    const { before, after } = await expireSilence(runtime, id);
    await audit(request, { action: 'silence.expire', target: `silence:${id}`, before, after });
    return Response.json(after);
  });
}
