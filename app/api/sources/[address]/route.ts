// PUT /api/sources/{address} {address}: changes a console-added source; DELETE removes it.
import { z } from 'zod';
import { hostPort } from '@/lib/domain/ingest-batch';
import { requireRuntime } from '@/lib/api/console';
import { handle, readJson } from '@/lib/api/http';

export const dynamic = 'force-dynamic';

const body = z.object({ address: hostPort }).strict();

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
