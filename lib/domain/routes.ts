// Which HTTP methods an API path answers, from the route files' exports: the gate answers a method
// a route does not have with a 405 problem and an Allow header, where Next.js would send an empty
// 405. Pure: the table is built from file paths and their exported method names.

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

type Segment = { kind: 'static'; value: string } | { kind: 'param' } | { kind: 'catch-all' };

export interface RouteEntry {
  /** the route as Next.js names it, e.g. /api/servers/[address] */
  route: string;
  segments: Segment[];
  /** the methods its route file exports */
  exported: string[];
  /** methods the route answers: its exports, HEAD with GET, and OPTIONS (Next.js answers those) */
  methods: string[];
}

/** A route entry from its directory below app (e.g. "api/servers/[address]") and the methods its route file exports. */
export function routeEntry(dir: string, exported: readonly string[]): RouteEntry {
  const parts = dir.split('/').filter((p) => p !== '' && !/^\(.*\)$/.test(p));
  const segments: Segment[] = parts.map((p) =>
    /^\[\[?\.\.\..+\]\]?$/.test(p) ? { kind: 'catch-all' } : /^\[.+\]$/.test(p) ? { kind: 'param' } : { kind: 'static', value: p.toLowerCase() },
  );
  const methods = new Set(exported.filter((m) => (HTTP_METHODS as readonly string[]).includes(m)));
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return {
    route: `/${parts.join('/')}`,
    segments,
    exported: HTTP_METHODS.filter((m) => exported.includes(m)),
    methods: HTTP_METHODS.filter((m) => methods.has(m)),
  };
}

/** The methods a route file exports, read from its source text. */
export function exportedMethods(source: string): string[] {
  const out = new Set<string>();
  const re = /^\s*export\s+(?:async\s+function|function|const|let)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/gm;
  for (const m of source.matchAll(re)) out.add(m[1]!);
  return [...out];
}

/** How specific a match is, segment by segment: a static segment beats a parameter, which beats a catch-all (Next.js's order). */
function specificity(entry: RouteEntry): number[] {
  return entry.segments.map((s) => (s.kind === 'static' ? 3 : s.kind === 'param' ? 2 : 1));
}

function matches(entry: RouteEntry, parts: readonly string[]): boolean {
  const segs = entry.segments;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.kind === 'catch-all') return parts.length > i;
    if (i >= parts.length) return false;
    if (s.kind === 'static' && s.value !== parts[i]) return false;
  }
  return parts.length === segs.length;
}

/**
 * The route a path (lower case, decoded, without query) goes to, or null when none does. Among
 * several, the most specific. A catch-all route is returned too: the caller decides what it means.
 */
export function routeFor(table: readonly RouteEntry[], path: string): RouteEntry | null {
  const parts = path.split('/').filter((p) => p !== '');
  let best: RouteEntry | null = null;
  let bestKey: number[] = [];
  for (const entry of table) {
    if (!matches(entry, parts)) continue;
    const key = specificity(entry);
    let better = best === null;
    for (let i = 0; !better && i < Math.max(key.length, bestKey.length); i++) {
      const a = key[i] ?? 0;
      const b = bestKey[i] ?? 0;
      if (a !== b) {
        better = a > b;
        break;
      }
    }
    if (better) {
      best = entry;
      bestKey = key;
    }
  }
  return best;
}

/**
 * The methods allowed when `method` is not one of them on the route `path` goes to; null when the
 * method is allowed, or no route (or only a catch-all) takes the path: Next.js answers those.
 */
export function methodNotAllowed(table: readonly RouteEntry[], method: string, path: string): string[] | null {
  const entry = routeFor(table, path);
  if (!entry || entry.segments.some((s) => s.kind === 'catch-all')) return null;
  return entry.methods.includes(method.toUpperCase()) ? null : entry.methods;
}
