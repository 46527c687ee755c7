// GET /api/delivery: every delivery channel with its state, and per rollout what each channel has
// reached: moves (apps moved and verified), the assignment API (workers that fetched their list),
// ZooKeeper (nodes written for cohort apps), DNS (answers given to the cohort).
import { z } from 'zod';
import type { Runtime } from '../runtime.ts';

const reached = z.object({ total: z.number().int(), byRollout: z.record(z.string(), z.number().int()) });

export const deliveryResponseSchema = z.object({
  channels: z.array(
    z.object({
      channel: z.enum(['assignment', 'zookeeper', 'dns']),
      state: z.enum(['starting', 'ok', 'failing']),
      reason: z.string().nullable().describe('why it is failing'),
      target: z.string().describe('where it delivers'),
      lastSuccessAt: z.string().nullable().optional(),
      retryInMs: z.number().int().nullable().optional().describe('the next attempt, while failing (back-off)'),
      reached: reached.describe('assignment: answers given (total) and distinct cohort workers per rollout; zookeeper: nodes kept, and per rollout those of its cohort apps; dns: answers, and per rollout those to its cohort'),
    }),
  ),
  moves: z.record(z.string(), z.object({ enabled: z.boolean(), verified: z.number().int(), open: z.number().int() })).describe('per rollout: whether it moves apps, and its moves verified and still open'),
  takesEffect: z.literal('next-start').describe("a delivered list reaches a PowerJob worker at its next start, and decides only where an app lands when it has no live owner; moves act at once"),
});
export type DeliveryView = z.infer<typeof deliveryResponseSchema>;

export const answerQuery = z
  .object({
    app: z.string().min(1).describe('PowerJob appName'),
    worker: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'ip:port').describe('the worker ip:port'),
    version: z.string().regex(/^\d+(\.\d+)*([.-][\w.-]+)?$/, 'a version like 4.3.9 or 5.1.1').optional().describe('its client version: the list is shaped for it'),
  })
  .strict();

/** What GET /v1/assignment would answer the worker now, or null before the assignment API's first snapshot. */
export async function answerFor(runtime: Runtime, q: z.infer<typeof answerQuery>) {
  if (!runtime.delivery) return null;
  return runtime.delivery.answerFor({ app: q.app, worker: q.worker, ...(q.version ? { version: q.version } : {}) });
}

export async function deliveryView(runtime: Runtime): Promise<DeliveryView> {
  const [rollouts, moves] = await Promise.all([runtime.store.listRollouts(), runtime.store.listMoves({ limit: 5000 })]);
  const perRollout: DeliveryView['moves'] = {};
  for (const r of rollouts) perRollout[r.id] = { enabled: r.spec.moves.enabled, verified: 0, open: 0 };
  for (const m of moves) {
    const entry = perRollout[m.rolloutId];
    if (!entry) continue;
    if (m.status === 'verified') entry.verified++;
    else if (m.status === 'moved') entry.open++;
  }
  const channels = (runtime.delivery?.channels() ?? []).map((c) => ({ lastSuccessAt: null, retryInMs: null, ...c }));
  return { channels, moves: perRollout, takesEffect: 'next-start' };
}
