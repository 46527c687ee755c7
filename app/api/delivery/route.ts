// GET /api/delivery: the delivery channels' state and what each reached per rollout (lib/api/delivery.ts).
import { requireRuntime } from '@/lib/api/console';
import { handle } from '@/lib/api/http';
import { deliveryView } from '@/lib/api/delivery';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json(await deliveryView(requireRuntime())));
}
