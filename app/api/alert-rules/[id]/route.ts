// GET /api/alert-rules/{id}; PUT replaces the rule when `version` is current (else 409 with the
// current rule and what differs); DELETE removes it (its history stays).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { actorOf } from '@/lib/api/actor';
import { handle, problemResponse, readJson } from '@/lib/api/http';
import { conflictResponse, ruleViewOf } from '@/lib/api/alerts';
import { ruleUpdateBody } from '@/lib/domain/alert-rules';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

async function idOf(params: Params['params']): Promise<number | null> {
  const id = Number((await params).id);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function GET(_request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const id = await idOf(params);
    const rule = id === null ? null : await runtime.store.getAlertRule(id);
    if (!rule) return problemResponse(404, 'no such alert rule');
    return Response.json(await ruleViewOf(runtime, rule));
  });
}

export function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const id = await idOf(params);
    if (id === null) return problemResponse(404, 'no such alert rule');
    const body = await readJson(request, ruleUpdateBody);
    if (!body.ok) return body.response;
    const { version, ...rule } = body.value;
    const result = await runtime.store.updateAlertRule(id, version, rule, actorOf(request), runtime.now());
    if (!result) return problemResponse(404, 'no such alert rule');
    if ('conflict' in result) return conflictResponse(await ruleViewOf(runtime, result.conflict), rule, result.conflict.rule, version);
    await audit(request, {
      action: 'alert-rule.update',
      target: `alert-rule:${id}`,
      before: { version: result.before.version, ...result.before.rule },
      after: { version: result.updated.version, ...result.updated.rule },
    });
    return Response.json(await ruleViewOf(runtime, result.updated));
  });
}

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const id = await idOf(params);
    const deleted = id === null ? null : await runtime.store.deleteAlertRule(id);
    if (!deleted) return problemResponse(404, 'no such alert rule');
    await audit(request, { action: 'alert-rule.delete', target: `alert-rule:${deleted.id}`, before: { version: deleted.version, ...deleted.rule } });
    return new Response(null, { status: 204 });
  });
}
