// POST /api/auth/sign-out: ends this session and clears its cookie.
import { requireRuntime } from '@/lib/api/console';
import { handle } from '@/lib/api/http';
import { clearSessionCookie, sessionIdOf } from '@/lib/api/auth-routes';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return handle(async () => {
    const runtime = requireRuntime();
    await runtime.auth.signOut(sessionIdOf(request));
    return new Response(null, { status: 204, headers: { 'set-cookie': clearSessionCookie(request, runtime) } });
  });
}
