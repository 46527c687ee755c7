// GET /api/health: 503 while starting, then 200 with version, store kind and uptime.
import { getRuntime, healthOf } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export function GET() {
  const runtime = getRuntime();
  if (!runtime) return Response.json({ status: 'starting' }, { status: 503, headers: { 'retry-after': '2' } });
  return Response.json(healthOf(runtime), { headers: { 'cache-control': 'no-store' } });
}
