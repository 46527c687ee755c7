// DELETE /api/tokens/{id}: revokes a token (admin); it stops working at once on this replica and
// within 30 s on the others. The row stays, marked revoked, for the record.
import { requireRuntime } from '@/lib/api/console';
import { handle, idParams, readParams } from '@/lib/api/http';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const { id } = await readParams(params, idParams, 'no such token');
    const { before, after } = await requireRuntime().auth.revokeToken(id);
    await audit(request, { action: 'token.revoke', target: `token:${after.name}`, before, after });
    return Response.json(after);
  });
}
