// GET /api/rollouts/follow-rate: how fast the workers of moved apps followed (measured from the
// moves' traces), the percentage move windows use, and the advice on oms.accurate.select.server.percentage.
import { requireRuntime } from '@/lib/api/console';
import { handle } from '@/lib/api/http';
import { followRate } from '@/lib/api/rollouts';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await followRate(requireRuntime())));
}
