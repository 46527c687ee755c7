// What the rollout controller writes into a rollout's history (its events and its moves), as stable
// codes: each row carries `code` and `params` beside its English `detail` (migration 0017), and is
// said in the reader's language from the messages' `rolloutTexts` section, in the console and in
// notifications. Rows written before 0017 have no code and are shown by their `detail`. Pure: the
// words are a parameter (a lookup into one language's `rolloutTexts`).

/** Each code with the names of its parameters. */
export const ROLLOUT_TEXT_CODES = {
  // why moves wait (events of action `wait`)
  'wait-instances-unreadable': ['error'],
  'wait-job-info-unreadable': ['error'],
  'wait-triggers-need-job-info': [],
  'wait-frozen': ['by', 'at', 'reason'],
  'wait-outside-windows': ['kind', 'windows', 'timeZone', 'until', 'local'],
  'wait-no-window-opens': ['kind', 'windows', 'timeZone'],
  // which app stays where it is (events of action `hold`)
  'hold-no-quiet-window': ['app', 'server', 'reason'],
  'hold-cordoned': ['app', 'server', 'target'],
  // a drain's or restore's app that waits for a quiet window, or has none (its progress)
  'drain-wait-quiet-window': ['app', 'reason'],
  'drain-no-quiet-window': ['app', 'server', 'reason'],
  // moves: made, verified, failed (events, and the moves' own detail)
  'move-made': ['app', 'from', 'to', 'status'],
  'move-verified': ['app', 'total', 'server'],
  'move-conflict': ['current'],
  'move-missing': [],
  'move-failed-stalled': ['app', 'server', 'seen', 'total', 'seconds', 'outcome'],
  'move-failed-unseen': ['app', 'server', 'seconds', 'outcome'],
  'revert-verification-failed': [],
  // failover steering (lib/jobs/steering.ts): its compare-and-sets from a silent owner and their corrections
  'steer-moved': ['app', 'from', 'to'],
  'steer-conflict': ['app', 'from', 'current'],
  'steer-missing': ['app', 'from'],
  'steer-correction': ['app', 'from', 'to', 'status'],
  // a rollout's own changes (lib/domain/rollout.ts advance()): `what` names a message of `whats`
  created: ['kind', 'steps'],
  'to-step': ['what', 'step', 'steps', 'percent'],
  'to-completed': ['what'],
  'to-balancing': ['what'],
  'paused-by-operator': [],
  resumed: [],
  stopped: [],
  'aborted-by-operator': [],
  'abort-back': ['reason'],
  'guardrail-paused': ['reason'],
  'guardrail-aborted': ['reason'],
  // why a guardrail fired (a rollout's reason): `metric` and `op` name messages of their own
  'guardrail-alert': ['rule'],
  'guardrail-fairness': ['metric', 'value', 'op', 'threshold'],
  'guardrail-jobs': ['apps'],
  'guardrail-jobs-more': ['apps', 'more'],
  'job-app-failing': ['app', 'bad', 'runs', 'beforeBad', 'beforeRuns'],
  // audit entries of the moves the controller, drains and steering make: whose move, and its text
  'audit-of': ['kind', 'id', 'text'],
  'audit-drain': ['id', 'server', 'text'],
  'audit-restore': ['id', 'server', 'text'],
  'audit-steering': ['from', 'text'],
} as const satisfies Record<string, readonly string[]>;

export type RolloutTextCode = keyof typeof ROLLOUT_TEXT_CODES;

/** What happened to an app whose move failed (the `outcome` of the move-failed codes), each with its own parameters. */
export const MOVE_FAILED_OUTCOMES = {
  'moved-back': ['from'],
  'back-conflict': ['current'],
  'back-missing': [],
  'left-frozen': ['by', 'reason'],
  'left-nowhere': [],
  'left-silent': ['from'],
} as const satisfies Record<string, readonly string[]>;
export type MoveFailedOutcome = keyof typeof MOVE_FAILED_OUTCOMES;

/**
 * A parameter's value; null is "unbound" (no server), said in the reader's language. A value may be
 * a text of its own (a guardrail's reason inside "…; paused") or a list of them (the apps a
 * guardrail names), said in the same words; a list is joined by the words' `separator`.
 */
export type RolloutTextValue = string | number | null | RolloutText | readonly RolloutText[];
export type RolloutTextParams = Record<string, RolloutTextValue>;

export interface RolloutText {
  code: RolloutTextCode;
  params: RolloutTextParams;
}

export const isRolloutTextCode = (v: unknown): v is RolloutTextCode => typeof v === 'string' && Object.hasOwn(ROLLOUT_TEXT_CODES, v);

/** A message with its `{name}` placeholders filled (the messages files' simple arguments). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}

/** One language's words, by key inside `rolloutTexts` (`hold-cordoned`, `outcomes.moved-back`, `statuses.moved`, `kinds.rollout`, `unbound`). */
export type RolloutWords = (key: string) => string | undefined;

/** A lookup into a parsed `rolloutTexts` section of a messages file. */
export function wordsOf(tree: unknown): RolloutWords {
  return (key) => {
    let at: unknown = tree;
    for (const part of key.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    return typeof at === 'string' ? at : undefined;
  };
}

/**
 * The row a rollout's `reason` came from (a failed move pauses it with the event's own text), so
 * that the reason is said by that row's code; none when no coded event says it (an operator's or
 * a guardrail's reason). `events` newest first, as the rollout API answers them.
 */
export function reasonRow<E extends { detail: string; code?: string | null }>(reason: string | null, events: readonly E[]): E | undefined {
  return reason === null ? undefined : events.find((e) => e.detail === reason && isRolloutTextCode(e.code));
}

/** params that name one of a fixed set of values, said by a message of their own: a move's status, a kind of move */
const NAMED = [
  ['status', 'statuses'],
  ['kind', 'kinds'],
  ['what', 'whats'],
  ['metric', 'metrics'],
  ['op', 'ops'],
] as const;

/** how deep texts may sit inside texts (a guardrail's pause → its reason → the apps it names) */
const MAX_DEPTH = 4;

const isText = (v: unknown): v is { code?: unknown; params?: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v) && 'code' in v;

/**
 * The row's text in the words given: its code's message with its params (null: unbound; `outcome`,
 * `status` and `kind` name a message of their own), or null when the row has no code these words know
 * (an old row, a code from a newer version): the caller then shows the English `detail`.
 */
export function sayRolloutText(row: { code?: string | null; params?: unknown }, words: RolloutWords, depth = 0): string | null {
  if (!isRolloutTextCode(row.code) || depth > MAX_DEPTH) return null;
  const template = words(row.code);
  if (template === undefined) return null;
  const params = row.params && typeof row.params === 'object' ? (row.params as Record<string, unknown>) : {};
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === null) values[k] = words('unbound') ?? '-';
    else if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) values[k] = v;
    else if (isText(v) || Array.isArray(v)) {
      // a text inside the text: said in the same words, or the whole row is not said (its English detail is)
      const parts = (Array.isArray(v) ? v : [v]).map((x) => (isText(x) ? sayRolloutText(x as { code?: string | null; params?: unknown }, words, depth + 1) : null));
      if (parts.some((x) => x === null)) return null;
      values[k] = parts.join(words('separator') ?? '; ');
    }
  }
  if (ROLLOUT_TEXT_CODES[row.code].some((p) => p === 'outcome')) {
    const outcome = typeof params.outcome === 'string' && Object.hasOwn(MOVE_FAILED_OUTCOMES, params.outcome) ? words(`outcomes.${params.outcome}`) : undefined;
    if (outcome === undefined) return null;
    values.outcome = fill(outcome, values);
  }
  for (const [param, section] of NAMED) if (typeof params[param] === 'string') values[param] = words(`${section}.${params[param]}`) ?? params[param];
  return fill(template, values);
}
