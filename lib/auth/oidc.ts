// OIDC single sign-on (authorization code flow with PKCE, state and nonce) through openid-client.
// The flow's secrets ride in a short-lived HttpOnly cookie, so any replica can finish a sign-in.
import * as client from 'openid-client';
import type { Config } from '../config.ts';

import { OIDC_COOKIE } from './oidc-cookie.ts';
const FLOW_MAX_AGE_S = 600;

export interface OidcIdentity {
  subject: string;
  /** a user name for a new account: preferred_username, else the e-mail's local part, else the subject */
  name: string;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export async function createOidc(config: Config) {
  const issuer = new URL(config.FULCRUM_OIDC_ISSUER!);
  const redirectUri = new URL('/api/auth/oidc/callback', config.FULCRUM_PUBLIC_URL!).toString();
  // plain http is allowed only for an issuer on this machine (a test provider, or a local proxy)
  const configuration = await client.discovery(
    issuer,
    config.FULCRUM_OIDC_CLIENT_ID!,
    config.FULCRUM_OIDC_CLIENT_SECRET,
    undefined,
    isLoopback(issuer) && issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  const secure = new URL(config.FULCRUM_PUBLIC_URL!).protocol === 'https:';

  return {
    role: config.FULCRUM_OIDC_ROLE,
    /** Where to send the browser, and the cookie that remembers this attempt. */
    async start(next: string): Promise<{ location: string; cookie: string }> {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: 'openid profile email',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const value = Buffer.from(JSON.stringify({ verifier, state, nonce, next })).toString('base64url');
      return {
        location: url.href,
        cookie: `${OIDC_COOKIE}=${value}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${FLOW_MAX_AGE_S}${secure ? '; Secure' : ''}`,
      };
    },
    /** Finishes the flow from the callback's query string; throws when anything does not check out. */
    async finish(search: string, cookieValue: string | undefined): Promise<OidcIdentity & { next: string }> {
      if (!cookieValue) throw new Error('the sign-in attempt expired or was started elsewhere; start again');
      const flow = JSON.parse(Buffer.from(cookieValue, 'base64url').toString('utf8')) as { verifier: string; state: string; nonce: string; next: string };
      const current = new URL(redirectUri);
      current.search = search;
      const tokens = await client.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const preferred = typeof claims.preferred_username === 'string' ? claims.preferred_username : typeof claims.email === 'string' ? claims.email.split('@')[0]! : claims.sub;
      const name = preferred.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64) || 'sso-user';
      return { subject: `${issuer.href}#${claims.sub}`, name, next: flow.next };
    },
    clearCookie: () => `${OIDC_COOKIE}=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`,
  };
}

export type Oidc = Awaited<ReturnType<typeof createOidc>>;
