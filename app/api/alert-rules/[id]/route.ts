// GET /api/alert-rules/{id}; PUT replaces the rule when `version` is current (else 409 with the
// current rule and what differs); DELETE removes it (its history stays).
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { actorOf } from '@/lib/api/actor';
import { handle, idParams, readJson, readParams } from '@/lib/api/http';
import { findRule, removeRule, replaceRule, ruleViewOf } from '@/lib/api/alerts';
import { ruleUpdateBody } from '@/lib/domain/alert-rules';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

const NO_SUCH = 'no such alert rule';

export function GET(_request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const { id } = await readParams(params, idParams, NO_SUCH);
    return Response.json(await ruleViewOf(runtime, await findRule(runtime, id)));
  });
}

export function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    const runtime = requireRuntime();
    const { id } = await readParams(params, idParams, NO_SUCH);
    const body = await readJson(request, ruleUpdateBody);
    if (!body.ok) return body.response;
    const result = await replaceRule(runtime, id, body.value, actorOf(request));
    if ('conflict' in result) return result.conflict;
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
    const { id } = await readParams(params, idParams, NO_SUCH);
    const deleted = await removeRule(runtime, id);
    await audit(request, { action: 'alert-rule.delete', target: `alert-rule:${deleted.id}`, before: { version: deleted.version, ...deleted.rule } });
    return new Response(null, { status: 204 });
  });
}
