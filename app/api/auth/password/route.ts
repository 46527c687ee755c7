// POST /api/auth/password {current, next}: changes the signed-in user's own password; the user's
// other sessions end, this one stays.
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readJson } from '@/lib/api/http';
import { changePasswordBody } from '@/lib/api/schemas';
import { requirePrincipal } from '@/lib/api/principal';
import { sessionIdOf } from '@/lib/api/auth-routes';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handle(async () => {
    const principal = requirePrincipal(request);
    const body = await readJson(request, changePasswordBody);
    if (!body.ok) return body.response;
    if (principal.kind !== 'user') return problemResponse(403, 'a token has no password');
    const user = await requireRuntime().auth.changePassword(principal.id, body.value.current, body.value.next, sessionIdOf(request));
    await audit(request, { action: 'user.password', target: `user:${user.name}`, detail: 'changed own password' });
    return Response.json({ name: user.name, role: user.role, mustChangePassword: user.mustChangePassword });
  });
}
