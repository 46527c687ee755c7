// Route handlers record every change they make here: who (from the request), what, before, after.
import { actorOf } from './actor.ts';
import { requireRuntime } from './console.ts';

export async function audit(
  request: Request,
  entry: { action: string; target: string; before?: unknown; after?: unknown; detail?: string },
): Promise<void> {
  await requireRuntime().store.recordAudit({ ...entry, actor: actorOf(request), at: new Date() });
}
