// GET /api/auth/oidc/start?next=: sends the browser to the OIDC provider (when one is configured).
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse } from '@/lib/api/http';
import { safeNext } from '@/lib/api/auth-routes';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const oidc = requireRuntime().oidc;
    if (!oidc) return problemResponse(404, 'single sign-on is not configured (FULCRUM_OIDC_ISSUER)');
    const { location, cookie } = await oidc.start(safeNext(new URL(request.url).searchParams.get('next')));
    return new Response(null, { status: 303, headers: { location, 'set-cookie': cookie, 'cache-control': 'no-store' } });
  });
}
