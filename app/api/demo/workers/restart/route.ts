// POST /api/demo/workers/restart [{app}]: restarts the demo's workers, the workers of one app at once
// or (without `app`) all of them one by one. Each new process reads its server list at start, the
// only moment a real PowerJob worker reads it, so a delivered strategy takes effect from then on.
import { z } from 'zod';
import { requireRuntime } from '@/lib/api/console';
import { handle, problemResponse, readOptionalJson } from '@/lib/api/http';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

const body = z.strictObject({ app: z.string().min(1).optional().describe('the app whose workers restart; absent: a rolling restart of all workers') });

export function POST(request: Request) {
  return handle(async () => {
    const demo = requireRuntime().demo;
    if (!demo) return problemResponse(404, 'no demo cluster runs');
    // the body is optional: none restarts every worker
    const parsed = await readOptionalJson(request, body, {});
    if (!parsed.ok) return parsed.response;
    const app = parsed.value.app;
    if (app !== undefined) {
      if (!demo.apps().includes(app)) return problemResponse(404, `${app} is not an app of the demo cluster`);
      const restarted = demo.restartAppWorkers(app);
      await audit(request, { action: 'demo.workers.restart', target: `app:${app}`, after: { restarted } });
      return Response.json({ restarted, workers: demo.workers() });
    }
    if (demo.workers().rollingRestart && demo.workers().rollingRestart!.done < demo.workers().rollingRestart!.total) {
      const r = demo.workers().rollingRestart!;
      return problemResponse(409, `a rolling restart is in progress (${r.done} of ${r.total} workers restarted)`);
    }
    const rolling = demo.rollingRestartWorkers();
    await audit(request, { action: 'demo.workers.rolling-restart', target: 'workers:all', after: rolling });
    return Response.json({ restarted: rolling.workers, endsInMs: rolling.endsInMs, workers: demo.workers() }, { status: 202 });
  });
}
