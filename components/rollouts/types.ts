// The operator API's rollout answers as the rollout components read them: inferred from the
// response schemas of lib/api/rollouts.ts (which docs/openapi.json documents), the spec from the
// domain's rolloutSpec (the answer's `spec` is the rollout as created, defaults filled in).
import type { z } from 'zod';
import type { rolloutDetailSchema, rolloutSummarySchema } from '@/lib/api/rollouts';
import type { RolloutSpec } from '@/lib/domain/rollout';

export type RolloutSummaryView = z.infer<typeof rolloutSummarySchema>;
export type RolloutStepView = RolloutSummaryView['steps'][number];
export type RolloutSpecView = RolloutSpec;
export type RolloutDetailView = Omit<z.infer<typeof rolloutDetailSchema>, 'spec'> & { spec?: RolloutSpecView };
