// GET /api/maintenance: what holds moves back now, in one answer: the freeze switch and the move
// windows with their status (what `fulcrum status` prints).
import { requireRuntime } from '@/lib/api/console';
import { handle } from '@/lib/api/http';
import { maintenanceStatus } from '@/lib/api/maintenance';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await maintenanceStatus(requireRuntime())));
}
