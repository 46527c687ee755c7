// PUT /api/sources/{address} {address}: changes a console-added source; DELETE removes it.
import { requireRuntime } from '@/lib/api/console';
import { handle, readJson } from '@/lib/api/http';
import { sourceBody as body } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ address: string }> };

async function target(params: Params['params']): Promise<string> {
  return decodeURIComponent((await params).address);
}

export function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const parsed = await readJson(request, body);
    if (!parsed.ok) return parsed.response;
    await runtime.sources.replace(await target(params), parsed.value.address);
    return Response.json({ sources: runtime.collector.status() });
  });
}

export function DELETE(_request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    await runtime.sources.remove(await target(params));
    return Response.json({ sources: runtime.collector.status() });
  });
}
