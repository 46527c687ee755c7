// POST /api/contact-points/{id}/test: sends a test notification at once and says whether the receiver took it (how it failed goes to the audit log only).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, problemResponse } from '@/lib/api/http';
import { testContactPoint } from '@/lib/api/alerts';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    const id = Number((await params).id);
    const cp = Number.isSafeInteger(id) ? await runtime.store.getContactPoint(id) : null;
    if (!cp) return problemResponse(404, 'no such contact point');
    const { answer, detail } = await testContactPoint(runtime, cp);
    await audit(request, { action: 'contact-point.test', target: `contact-point:${id}`, detail });
    return Response.json(answer);
  });
}
