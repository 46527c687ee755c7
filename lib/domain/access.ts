// Who may do what: the roles, the policy table every console request is checked against (in
// server.ts, before Next.js sees it), and the cross-site check for requests that change things.
// A path nobody listed needs a signed-in user; nothing is open unless it is on the public list.

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** what an API token may be: a user's role, or one of the data plane's own (ingest, assignment) */
export const TOKEN_ROLES = [...ROLES, 'ingest', 'assignment'] as const;

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether a principal with role `have` may do what needs `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

/** public: anyone; signed-in: any role, even one that must change its password first; else a role. */
export type Access = 'public' | 'signed-in' | Role;

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths anyone may reach: health, signing in, and the static files the sign-in page needs. */
const PUBLIC: readonly { methods: readonly string[]; path: string | RegExp }[] = [
  { methods: ['GET', 'HEAD'], path: '/api/health' },
  { methods: ['GET', 'HEAD'], path: '/api/openapi.json' },
  { methods: ['POST'], path: '/api/auth/sign-in' },
  { methods: ['GET', 'HEAD'], path: '/api/auth/oidc/start' },
  { methods: ['GET', 'HEAD'], path: '/api/auth/oidc/callback' },
  { methods: ['GET', 'HEAD'], path: '/sign-in' },
  { methods: ['GET', 'HEAD'], path: /^\/_next\/static\// },
  { methods: ['GET', 'HEAD'], path: '/favicon.ico' },
];

/** Reachable by any signed-in principal, also while a user must still change the password. */
const SIGNED_IN: readonly { methods: readonly string[]; path: string }[] = [
  { methods: ['GET', 'HEAD'], path: '/api/auth/me' },
  { methods: ['POST'], path: '/api/auth/sign-out' },
  { methods: ['POST'], path: '/api/auth/password' },
  { methods: ['PUT'], path: '/api/auth/preferences' },
  { methods: ['GET', 'HEAD'], path: '/change-password' },
];

/** Read-only computations sent as POST because their input is a body: a viewer may run them. */
const VIEWER_POSTS: readonly string[] = ['/api/strategies/preview'];

/** Whole areas only an admin reaches, reads included (users and tokens are themselves secrets' keepers). */
const ADMIN_ALL = [/^\/api\/users(\/|$)/, /^\/api\/tokens(\/|$)/, /^\/settings\/users(\/|$)/, /^\/settings\/tokens(\/|$)/];
/** Areas everyone reads but only an admin changes. */
const ADMIN_CHANGES = [/^\/api\/sources(\/|$)/, /^\/api\/settings(\/|$)/];

const matches = (p: string | RegExp, path: string) => (typeof p === 'string' ? p === path : p.test(path));

/** The access a request needs, from its method and its path (without the query string). */
export function requiredAccess(method: string, path: string): Access {
  const m = method.toUpperCase();
  if (PUBLIC.some((e) => e.methods.includes(m) && matches(e.path, path))) return 'public';
  if (SIGNED_IN.some((e) => e.methods.includes(m) && e.path === path)) return 'signed-in';
  if (ADMIN_ALL.some((r) => r.test(path))) return 'admin';
  if (SAFE_METHODS.has(m)) return 'viewer';
  if (ADMIN_CHANGES.some((r) => r.test(path))) return 'admin';
  if (m === 'POST' && VIEWER_POSTS.includes(path)) return 'viewer';
  return 'operator';
}

/** The operator API (JSON answers) as opposed to pages (redirects to the sign-in page). */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

export interface OriginFacts {
  method: string;
  /** the Origin header, if any */
  origin?: string | undefined;
  /** the Sec-Fetch-Site header, if any */
  secFetchSite?: string | undefined;
  /** the Host header the request came with */
  host?: string | undefined;
  /** the Referer header, judged when there is no Origin */
  referer?: string | undefined;
}

/**
 * Whether a request that changes something comes from another site: browsers say so with
 * Sec-Fetch-Site, or with an Origin (or, when they send no Origin, a Referer) that is not this
 * host. Programs (curl, scripts) send none of them and are judged by their credentials alone.
 */
export function isCrossSite(facts: OriginFacts): boolean {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return false;
  const site = facts.secFetchSite?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const from = facts.origin ?? facts.referer;
  if (from === undefined) return false;
  if (from === 'null') return true;
  let fromHost: string;
  try {
    fromHost = new URL(from).host.toLowerCase();
  } catch {
    return true;
  }
  return !facts.host || fromHost !== facts.host.toLowerCase();
}

/**
 * The client's address behind a trusted proxy: the right-most X-Forwarded-For entry, the one the
 * proxy itself appended (entries left of it are whatever the client claimed). undefined when empty.
 */
export function forwardedClient(xForwardedFor: string | undefined): string | undefined {
  const hops = (xForwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return hops[hops.length - 1];
}

/** Headers on every console answer: no framing by other pages (clickjacking), no content sniffing. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/** Largest request body the console reads on the sign-in and other /api/auth routes (16 KiB). */
export const AUTH_BODY_LIMIT = 16 * 1024;
/** Largest request body the console reads anywhere else (1 MiB). */
export const CONSOLE_BODY_LIMIT = 1024 * 1024;

/** The body limit of a console request, from its policy path (null when the path is not in normal form: the small one). */
export function bodyLimitFor(path: string | null): number {
  return path === null || path === '/api/auth' || path.startsWith('/api/auth/') ? AUTH_BODY_LIMIT : CONSOLE_BODY_LIMIT;
}
