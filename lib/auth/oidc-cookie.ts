// The cookie that carries an OIDC sign-in attempt (state, nonce, PKCE verifier) to its callback.
export const OIDC_COOKIE = 'fulcrum_oidc';
