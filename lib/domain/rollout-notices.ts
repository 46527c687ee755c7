// Rollout events told to contact points: which contact points a rollout tells and of which events
// (its spec's `notify`), and the notice one saved transition makes (or none). Pure: the store
// writes the notices into the outbox in the transaction that saves the transition.
import { z } from 'zod';
import type { RolloutTextParams } from './rollout-texts.ts';

/** What a rollout can tell, in the order a rollout goes through them. */
export const ROLLOUT_NOTICE_EVENTS = ['started', 'step', 'paused', 'resumed', 'move-failed', 'aborted', 'completed', 'balancing', 'stopped'] as const;
export type RolloutNoticeEvent = (typeof ROLLOUT_NOTICE_EVENTS)[number];

export const rolloutNotify = z
  .object({
    contactPoints: z.array(z.number().int().positive()).max(20).refine((ids) => new Set(ids).size === ids.length, { params: { key: 'duplicates' }, message: 'each contact point once' }),
    /** default: every event */
    events: z.array(z.enum(ROLLOUT_NOTICE_EVENTS)).min(1).default([...ROLLOUT_NOTICE_EVENTS]),
  })
  .strict();
export type RolloutNotify = z.infer<typeof rolloutNotify>;

/** One rollout event as the outbox keeps it; the words (and the link) are added when it is sent, in the contact point's language. */
export interface RolloutNotice {
  type: 'rollout';
  rolloutId: string;
  rollout: string;
  event: RolloutNoticeEvent;
  /** 1-based step and how many there are */
  step: number;
  steps: number;
  percent: number;
  /** why it paused, aborted or why the move failed (the controller's words, as the history has them) */
  reason: string | null;
  /** the reason as a code and its params (lib/domain/rollout-texts.ts), said in the contact point's language; none when the reason has no code */
  reasonCode?: string;
  reasonParams?: RolloutTextParams;
  actor: string;
  at: string;
}

/** The part of a saved transition a notice is made of (lib/domain/rollout.ts `Transition`). */
export interface SavedTransition {
  action: string;
  from: string;
  to: string;
  step: number;
  percent: number;
}

/** The event a transition is, or null when it tells nothing (a draft saved, an event that changed no state). */
export function noticeEventOf(t: SavedTransition): RolloutNoticeEvent | null {
  if (t.action === 'move-failed') return 'move-failed';
  if (t.action === 'stop') return 'stopped';
  // a step reached keeps the rollout running
  if ((t.action === 'advance' || t.action === 'promote') && t.to === 'running') return 'step';
  if (t.from === t.to) return null;
  switch (t.to) {
    case 'running':
      if (t.action === 'start' || t.action === 'retry') return 'started';
      return t.action === 'resume' ? 'resumed' : null;
    case 'paused':
      return 'paused';
    case 'aborted':
      return 'aborted';
    case 'completed':
      return 'completed';
    case 'balancing':
      return 'balancing';
    default:
      return null;
  }
}

/**
 * The notice a saved transition makes for a rollout, or null when the rollout tells no one (no
 * contact points chosen) or not of this event.
 */
export function rolloutNoticeOf(
  rollout: { id: string; spec: { name: string; steps: readonly unknown[]; notify?: RolloutNotify } },
  t: SavedTransition,
  reason: string | null,
  actor: string,
  at: Date,
  reasonText: { code?: string | null; params?: RolloutTextParams | null } | null = null,
): RolloutNotice | null {
  const notify = rollout.spec.notify;
  const event = noticeEventOf(t);
  if (!event || !notify?.contactPoints.length || !notify.events.includes(event)) return null;
  const told = event === 'paused' || event === 'aborted' || event === 'move-failed';
  return {
    type: 'rollout',
    rolloutId: rollout.id,
    rollout: rollout.spec.name,
    event,
    step: t.step + 1,
    steps: rollout.spec.steps.length,
    percent: t.percent,
    reason: told ? reason : null,
    ...(told && reason && reasonText?.code ? { reasonCode: reasonText.code, reasonParams: reasonText.params ?? {} } : {}),
    actor,
    at: at.toISOString(),
  };
}

/** Whether a notice calls for attention (shown as a warning): a pause, an abort, a failed move. */
export const noticeIsWarning = (n: Pick<RolloutNotice, 'event'>) => n.event === 'paused' || n.event === 'aborted' || n.event === 'move-failed';
