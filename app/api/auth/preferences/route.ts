// PUT /api/auth/preferences {locale?, timeZone?, theme?}: keeps the signed-in user's own language,
// time zone and colour scheme, so they follow the user to any browser (null forgets one).
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readJson } from '@/lib/api/http';
import { preferencesBody } from '@/lib/api/schemas';
import { requirePrincipal } from '@/lib/api/principal';

export const dynamic = 'force-dynamic';

export function PUT(request: Request) {
  return handle(async () => {
    const principal = requirePrincipal(request);
    const body = await readJson(request, preferencesBody);
    if (!body.ok) return body.response;
    if (principal.kind !== 'user') return problemResponse(403, { detail: 'a token has no preferences', code: 'token-has-no-preferences' });
    const preferences = await requireRuntime().auth.setPreferences(principal.id, body.value);
    return Response.json(preferences, { headers: { 'cache-control': 'no-store' } });
  });
}
