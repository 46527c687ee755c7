// Whether a kind of move may happen now: the freeze switch (one switch over every move) and the
// move windows of each kind (lib/domain/move-windows.ts). Pure: the controller reads the stored
// state each tick and asks here, so every replica obeys the same switch.
import { z } from 'zod';
import { isTimeZone, movesAllowed, nextOpening, openUntil, parseWindow, parseWindows } from './move-windows.ts';
import type { RolloutText } from './rollout-texts.ts';

/** The kinds of move Fulcrum makes, each with its own windows: rollouts', drains' (a restore's included) and failover steering's (lib/domain/steering.ts). */
export const MOVE_KINDS = ['rollout', 'drain', 'steering'] as const;
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

/** POST /api/servers/{address}/cordon: why, optionally. */
export const cordonBody = z.object({ reason: reason.optional().describe('why the server is cordoned: shown on its page and in the audit log') }).strict();

/** The state after a PUT by `by` at `now`. */
export function applyFreeze(body: FreezeBody, by: string, now: Date): FreezeState {
  return { frozen: body.frozen, by, at: now.toISOString(), reason: body.reason ?? null };
}

/**
 * The move windows as stored and as PUT: one IANA zone, and for each kind of move either null (any
 * time) or the windows it may happen in (`Mon-Fri 01:00-05:00`; lib/domain/move-windows.ts).
 */
export const moveWindowsBody = z
  .object({
    timeZone: z.string().describe('an IANA time zone (Asia/Shanghai, Europe/Berlin, UTC) in which the windows are read'),
    rollout: z
      .array(z.string().max(100))
      .min(1)
      .max(20)
      .nullable()
      .describe('when rollouts may move apps: null any time, else only inside one of these windows ("<days> HH:MM-HH:MM")'),
    drain: z
      .array(z.string().max(100))
      .min(1)
      .max(20)
      .nullable()
      .optional()
      .describe('when drains and restores may move apps: null (or left out) any time, else only inside one of these windows'),
    steering: z
      .array(z.string().max(100))
      .min(1)
      .max(20)
      .nullable()
      .optional()
      .describe('when failover steering may re-home the apps of a server that stopped answering (and correct them): null (or left out) any time, else only inside one of these windows'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!isTimeZone(v.timeZone)) ctx.addIssue({ code: 'custom', path: ['timeZone'], params: { key: 'timeZone' }, message: `"${v.timeZone}" is not an IANA time zone (for example Asia/Shanghai or UTC)` });
    for (const kind of MOVE_KINDS) {
      (v[kind] ?? []).forEach((text, i) => {
        const r = parseWindow(text);
        if (!r.ok) ctx.addIssue({ code: 'custom', path: [kind, i], params: { key: r.error.key }, message: r.error.message });
      });
    }
  });
export type MoveWindows = z.infer<typeof moveWindowsBody>;

export const ANY_TIME: MoveWindows = { timeZone: 'UTC', rollout: null };

/** Whether moves of `kind` may happen now under the windows, when they next may and until when they may. */
export function windowStatus(windows: MoveWindows, kind: MoveKind, now: Date): { allowedNow: boolean; nextOpening: string | null; openUntil: string | null } {
  const texts = windows[kind] ?? null;
  if (texts === null) return { allowedNow: true, nextOpening: now.toISOString(), openUntil: null };
  const parsed = parseWindows(texts).windows;
  return {
    allowedNow: movesAllowed(parsed, windows.timeZone, now),
    nextOpening: nextOpening(parsed, windows.timeZone, now)?.toISOString() ?? null,
    openUntil: openUntil(parsed, windows.timeZone, now)?.toISOString() ?? null,
  };
}

export type MoveGate =
  | { allowed: true }
  /** `key` changes when the cause does (another freeze, another closing): a rollout's events say each once; `text` is the detail as a code */
  | { allowed: false; cause: 'frozen' | 'window'; detail: string; key: string; text: RolloutText };

/** `Thu 01:00` on the zone's wall clock. */
function localTime(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** Whether moves of `kind` may be made now, and if not, what the waiting rollout says. */
export function moveGate(kind: MoveKind, state: { freeze: FreezeState; windows?: MoveWindows }, now: Date): MoveGate {
  const f = state.freeze;
  if (f.frozen) {
    return {
      allowed: false,
      cause: 'frozen',
      key: `freeze:${f.at ?? ''}`,
      detail: `moves wait: frozen by ${f.by ?? 'someone'}${f.at ? ` at ${f.at}` : ''}: ${f.reason ?? 'no reason given'}`,
      text: { code: 'wait-frozen', params: { by: f.by ?? '?', at: f.at ?? '?', reason: f.reason ?? '' } },
    };
  }
  const texts = state.windows?.[kind];
  if (state.windows && texts) {
    const tz = state.windows.timeZone;
    const status = windowStatus(state.windows, kind, now);
    if (!status.allowedNow) {
      const next = status.nextOpening ? new Date(status.nextOpening) : null;
      const until = next ? `until ${next.toISOString()} (${localTime(tz, next)} ${tz})` : 'and no window opens';
      const params = { kind, windows: texts.join(', '), timeZone: tz };
      const text: RolloutText = next ? { code: 'wait-outside-windows', params: { ...params, until: next.toISOString(), local: localTime(tz, next) } } : { code: 'wait-no-window-opens', params };
      return { allowed: false, cause: 'window', key: `window:${status.nextOpening ?? 'never'}`, detail: `moves wait: outside the ${kind} move windows (${texts.join(', ')} ${tz}) ${until}`, text };
    }
  }
  return { allowed: true };
}
