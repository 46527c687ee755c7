// Shared by the /api/auth routes: the session cookie as this request's transport allows it.
import { getRuntime, type Runtime } from '../runtime.ts';
import { sameOriginPath } from '../domain/redirect.ts';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../auth/gate.ts';
import { isCrossSite } from '../domain/access.ts';
import { LOCALE_COOKIE, THEME_COOKIE, TIME_ZONE_COOKIE, type Preferences } from '../i18n/config.ts';

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

/** Cookies (a year, readable by the page like the ones the switches set) for each choice a user made. */
export function preferenceCookies(user: Preferences): string[] {
  const out: string[] = [];
  for (const [name, value] of [[LOCALE_COOKIE, user.locale], [TIME_ZONE_COOKIE, user.timeZone], [THEME_COOKIE, user.theme]] as const) {
    if (value) out.push(`${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax`);
  }
  return out;
}
