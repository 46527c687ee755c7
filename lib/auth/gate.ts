// The one place every console request passes before Next.js: it finds out who is asking, checks
// the policy table (lib/domain/access.ts) and the origin, and answers 401/403/429 (or sends a page
// request to the sign-in page) itself. A route added later is covered without doing anything.
import type http from 'node:http';
import { forwardedClient, isApiPath, isCrossSite, requiredAccess, roleAllows } from '../domain/access.ts';
import { methodNotAllowed, type RouteEntry } from '../domain/routes.ts';
import { problem, PROBLEM_CONTENT_TYPE, type Detail } from '../domain/problem.ts';
import type { Auth } from './service.ts';
import { CLIENT_ADDRESS_HEADER, encodePrincipal, GATE_HEADERS, PRINCIPAL_HEADER, type Principal } from './principal.ts';

export const SESSION_COOKIE = 'fulcrum_session';

export interface GateOptions {
  /** honour X-Forwarded-For and X-Forwarded-Proto (only behind a proxy that sets them) */
  trustProxy: boolean;
  /** the API's routes and their methods: a method a route lacks gets a 405 problem here */
  routes?: readonly RouteEntry[];
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The socket's address, or behind a trusted proxy the address it appended to X-Forwarded-For. */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? forwardedClient(String(req.headers['x-forwarded-for'] ?? '')) : undefined;
  return forwarded || req.socket.remoteAddress || 'unknown';
}

/** Whether the query string holds a NUL (raw or %00): refused, as no store column can hold one. */
export function queryHasNul(rawUrl: string): boolean {
  const q = rawUrl.indexOf('?');
  if (q < 0) return false;
  const query = rawUrl.slice(q + 1).split('#')[0]!;
  if (query.includes('\0')) return true;
  for (const [k, v] of new URLSearchParams(query)) if (k.includes('\0') || v.includes('\0')) return true;
  return false;
}

export function isHttps(req: http.IncomingMessage, trustProxy: boolean): boolean {
  return trustProxy && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() === 'https';
}

/** The session cookie to set (or to clear, with maxAgeS 0). */
export function sessionCookie(value: string, maxAgeS: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}

/**
 * The path the policy is judged on: dot segments resolved, percent-escapes decoded, lower case.
 * null when the path is not in normal form (then the request is refused), so that the gate and
 * Next.js's router can never see two different paths.
 */
export function policyPath(rawUrl: string): string | null {
  const raw = rawUrl.split('?')[0]!.split('#')[0]!;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  let normal: string;
  try {
    normal = new URL(raw, 'http://gate.invalid').pathname;
  } catch {
    return null;
  }
  if (normal !== raw) return null;
  try {
    const decoded = decodeURIComponent(raw);
    if ([...decoded].some((c) => c.charCodeAt(0) < 32) || /(^|\/)\.\.?(\/|$)/.test(decoded)) return null;
    return decoded.toLowerCase();
  } catch {
    return null;
  }
}

export function sendProblem(res: http.ServerResponse, status: number, detail: Detail, headers: Record<string, string> = {}) {
  const body = JSON.stringify(problem(status, detail));
  res.writeHead(status, { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function redirect(res: http.ServerResponse, location: string) {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}

/**
 * Returns a function that either answers the request itself (and resolves false) or marks the
 * request with who made it (the x-fulcrum-principal header) and resolves true to pass it on.
 */
export function createGate(auth: Auth, options: GateOptions) {
  return async function gate(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    for (const h of GATE_HEADERS) delete req.headers[h];
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = policyPath(url);
    if (path === null) {
      sendProblem(res, 400, { detail: 'the request path is not in normal form', code: 'path-not-normal' });
      return false;
    }
    if (queryHasNul(url)) {
      sendProblem(res, 400, { detail: 'the query string holds a NUL character', code: 'query-has-nul' });
      return false;
    }
    const api = isApiPath(path);
    const address = clientAddress(req, options.trustProxy);
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    const access = requiredAccess(method, path);

    const outcome = await auth.authenticate({
      authorization: req.headers.authorization,
      sessionId: readCookie(req.headers.cookie, SESSION_COOKIE),
      address,
    });
    const principal: Principal | null = outcome?.ok ? outcome.principal : null;
    if (principal) req.headers[PRINCIPAL_HEADER] = encodePrincipal(principal);
    // a method the route lacks: a problem with the methods it has (Next.js would answer an empty 405)
    const passOn = (): boolean => {
      const allowed = api && options.routes ? methodNotAllowed(options.routes, method, path) : null;
      if (!allowed) return true;
      const detail = `${method} is not allowed here; this path answers ${allowed.join(', ')}`;
      sendProblem(res, 405, { detail, code: 'method-not-allowed', params: { method, allowed: allowed.join(', ') } }, { allow: allowed.join(', ') });
      return false;
    };
    if (access === 'public') return passOn();

    if (outcome && !outcome.ok) {
      sendProblem(res, outcome.status, outcome.refusal ? { detail: outcome.detail, ...outcome.refusal } : outcome.detail, outcome.retryAfterS ? { 'retry-after': String(outcome.retryAfterS) } : {});
      return false;
    }
    if (!principal) {
      if (api) sendProblem(res, 401, { detail: 'sign in, or send Authorization: Bearer <token> or Basic <name:password>', code: 'unauthenticated' }, { 'www-authenticate': 'Bearer realm="fulcrum"' });
      else redirect(res, `/sign-in?next=${encodeURIComponent(url)}`);
      return false;
    }
    if (isCrossSite({ method, origin: req.headers.origin, secFetchSite: req.headers['sec-fetch-site'] as string | undefined, host: req.headers.host, referer: req.headers.referer })) {
      sendProblem(res, 403, { detail: 'a cross-site request may not change anything here', code: 'cross-site' });
      return false;
    }
    if (principal.mustChangePassword && access !== 'signed-in') {
      if (api) sendProblem(res, 403, { detail: 'change your password first (POST /api/auth/password)', code: 'password-change-required' });
      else redirect(res, '/change-password');
      return false;
    }
    if (access !== 'signed-in' && !roleAllows(principal.role, access)) {
      if (api) sendProblem(res, 403, { detail: `this needs the ${access} role; ${principal.name} is ${principal.role}`, code: 'role-required', params: { need: access, name: principal.name, role: principal.role } });
      else {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(`403: this page needs the ${access} role; ${principal.name} is ${principal.role}\n`);
      }
      return false;
    }
    return passOn();
  };
}
