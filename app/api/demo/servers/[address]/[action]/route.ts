// POST /api/demo/servers/{address}/stop|start: the demo cluster's fault buttons.
import { z } from 'zod';
import { requireRuntime } from '@/lib/api/console';
import { addressParams, handle, problemResponse, readParams } from '@/lib/api/http';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ address: string; action: string }> };

export function POST(request: Request, { params }: Params) {
  return handle(async () => {
    const demo = requireRuntime().demo;
    if (!demo) return problemResponse(404, 'no demo cluster runs');
    const { address, action } = await readParams(params, addressParams.extend({ action: z.string() }));
    const server = demo.servers().find((s) => s.address === address);
    if (!server) return problemResponse(404, `${address} is not a server of the demo cluster`);
    if (action === 'stop') await demo.stopServer(address);
    else if (action === 'start') await demo.startServer(address);
    else return problemResponse(404, `no action ${action}; use stop or start`);
    await audit(request, { action: `demo.server.${action}`, target: `server:${address}`, before: { running: server.running }, after: { running: action === 'start' } });
    return Response.json({ servers: demo.servers() });
  });
}
