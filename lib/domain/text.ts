// Text that crosses a boundary: NULs that no store column can hold, and errors as they may be
// logged (a failed query's error carries its parameters, which may be anything a client sent).

/**
 * The path of the first string (or key) holding a NUL in a parsed JSON value, e.g. `rules.0.name`;
 * null when none. Walks with a stack of its own, so a hostile body nested 50,000 deep cannot
 * overflow the call stack.
 */
export function nulPath(value: unknown): string | null {
  // each entry knows its parent, so a path is only spelled out for the one NUL found
  type At = { key: string; parent: At | null } | null;
  const spell = (at: At): string => {
    const keys: string[] = [];
    for (let a = at; a; a = a.parent) keys.push(a.key);
    return keys.length ? keys.reverse().join('.') : '(root)';
  };
  const stack: [unknown, At][] = [[value, null]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return spell(at);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries = Object.entries(v);
    // pushed in reverse, so the first field is looked at first
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i]!;
      const here = { key: k, parent: at };
      if (k.includes('\0')) return spell(here);
      stack.push([child, here]);
    }
  }
  return null;
}

const PARAMS = /\nparams: [\s\S]*$/;

/** An error's message without the parameters a failed query appends to it (`\nparams: ...`). */
export function safeErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(PARAMS, '');
}

/** An error as it may be logged: name, message and stack without query parameters, and its cause's message. */
export function safeErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = safeErrorMessage(error);
  const stack = error.stack ? error.stack.replace(error.message, message) : `${error.name}: ${message}`;
  const cause = error.cause === undefined ? '' : `\ncause: ${safeErrorMessage(error.cause)}`;
  return `${stack}${cause}`;
}
