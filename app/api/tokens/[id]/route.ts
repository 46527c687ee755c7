// DELETE /api/tokens/{id}: revokes a token (admin); it stops working at once on this replica and
// within 30 s on the others. The row stays, marked revoked, for the record.
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse } from '@/lib/api/http';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export function DELETE(_request: Request, { params }: Params) {
  return handle(async () => {
    const raw = (await params).id;
    if (!/^[1-9]\d{0,14}$/.test(raw)) return problemResponse(404, 'no such token');
    const { after } = await requireRuntime().auth.revokeToken(Number(raw));
    return Response.json(after);
  });
}
