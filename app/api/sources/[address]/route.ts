// PUT /api/sources/{address} {address}: changes a console-added source; DELETE removes it.
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { handle, readJson } from '@/lib/api/http';
import { sourceBody as body } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ address: string }> };

async function target(params: Params['params']): Promise<string> {
  // Next.js has decoded the path parameter once; decoding again would misread a literal %
  return (await params).address;
}

export function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const parsed = await readJson(request, body);
    if (!parsed.ok) return parsed.response;
    const before = await target(params);
    await runtime.sources.replace(before, parsed.value.address);
    await audit(request, { action: 'source.update', target: `source:${before}`, before: { address: before }, after: { address: parsed.value.address } });
    return Response.json({ sources: runtime.collector.status() });
  });
}

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const address = await target(params);
    await runtime.sources.remove(address);
    await audit(request, { action: 'source.remove', target: `source:${address}`, before: { address } });
    return Response.json({ sources: runtime.collector.status() });
  });
}
