// Text that crosses a boundary: NULs that no store column can hold, and errors as they may be
// logged (a failed query's error carries its parameters, which may be anything a client sent).

/** The path of the first string (or key) holding a NUL in a parsed JSON value, e.g. `rules.0.name`; null when none. */
export function nulPath(value: unknown, path = ''): string | null {
  const here = path || '(root)';
  if (typeof value === 'string') return value.includes('\0') ? here : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const child = path ? `${path}.${k}` : k;
    if (k.includes('\0')) return child;
    const found = nulPath(v, child);
    if (found !== null) return found;
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
