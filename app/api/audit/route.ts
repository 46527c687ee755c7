// GET /api/audit: the audit log, newest first, filtered by actor, action, target and time, paged by cursor.
import { requireRuntime } from '@/lib/api/console';
import { handle, readQuery } from '@/lib/api/http';
import { auditQuery } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return handle(async () => {
    const query = readQuery(request, auditQuery);
    if (!query.ok) return query.response;
    const { from, to, ...rest } = query.value;
    const store = requireRuntime().store;
    const [page, facets] = await Promise.all([
      store.listAudit({ ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined }),
      store.auditFacets(),
    ]);
    return Response.json({ ...page, facets });
  });
}
