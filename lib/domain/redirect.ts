// Where to send a browser after sign-in: the `next` it asked for when that is a path on the
// console's own origin, else "/". Resolved as a URL the way a browser will (which drops tabs and
// newlines, and reads "/\" as "//"), so a value cannot pass here and land on another site.

const FALLBACK = '/';

function hasControlOrBackslash(s: string): boolean {
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || c === '\\') return true;
  }
  return false;
}

/**
 * `next` as a same-origin path (path, query and fragment, normalised), or "/". Only a value that
 * starts with one "/" is considered; one with control characters or backslashes, raw or
 * percent-encoded, is refused, as is one whose resolved path would start with "//".
 */
export function sameOriginPath(next: string | null | undefined, origin: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return FALLBACK;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return FALLBACK;
  }
  if (hasControlOrBackslash(next) || hasControlOrBackslash(decoded)) return FALLBACK;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(next, base);
  } catch {
    return FALLBACK;
  }
  if (resolved.origin !== base.origin) return FALLBACK;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : FALLBACK;
}
