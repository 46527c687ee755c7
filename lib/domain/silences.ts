// Silences: matchers over an alert's labels with a start, an end, a creator and a comment, and
// optionally a recurring window (e.g. nightly maintenance) that silences only inside it (anchors.md
// §D: Alertmanager #214, #517, #954, #2892 ask for recurring silences). Pure: time is a parameter.
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (UTC)');

export const matcherSchema = z
  .object({
    name: z.string().min(1).max(100),
    value: z.string().max(200),
    op: z.enum(['=', '!=', '=~', '!~']).default('='),
  })
  .strict();

export const recurrenceSchema = z
  .object({
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7).describe('days of the week the window opens, 0 = Sunday (UTC)'),
    start: hhmm,
    end: hhmm.describe('end of the window; earlier than start means it ends the next day'),
  })
  .strict();

export const silenceBody = z
  .object({
    matchers: z.array(matcherSchema).min(1).max(20),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    createdBy: z.string().min(1).max(200).optional(),
    comment: z.string().min(1).max(2000),
    recurrence: recurrenceSchema.optional(),
  })
  .strict()
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { path: ['endsAt'], message: 'endsAt must be after startsAt' })
  .refine((s) => !s.recurrence || s.recurrence.start !== s.recurrence.end, { path: ['recurrence', 'end'], message: 'the window must not be empty' });

export type Matcher = z.output<typeof matcherSchema>;
export type Recurrence = z.output<typeof recurrenceSchema>;

export interface Silence {
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  recurrence?: Recurrence | null;
}

export function matches(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const v = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return safeRegex(m.value).test(v);
      case '!~':
        return !safeRegex(m.value).test(v);
    }
  });
}

function safeRegex(source: string): RegExp {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return /(?!)/;
  }
}

const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** Whether a recurring window is open at `now` (UTC). A window crossing midnight belongs to the day it opens. */
export function inWindow(r: Recurrence, now: number): boolean {
  const d = new Date(now);
  const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
  const start = minutes(r.start);
  const end = minutes(r.end);
  const day = d.getUTCDay();
  if (start < end) return r.days.includes(day) && minute >= start && minute < end;
  // crosses midnight: open from start today, or until end on the day after an opening day
  return (r.days.includes(day) && minute >= start) || (r.days.includes((day + 6) % 7) && minute < end);
}

export function silenceActive(s: Silence, now: number): boolean {
  if (now < s.startsAt || now >= s.endsAt) return false;
  return s.recurrence ? inWindow(s.recurrence, now) : true;
}

/** Whether any active silence covers an alert with these labels at `now`. */
export function isSilenced(silences: readonly Silence[], labels: Record<string, string>, now: number): boolean {
  return silences.some((s) => silenceActive(s, now) && matches(s.matchers, labels));
}
