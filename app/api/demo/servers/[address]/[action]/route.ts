// POST /api/demo/servers/{address}/stop|start: the demo cluster's fault buttons.
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse } from '@/lib/api/http';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ address: string; action: string }> };

export function POST(_request: Request, { params }: Params) {
  return handle(async () => {
    const demo = requireRuntime().demo;
    if (!demo) return problemResponse(404, 'no demo cluster runs');
    const { address: raw, action } = await params;
    const address = decodeURIComponent(raw);
    if (!demo.servers().some((s) => s.address === address)) return problemResponse(404, `${address} is not a server of the demo cluster`);
    if (action === 'stop') await demo.stopServer(address);
    else if (action === 'start') await demo.startServer(address);
    else return problemResponse(404, `no action ${action}; use stop or start`);
    return Response.json({ servers: demo.servers() });
  });
}
