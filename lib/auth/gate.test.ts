// The gate's own refusals (400, 401, 403, 405) are problem+json with a stable code and its params,
// like every other refusal, so the console can say them in the operator's language.
import { describe, expect, it } from 'vitest';
import type http from 'node:http';
import { createGate } from './gate.ts';
import type { Auth, AuthOutcome } from './service.ts';
import type { Principal } from './principal.ts';
import { routeEntry } from '../domain/routes.ts';

const viewer: Principal = { kind: 'user', id: 2, name: 'vera', role: 'viewer', via: 'basic', mustChangePassword: false };
const admin: Principal = { ...viewer, role: 'admin' };

/** Sends one request through a gate whose authentication answers `outcome`; returns what it answered. */
async function through(outcome: AuthOutcome | null, method: string, url: string, headers: http.IncomingHttpHeaders = {}) {
  const auth = { authenticate: async () => outcome } as unknown as Auth;
  const gate = createGate(auth, { trustProxy: false, routes: [routeEntry('api/servers', ['GET'])] });
  const req = { method, url, headers: { host: 'console.test', ...headers }, socket: { remoteAddress: '127.0.0.1' } } as unknown as http.IncomingMessage;
  let status = 0;
  let body = '';
  const res = {
    writeHead(s: number) {
      status = s;
      return this;
    },
    end(b?: string) {
      body = b ?? '';
    },
  } as unknown as http.ServerResponse;
  const passed = await gate(req, res);
  return { passed, status, json: body ? (JSON.parse(body) as Record<string, unknown>) : undefined };
}

describe('the gate refuses with a code', () => {
  it('401 without credentials, and with a token it does not know', async () => {
    expect(await through(null, 'GET', '/api/servers')).toMatchObject({ passed: false, status: 401, json: { status: 401, code: 'unauthenticated', detail: expect.stringMatching(/sign in/) } });
    const unknown: AuthOutcome = { ok: false, status: 401, detail: 'the token is unknown, expired or revoked', refusal: { code: 'token-invalid' } };
    expect(await through(unknown, 'GET', '/api/servers')).toMatchObject({ status: 401, json: { code: 'token-invalid' } });
  });

  it('403 below the role, naming both roles, and before the password is changed', async () => {
    expect(await through({ ok: true, principal: viewer }, 'POST', '/api/rollouts')).toMatchObject({
      status: 403,
      json: { code: 'role-required', params: { need: 'operator', name: 'vera', role: 'viewer' } },
    });
    expect(await through({ ok: true, principal: { ...viewer, mustChangePassword: true } }, 'GET', '/api/servers')).toMatchObject({ status: 403, json: { code: 'password-change-required' } });
  });

  it('403 for a change from another site', async () => {
    expect(await through({ ok: true, principal: admin }, 'POST', '/api/rollouts', { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' })).toMatchObject({ status: 403, json: { code: 'cross-site' } });
  });

  it('405 for a method the route lacks, with the methods it has', async () => {
    expect(await through({ ok: true, principal: admin }, 'DELETE', '/api/servers')).toMatchObject({
      status: 405,
      json: { code: 'method-not-allowed', params: { method: 'DELETE', allowed: expect.stringContaining('GET') } },
    });
  });

  it('400 for a path not in normal form or a NUL in the query', async () => {
    expect(await through(null, 'GET', '/api/../api/servers')).toMatchObject({ status: 400, json: { code: 'path-not-normal' } });
    expect(await through(null, 'GET', '/api/servers?q=%00')).toMatchObject({ status: 400, json: { code: 'query-has-nul' } });
  });

  it('passes a request it allows on', async () => {
    expect(await through({ ok: true, principal: viewer }, 'GET', '/api/servers')).toMatchObject({ passed: true, status: 0 });
  });
});
