// GET /api/servers/{address}: one server, its owned apps and workers, its series over the last
// hour and its binding history (apps that came and went, and why). DELETE forgets a server that is
// down or stale (it left for good); its history stays.
import { requireRuntime } from '@/lib/api/console';
import { audit } from '@/lib/api/audit';
import { addressParams, handle, readParams } from '@/lib/api/http';
import { forgetServer, serverDetail } from '@/lib/api/servers';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ address: string }> };

export function GET(_request: Request, { params }: Params) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    return Response.json(await serverDetail(requireRuntime(), address));
  });
}

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const { address } = await readParams(params, addressParams);
    // a refusal (404, 409) carries its status: handle() answers it as a problem
    const { server, forgotten } = await forgetServer(requireRuntime(), address);
    await audit(request, { action: 'server.forget', target: `server:${address}`, before: server });
    return Response.json(forgotten);
  });
}
