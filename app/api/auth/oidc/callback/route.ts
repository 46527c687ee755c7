// GET /api/auth/oidc/callback: the provider sends the browser back here; the code is exchanged,
// the ID token checked (issuer, audience, nonce, signature), and a session started.
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse } from '@/lib/api/http';
import { safeNext, sessionIdOf, setSessionCookie } from '@/lib/api/auth-routes';
import { readCookie } from '@/lib/auth/gate';
import { OIDC_COOKIE } from '@/lib/auth/oidc-cookie';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    const oidc = runtime.oidc;
    if (!oidc) return problemResponse(404, 'single sign-on is not configured (FULCRUM_OIDC_ISSUER)');
    let identity;
    try {
      identity = await oidc.finish(new URL(request.url).search, readCookie(request.headers.get('cookie') ?? undefined, OIDC_COOKIE));
    } catch (error) {
      return problemResponse(400, `single sign-on failed: ${(error as Error).message}`, undefined, { 'set-cookie': oidc.clearCookie() });
    }
    const user = await runtime.auth.oidcUser(identity.subject, identity.name, oidc.role);
    const session = await runtime.auth.createSession(user, sessionIdOf(request));
    const headers = new Headers({ location: safeNext(identity.next), 'cache-control': 'no-store' });
    headers.append('set-cookie', oidc.clearCookie());
    headers.append('set-cookie', setSessionCookie(request, runtime, session.sessionId, session.expiresAt));
    return new Response(null, { status: 303, headers });
  });
}
