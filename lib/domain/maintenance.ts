// Whether a kind of move may happen now: the freeze switch (one switch over every move) and the
// move windows of each kind (lib/domain/move-windows.ts). Pure: the controller reads the stored
// state each tick and asks here, so every replica obeys the same switch.
import { z } from 'zod';

/** The kinds of move Fulcrum makes; drains and failover steering join when they exist (issue 18). */
export const MOVE_KINDS = ['rollout'] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];

/** The freeze switch as stored: on or off, and who last turned it, when and why. */
export const freezeState = z.object({
  frozen: z.boolean(),
  by: z.string().nullable().describe('who last set or cleared it: a user name, token:<name>'),
  at: z.iso.datetime().nullable(),
  reason: z.string().nullable().describe('why it was set (required to freeze); why it was cleared, if said'),
});
export type FreezeState = z.infer<typeof freezeState>;

export const NOT_FROZEN: FreezeState = { frozen: false, by: null, at: null, reason: null };

const reason = z.string().trim().min(1).max(500);

/** PUT /api/maintenance/freeze: freezing needs a reason; unfreezing may say one. */
export const freezeBody = z.discriminatedUnion('frozen', [
  z.object({ frozen: z.literal(true), reason: reason.describe('why every move stops: shown on the Overview and in each waiting rollout') }).strict(),
  z.object({ frozen: z.literal(false), reason: reason.optional() }).strict(),
]);
export type FreezeBody = z.infer<typeof freezeBody>;

/** The state after a PUT by `by` at `now`. */
export function applyFreeze(body: FreezeBody, by: string, now: Date): FreezeState {
  return { frozen: body.frozen, by, at: now.toISOString(), reason: body.reason ?? null };
}

export type MoveGate =
  | { allowed: true }
  /** `key` changes when the cause does (another freeze, another closing): a rollout's events say each once */
  | { allowed: false; cause: 'frozen'; detail: string; key: string };

/** Whether moves of `kind` may be made now, and if not, what the waiting rollout says. */
export function moveGate(kind: MoveKind, state: { freeze: FreezeState }): MoveGate {
  void kind;
  const f = state.freeze;
  if (f.frozen) {
    return { allowed: false, cause: 'frozen', key: `freeze:${f.at ?? ''}`, detail: `moves wait: frozen by ${f.by ?? 'someone'}${f.at ? ` at ${f.at}` : ''}: ${f.reason ?? 'no reason given'}` };
  }
  return { allowed: true };
}
