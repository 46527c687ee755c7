import { describe, expect, it } from 'vitest';
import { AUTH_BODY_LIMIT, bodyLimitFor, CONSOLE_BODY_LIMIT, forwardedClient, isCrossSite, requiredAccess, roleAllows } from './access.ts';

describe('requiredAccess', () => {
  it('opens only the listed public paths', () => {
    expect(requiredAccess('GET', '/api/health')).toBe('public');
    expect(requiredAccess('POST', '/api/auth/sign-in')).toBe('public');
    expect(requiredAccess('GET', '/sign-in')).toBe('public');
    expect(requiredAccess('GET', '/_next/static/chunks/x.js')).toBe('public');
    // the same paths with another method, or a neighbour, are not public
    expect(requiredAccess('POST', '/api/health')).toBe('operator');
    expect(requiredAccess('GET', '/api/auth/sign-in')).toBe('viewer');
    expect(requiredAccess('GET', '/_next/image')).toBe('viewer');
    expect(requiredAccess('GET', '/api/healthz')).toBe('viewer');
  });

  it('lets viewers read, operators change, admins manage users, tokens, sources and settings', () => {
    expect(requiredAccess('GET', '/api/overview')).toBe('viewer');
    expect(requiredAccess('HEAD', '/overview')).toBe('viewer');
    expect(requiredAccess('POST', '/api/alert-rules')).toBe('operator');
    expect(requiredAccess('DELETE', '/api/silences/3')).toBe('operator');
    expect(requiredAccess('POST', '/api/rollouts/9/promote')).toBe('operator');
    expect(requiredAccess('PUT', '/api/maintenance/freeze')).toBe('operator');
    expect(requiredAccess('GET', '/api/maintenance/freeze')).toBe('viewer');
    expect(requiredAccess('GET', '/api/sources')).toBe('viewer');
    expect(requiredAccess('POST', '/api/sources')).toBe('admin');
    expect(requiredAccess('PUT', '/api/settings/mix-weights')).toBe('admin');
    expect(requiredAccess('GET', '/api/users')).toBe('admin');
    expect(requiredAccess('GET', '/api/tokens/4')).toBe('admin');
    expect(requiredAccess('GET', '/settings/users')).toBe('admin');
    expect(requiredAccess('POST', '/api/strategies/preview')).toBe('viewer');
    expect(requiredAccess('POST', '/api/auth/sign-out')).toBe('signed-in');
  });

  it('protects a route nobody listed', () => {
    expect(requiredAccess('PATCH', '/api/something-new')).toBe('operator');
    expect(requiredAccess('GET', '/api/something-new')).toBe('viewer');
    expect(requiredAccess('GET', '/a-new-page')).toBe('viewer');
  });
});

describe('roleAllows', () => {
  it('orders viewer < operator < admin', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'operator')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'admin')).toBe(false);
  });
});

describe('isCrossSite', () => {
  const host = 'console.example:3000';
  it('refuses a change from another origin or site', () => {
    expect(isCrossSite({ method: 'POST', origin: 'https://evil.example', host })).toBe(true);
    expect(isCrossSite({ method: 'POST', origin: 'null', host })).toBe(true);
    expect(isCrossSite({ method: 'PUT', secFetchSite: 'cross-site', host })).toBe(true);
    expect(isCrossSite({ method: 'DELETE', secFetchSite: 'same-site', origin: 'http://console.example:3000', host })).toBe(true);
    expect(isCrossSite({ method: 'POST', origin: 'not a url', host })).toBe(true);
  });
  it('lets same-origin changes, reads, and programs without Origin through', () => {
    expect(isCrossSite({ method: 'POST', origin: 'http://console.example:3000', secFetchSite: 'same-origin', host })).toBe(false);
    expect(isCrossSite({ method: 'GET', origin: 'https://evil.example', host })).toBe(false);
    expect(isCrossSite({ method: 'POST', host })).toBe(false);
  });
});

describe('bodyLimitFor', () => {
  it('gives the auth routes (and paths not in normal form) the small limit, the rest the documented one', () => {
    expect([AUTH_BODY_LIMIT, CONSOLE_BODY_LIMIT]).toEqual([16 * 1024, 1024 * 1024]);
    for (const p of ['/api/auth/sign-in', '/api/auth/password', '/api/auth', null]) expect(bodyLimitFor(p), String(p)).toBe(AUTH_BODY_LIMIT);
    for (const p of ['/api/alert-rules', '/api/authors', '/api/strategies/preview', '/overview']) expect(bodyLimitFor(p), p).toBe(CONSOLE_BODY_LIMIT);
  });
});

describe('isCrossSite without an Origin', () => {
  const host = 'console.example:3000';
  it('judges the Referer instead', () => {
    expect(isCrossSite({ method: 'POST', referer: 'https://evil.example/page', host })).toBe(true);
    expect(isCrossSite({ method: 'DELETE', referer: 'not a url', host })).toBe(true);
    expect(isCrossSite({ method: 'POST', referer: 'http://console.example:3000/alerts', host })).toBe(false);
    // an Origin, when there is one, decides
    expect(isCrossSite({ method: 'POST', origin: 'http://console.example:3000', referer: 'https://evil.example/', host })).toBe(false);
    expect(isCrossSite({ method: 'GET', referer: 'https://evil.example/', host })).toBe(false);
  });
});

describe('forwardedClient', () => {
  it('takes the right-most X-Forwarded-For entry, the one the trusted proxy appended', () => {
    expect(forwardedClient('6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(forwardedClient(' 6.6.6.6 ,203.0.113.9 , ')).toBe('203.0.113.9');
    expect(forwardedClient('203.0.113.9')).toBe('203.0.113.9');
    expect(forwardedClient('')).toBeUndefined();
    expect(forwardedClient(undefined)).toBeUndefined();
  });
});
