// Silences: matchers over an alert's labels with a start, an end, a creator and a comment, and
// optionally a recurring window (e.g. nightly maintenance) that silences only inside it (anchors.md
// §D: Alertmanager #214, #517, #954, #2892 ask for recurring silences). Pure: time is a parameter.
import { z } from 'zod';
import { matcherHolds, parseMatcher, parseMatchers, regexError, silenceMatchersProblem, type LabelMatcher } from './matchers.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (UTC)');

/** A matcher as an object; `value` is taken literally (no quotes or escapes to undo), as in Alertmanager's API v2. */
export const matcherSchema = z
  .object({
    name: z.string().min(1).max(100),
    value: z.string().max(200),
    op: z.enum(['=', '!=', '=~', '!~']).default('='),
  })
  .strict();

const matcherText = z.string().max(4000).describe('matchers in Alertmanager\'s syntax: alertname="apps skew", server=~"10\\.0\\..*", or {a="b", c!~"d.*"}');

/**
 * The matchers field: one text in Alertmanager's syntax, or a list whose items are each a matcher
 * text or an object. Parsed here so that each matcher that does not parse, or a regular expression
 * that does not compile, is an error at its own path (matchers.N).
 */
export const matchersField = z
  .union([matcherText, z.array(z.union([matcherText, matcherSchema])).max(20)])
  .transform((input, ctx): LabelMatcher[] => {
    const out: LabelMatcher[] = [];
    const fail = (index: number | null, message: string) => ctx.addIssue({ code: 'custom', path: index === null ? [] : [index], message, input });
    if (typeof input === 'string') {
      const parsed = parseMatchers(input);
      if (!parsed.ok) parsed.errors.forEach((e) => fail(e.index, e.text ? `${e.text}: ${e.message}` : e.message));
      else out.push(...parsed.matchers);
    } else {
      input.forEach((item, index) => {
        if (typeof item === 'string') {
          const m = parseMatcher(item);
          if (m.ok) out.push(m.matcher);
          else fail(index, item.trim() ? `${item.trim()}: ${m.message}` : m.message);
          return;
        }
        const bad = item.op === '=~' || item.op === '!~' ? regexError(item.value) : null;
        if (bad) fail(index, bad);
        else out.push({ name: item.name, op: item.op, value: item.value });
      });
    }
    if (ctx.issues.length === 0) {
      if (out.length > 20) fail(null, 'at most 20 matchers');
      const problem = silenceMatchersProblem(out);
      if (problem) fail(null, problem);
    }
    return out;
  });

export const recurrenceSchema = z
  .object({
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7).describe('days of the week the window opens, 0 = Sunday (UTC)'),
    start: hhmm,
    end: hhmm.describe('end of the window; earlier than start means it ends the next day'),
  })
  .strict();

export const silenceBody = z
  .object({
    matchers: matchersField,
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    createdBy: z.string().min(1).max(200).optional(),
    comment: z.string().min(1).max(2000),
    recurrence: recurrenceSchema.optional(),
  })
  .strict()
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { path: ['endsAt'], message: 'endsAt must be after startsAt' })
  .refine((s) => !s.recurrence || s.recurrence.start !== s.recurrence.end, { path: ['recurrence', 'end'], message: 'the window must not be empty' });

export type Matcher = LabelMatcher;
export type Recurrence = z.output<typeof recurrenceSchema>;

export interface Silence {
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  recurrence?: Recurrence | null;
}

export function matches(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => matcherHolds(m, labels));
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
