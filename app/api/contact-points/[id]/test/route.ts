// POST /api/contact-points/{id}/test: sends a test notification at once and says whether the receiver took it (how it failed goes to the audit log only).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, idParams, readParams } from '@/lib/api/http';
import { testContactPoint } from '@/lib/api/alerts';
import { findContactPoint } from '@/lib/api/contact-points';

export const dynamic = 'force-dynamic';

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const runtime = requireRuntime();
    const { id } = await readParams(params, idParams, 'no such contact point');
    const { answer, detail } = await testContactPoint(runtime, await findContactPoint(runtime, id));
    await audit(request, { action: 'contact-point.test', target: `contact-point:${id}`, detail });
    return Response.json(answer);
  });
}
