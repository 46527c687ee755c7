// GET /api/sources: the PowerJob servers the collector polls, with their collection status.
// POST /api/sources {address}: adds one (takes effect at the next collection round).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, readJson } from '@/lib/api/http';
import { sourceBody } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => {
    const runtime = requireRuntime();
    await runtime.sources.load();
    return Response.json({ sources: runtime.collector.status() });
  });
}

export function POST(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const body = await readJson(request, sourceBody);
    if (!body.ok) return body.response;
    await runtime.sources.add(body.value.address);
    await audit(request, { action: 'source.add', target: `source:${body.value.address}`, after: { address: body.value.address } });
    return Response.json({ sources: runtime.collector.status() }, { status: 201 });
  });
}
