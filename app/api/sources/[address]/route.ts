// PUT /api/sources/{address} {address}: changes a console-added source; DELETE removes it.
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { addressParams, handle, readJson, readParams } from '@/lib/api/http';
import { sourceBody as body } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ address: string }> };

export function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const parsed = await readJson(request, body);
    if (!parsed.ok) return parsed.response;
    const { address: before } = await readParams(params, addressParams);
    await runtime.sources.replace(before, parsed.value.address);
    await audit(request, { action: 'source.update', target: `source:${before}`, before: { address: before }, after: { address: parsed.value.address } });
    return Response.json({ sources: runtime.collector.status() });
  });
}

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const { address } = await readParams(params, addressParams);
    await runtime.sources.remove(address);
    await audit(request, { action: 'source.remove', target: `source:${address}`, before: { address } });
    return Response.json({ sources: runtime.collector.status() });
  });
}
