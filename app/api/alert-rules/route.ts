// GET /api/alert-rules: every rule with its state, value and last change.
// POST: creates a rule (the body of lib/domain/alert-rules.ts) → 201 with its id and version.
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { actorOf } from '@/lib/api/actor';
import { handle, readJson } from '@/lib/api/http';
import { addRule, listRuleViews, ruleViewOf } from '@/lib/api/alerts';
import { ruleBody } from '@/lib/domain/alert-rules';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json({ rules: await listRuleViews(requireRuntime()) }));
}

export function POST(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const body = await readJson(request, ruleBody);
    if (!body.ok) return body.response;
    const rule = await addRule(runtime, body.value, actorOf(request));
    await audit(request, { action: 'alert-rule.create', target: `alert-rule:${rule.id}`, after: { version: rule.version, ...rule.rule } });
    return Response.json(await ruleViewOf(runtime, rule), { status: 201, headers: { location: `/api/alert-rules/${rule.id}` } });
  });
}
