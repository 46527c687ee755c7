// Shared by the /api/auth routes: the session cookie as this request's transport allows it.
import { getRuntime, type Runtime } from '../runtime.ts';
import { sameOriginPath } from '../domain/redirect.ts';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../auth/gate.ts';
import { isCrossSite } from '../domain/access.ts';

/** Secure when the console is reached over HTTPS (known only behind a trusted proxy, or from FULCRUM_PUBLIC_URL). */
export function secureCookies(request: Request, runtime: Runtime): boolean {
  if (runtime.config.FULCRUM_PUBLIC_URL?.startsWith('https:')) return true;
  return runtime.config.FULCRUM_TRUST_PROXY === 'on' && (request.headers.get('x-forwarded-proto') ?? '').split(',')[0]!.trim() === 'https';
}

export function setSessionCookie(request: Request, runtime: Runtime, sessionId: string, expiresAt: Date): string {
  return sessionCookie(sessionId, Math.max(0, Math.floor((expiresAt.getTime() - runtime.now().getTime()) / 1000)), secureCookies(request, runtime));
}

export function clearSessionCookie(request: Request, runtime: Runtime): string {
  return sessionCookie('', 0, secureCookies(request, runtime));
}

export function sessionIdOf(request: Request): string | undefined {
  return readCookie(request.headers.get('cookie') ?? undefined, SESSION_COOKIE);
}

/** Sign-in is public, so the gate does not check its origin: the route does (no login CSRF). */
export function crossSite(request: Request): boolean {
  return isCrossSite({
    method: request.method,
    origin: request.headers.get('origin') ?? undefined,
    secFetchSite: request.headers.get('sec-fetch-site') ?? undefined,
    host: request.headers.get('host') ?? undefined,
    referer: request.headers.get('referer') ?? undefined,
  });
}

/** A `next` parameter as a path on the console's own origin, else "/" (no open redirect; lib/domain/redirect.ts). */
export function safeNext(next: string | null | undefined): string {
  const config = getRuntime()?.config;
  return sameOriginPath(next, config?.FULCRUM_PUBLIC_URL ?? `http://localhost:${config?.PORT ?? 3000}`);
}
