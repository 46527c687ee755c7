// GET /api/tokens: API tokens with their role, expiry and state, never the secrets (admin).
// POST {name, role, expiresAt}: creates one; the answer holds the token, shown this once.
import { requireRuntime } from '@/lib/api/console';
import { handle, invalidFields, problemResponse, readJson } from '@/lib/api/http';
import { createTokenBody } from '@/lib/api/schemas';
import { requirePrincipal } from '@/lib/api/principal';
import { actorName } from '@/lib/auth/principal';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json({ tokens: await requireRuntime().auth.listTokens() }));
}

export function POST(request: Request) {
  return handle(async () => {
    const principal = requirePrincipal(request);
    const body = await readJson(request, createTokenBody);
    if (!body.ok) return body.response;
    const runtime = requireRuntime();
    const expiresAt = body.value.expiresAt === null ? null : new Date(body.value.expiresAt);
    if (expiresAt && expiresAt <= runtime.now()) return problemResponse(400, invalidFields(1), [{ path: 'expiresAt', message: 'must be in the future', code: 'custom', key: 'inFuture' }]);
    const { token, view } = await runtime.auth.createToken({ name: body.value.name, role: body.value.role, expiresAt }, actorName(principal));
    await audit(request, { action: 'token.create', target: `token:${view.name}`, after: view });
    return Response.json({ token, ...view }, { status: 201, headers: { 'cache-control': 'no-store' } });
  });
}
