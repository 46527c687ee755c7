// POST /api/auth/sign-in {name, password}: a session cookie for a right name and password.
// Attempts are limited per account and per address (429 with Retry-After past the limit). The
// user's own language, time zone and colour scheme are set as this browser's cookies too.
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readJson } from '@/lib/api/http';
import { signInBody } from '@/lib/api/schemas';
import { clientAddressOf } from '@/lib/api/principal';
import { crossSite, preferenceCookies, sessionIdOf, setSessionCookie } from '@/lib/api/auth-routes';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handle(async () => {
    if (crossSite(request)) return problemResponse(403, { detail: 'a cross-site request may not sign in', code: 'cross-site' });
    const runtime = requireRuntime();
    const body = await readJson(request, signInBody);
    if (!body.ok) return body.response;
    const result = await runtime.auth.signIn(body.value.name, body.value.password, clientAddressOf(request), sessionIdOf(request));
    if (!result.ok) return problemResponse(result.status, result.refusal ? { detail: result.detail, ...result.refusal } : result.detail, undefined, result.retryAfterS ? { 'retry-after': String(result.retryAfterS) } : {});
    const headers = new Headers({ 'cache-control': 'no-store' });
    headers.append('set-cookie', setSessionCookie(request, runtime, result.sessionId, result.expiresAt));
    // the user's own choices become this browser's too, so its sign-in page speaks them after signing out
    for (const cookie of preferenceCookies(result.user)) headers.append('set-cookie', cookie);
    return Response.json({ name: result.user.name, role: result.user.role, mustChangePassword: result.user.mustChangePassword }, { headers });
  });
}
