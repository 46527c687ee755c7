// What the silence routes answer: the list (not yet ended, or all), a new silence, and expiring one.
import type { z } from 'zod';
import type { SilenceView } from '../store/index.ts';
import type { Runtime } from '../runtime.ts';
import type { silenceBody } from '../domain/silences.ts';
import { orNotFound } from '../domain/problem.ts';

export async function listSilenceViews(runtime: Runtime, all: boolean) {
  const now = runtime.now();
  return { silences: await runtime.store.listSilences(now, all), now: now.toISOString() };
}

/** A new silence; the creator defaults to whoever asked. */
export async function addSilence(runtime: Runtime, body: z.infer<typeof silenceBody>, actor: string): Promise<SilenceView> {
  const { createdBy, recurrence, ...rest } = body;
  return runtime.store.createSilence({ ...rest, recurrence: recurrence ?? null, createdBy: createdBy ?? actor }, runtime.now());
}

/** Ends a silence now (it stays listed with all=true). */
export async function expireSilence(runtime: Runtime, id: number): Promise<{ before: SilenceView; after: SilenceView }> {
  return orNotFound(await runtime.store.expireSilence(id, runtime.now()), 'no such silence');
}
