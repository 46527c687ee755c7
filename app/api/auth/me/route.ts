// GET /api/auth/me: who this request is signed in as (user or token), with its role and a user's preferences.
import { handle } from '@/lib/api/http';
import { requirePrincipal } from '@/lib/api/principal';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const { kind, name, role, via, mustChangePassword, preferences } = requirePrincipal(request);
    return Response.json({ kind, name, role, via, mustChangePassword, ...(preferences ? { preferences } : {}) }, { headers: { 'cache-control': 'no-store' } });
  });
}
