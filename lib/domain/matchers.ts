// Alertmanager's label matcher grammar, as amtool and its UI take it: `name op value` with op one of
// =, !=, =~, !~; the value bare or in double quotes with OpenMetrics escapes (\" \\ \n); several
// matchers separated by commas outside quotes, optionally inside {…}. Pure; each matcher that does
// not parse gets its own error, so a form can show it beside the field.

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface MatcherError {
  /** which matcher of the text, from 0 */
  index: number;
  /** the matcher as written */
  text: string;
  message: string;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// the operator is found after the name; =~ and != / !~ are two characters, = one
const OPS: readonly MatchOp[] = ['=~', '!=', '!~', '='];

/**
 * Splits a matcher list at the commas outside double quotes (an escaped quote does not open or
 * close one), after dropping one enclosing `{` … `}` and a trailing comma.
 */
export function splitMatchers(input: string): string[] {
  let s = input.trim();
  if (s.startsWith('{')) s = s.slice(1);
  if (s.endsWith('}')) s = s.slice(0, -1);
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const ch of s) {
    if (escaped) {
      escaped = false;
      current += ch;
      continue;
    }
    if (ch === '\\') escaped = true;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  // `a=b, ` ends with an empty part: that trailing comma is allowed, an empty one in between is not
  if (parts.length > 1 && parts[parts.length - 1]!.trim() === '') parts.pop();
  return parts.map((p) => p.trim());
}

/** Reads a value: bare (taken as written, trimmed) or "quoted" with \" \\ \n escapes. */
function readValue(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  if (raw === '') return { ok: false, message: 'the value is missing; write "" to match an empty or missing label' };
  const quoted = raw.startsWith('"');
  const body = quoted ? raw.slice(1) : raw;
  let value = '';
  let closed = !quoted;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i < body.length - 1) {
      const next = body[++i]!;
      if (next === 'n') value += '\n';
      else if (next === '"' || next === '\\') value += next;
      // a backslash before anything else is a literal backslash (regular expressions keep theirs)
      else value += `\\${next}`;
      continue;
    }
    if (ch === '"') {
      if (!quoted || i !== body.length - 1) return { ok: false, message: 'the value has a double quote that is not escaped: write \\" inside quotes' };
      closed = true;
      continue;
    }
    value += ch;
  }
  if (!closed) return { ok: false, message: 'the value opens a double quote that is never closed' };
  return { ok: true, value };
}

/** Whether a regular expression compiles; the message when not. */
export function regexError(source: string): string | null {
  try {
    new RegExp(`^(?:${source})$`);
    return null;
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

/** One matcher, `name op value`, with whitespace allowed around each part. */
export function parseMatcher(text: string): { ok: true; matcher: LabelMatcher } | { ok: false; message: string } {
  const s = text.trim();
  if (s === '') return { ok: false, message: 'an empty matcher: write name=value' };
  const at = s.search(/[=!]/);
  if (at < 0) return { ok: false, message: 'no operator: use =, !=, =~ or !~ (as in alertname="apps skew")' };
  let name = s.slice(0, at).trim();
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1);
  if (name === '') return { ok: false, message: 'the label name is missing before the operator' };
  if (!NAME.test(name)) return { ok: false, message: `"${name}" is not a label name: letters, digits, _ and : only, not starting with a digit` };
  const op = OPS.find((o) => s.startsWith(o, at));
  if (!op) return { ok: false, message: 'no operator: use =, !=, =~ or !~ (as in alertname="apps skew")' };
  const value = readValue(s.slice(at + op.length).trim());
  if (!value.ok) return value;
  if (op === '=~' || op === '!~') {
    const bad = regexError(value.value);
    if (bad) return { ok: false, message: bad };
  }
  return { ok: true, matcher: { name, op, value: value.value } };
}

/** A matcher list (`a="b", c=~"d.*"` or `{a="b", c=~"d.*"}`): every matcher, or an error for each that does not parse. */
export function parseMatchers(text: string): { ok: true; matchers: LabelMatcher[] } | { ok: false; errors: MatcherError[] } {
  const parts = splitMatchers(text);
  if (parts.length === 1 && parts[0] === '') return { ok: false, errors: [{ index: 0, text: '', message: 'no matchers: a silence needs at least one, such as alertname="apps skew"' }] };
  const matchers: LabelMatcher[] = [];
  const errors: MatcherError[] = [];
  parts.forEach((part, index) => {
    const m = parseMatcher(part);
    if (m.ok) matchers.push(m.matcher);
    else errors.push({ index, text: part, message: m.message });
  });
  return errors.length ? { ok: false, errors } : { ok: true, matchers };
}

/** Whether one matcher holds for an alert's labels (a missing label is the empty string; regexes are anchored). */
export function matcherHolds(m: LabelMatcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return anchored(m.value).test(v);
    case '!~':
      return !anchored(m.value).test(v);
  }
}

function anchored(source: string): RegExp {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return /(?!)/;
  }
}

/**
 * Why a set of matchers may not make a silence, or null: as Alertmanager refuses, a silence whose
 * every matcher also matches the empty label (`foo=~".*"`, `foo!="x"`, `foo=""`) would silence
 * every alert.
 */
export function silenceMatchersProblem(matchers: readonly LabelMatcher[]): string | null {
  if (matchers.length === 0) return 'no matchers: a silence needs at least one, such as alertname="apps skew"';
  if (matchers.every((m) => matcherHolds(m, {}))) return 'every matcher also matches alerts without that label, so the silence would cover every alert: add one that needs a value (such as alertname="apps skew")';
  return null;
}

/** A matcher as Alertmanager writes it: the value always quoted and escaped. */
export function formatMatcher(m: LabelMatcher): string {
  return `${m.name}${m.op}"${m.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export const formatMatchers = (ms: readonly LabelMatcher[]) => `{${ms.map(formatMatcher).join(', ')}}`;
