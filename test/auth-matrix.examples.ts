// The route × credential matrix's table: for every route file's every method, the role it needs
// (written here by hand, independent of the policy code) and one request that succeeds when the
// role is right. A route without an entry fails test/auth-matrix.int.test.ts: add one here.
export type Need = 'public' | 'signed-in' | 'viewer' | 'operator' | 'admin';

export interface MatrixContext {
  /** an operator-API request as the admin (to create what an example acts on) */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** a fresh name or number on every call */
  unique(): number;
  /** a webhook receiver that answers 200 */
  receiverUrl: string;
  /** a server the store knows */
  serverAddress: string;
  /** name and password of a user who may sign in */
  signInUser: { name: string; password: string };
}

export interface Example {
  need: Need;
  /** builds the request, creating (as the admin) whatever it acts on; called before every send */
  request(ctx: MatrixContext): Promise<{ path: string; body?: unknown }> | { path: string; body?: unknown };
  /** statuses that mean "let through and done" (default: any 2xx) */
  ok?: number[];
}

const get = (path: string, need: Need = 'viewer'): Example => ({ need, request: () => ({ path }) });
const rule = (name: string) => ({ name, series: { metric: 'maxMean', measure: 'apps' }, comparator: '>', threshold: 1.5, forSeconds: 120, severity: 'warning' });
const silence = () => ({ matchers: [{ name: 'server', value: '10.0.0.5:7700' }], startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'matrix' });
const steps = [{ percent: 10, pause: { manual: true } }];

async function created(ctx: MatrixContext, path: string, body: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await ctx.admin('POST', path, body);
  if (r.status !== 201 && r.status !== 200) throw new Error(`setup POST ${path}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

export const EXAMPLES: Record<string, Example> = {
  'GET /api/health': get('/api/health', 'public'),
  'GET /api/openapi.json': get('/api/openapi.json', 'public'),
  'POST /api/auth/sign-in': { need: 'public', request: (ctx) => ({ path: '/api/auth/sign-in', body: ctx.signInUser }) },
  'GET /api/auth/oidc/start': { need: 'public', request: () => ({ path: '/api/auth/oidc/start' }), ok: [404] }, // no OIDC configured here
  'GET /api/auth/oidc/callback': { need: 'public', request: () => ({ path: '/api/auth/oidc/callback?code=x&state=y' }), ok: [404] },
  'GET /api/auth/me': get('/api/auth/me', 'signed-in'),
  'POST /api/auth/sign-out': { need: 'signed-in', request: () => ({ path: '/api/auth/sign-out' }) },
  // an invalid body: let through, refused by validation (a valid one would change the password)
  'POST /api/auth/password': { need: 'signed-in', request: () => ({ path: '/api/auth/password', body: { current: 'x', next: 'short' } }), ok: [400] },
  // a viewer keeps her own language; a token has none (403 after the gate let it through)
  'PUT /api/auth/preferences': { need: 'signed-in', request: () => ({ path: '/api/auth/preferences', body: { theme: 'dark' } }), ok: [200, 403] },

  // a path no route serves: the gate still asks for a role (unlisted is protected), then a problem+json 404
  'GET /api/[...path]': { need: 'viewer', request: () => ({ path: '/api/no-such-thing' }), ok: [404] },
  'POST /api/[...path]': { need: 'operator', request: () => ({ path: '/api/no-such-thing', body: {} }), ok: [404] },
  'PUT /api/[...path]': { need: 'operator', request: () => ({ path: '/api/no/such/thing', body: {} }), ok: [404] },
  'PATCH /api/[...path]': { need: 'operator', request: () => ({ path: '/api/no-such-thing', body: {} }), ok: [404] },
  'DELETE /api/[...path]': { need: 'operator', request: () => ({ path: '/api/no-such-thing' }), ok: [404] },

  'GET /api/overview': get('/api/overview'),
  'GET /api/apps': get('/api/apps'),
  'GET /api/workers': get('/api/workers'),
  'GET /api/series/fairness': get('/api/series/fairness?range=15m'),
  'GET /api/servers/[address]': { need: 'viewer', request: (ctx) => ({ path: `/api/servers/${encodeURIComponent(ctx.serverAddress)}` }) },
  // the matrix's server is up: let through, and refused for that
  'DELETE /api/servers/[address]': { need: 'operator', request: (ctx) => ({ path: `/api/servers/${encodeURIComponent(ctx.serverAddress)}` }), ok: [409] },
  // cordoned (or refused as the last live server not cordoned, by what else the matrix made); the uncordon example after it lifts it
  'POST /api/servers/[address]/cordon': { need: 'operator', request: (ctx) => ({ path: `/api/servers/${encodeURIComponent(ctx.serverAddress)}/cordon` }), ok: [200, 409] },
  'POST /api/servers/[address]/uncordon': { need: 'operator', request: (ctx) => ({ path: `/api/servers/${encodeURIComponent(ctx.serverAddress)}/uncordon` }) },
  'GET /api/servers/[address]/drain': { need: 'viewer', request: (ctx) => ({ path: `/api/servers/${encodeURIComponent(ctx.serverAddress)}/drain` }) },
  // a server nobody knows: refused with 404 by the route once the gate let it through, so that no drain moves the matrix's apps meanwhile
  'POST /api/servers/[address]/drain': { need: 'operator', request: () => ({ path: '/api/servers/10.255.255.1%3A7700/drain', body: { reason: 'matrix' } }), ok: [404] },
  'POST /api/servers/[address]/restore': { need: 'operator', request: () => ({ path: '/api/servers/10.255.255.1%3A7700/restore' }), ok: [404] },
  'GET /api/rolling-restarts': get('/api/rolling-restarts'),
  // a server nobody knows: refused with 404 once the gate let it through, so that no rolling restart drains the matrix's servers
  'POST /api/rolling-restarts': { need: 'operator', request: () => ({ path: '/api/rolling-restarts', body: { servers: ['10.255.255.1:7700'] } }), ok: [404] },
  'GET /api/rolling-restarts/[id]': { need: 'viewer', request: () => ({ path: '/api/rolling-restarts/rr-nosuch' }), ok: [404] },
  'POST /api/rolling-restarts/[id]/[action]': { need: 'operator', request: () => ({ path: '/api/rolling-restarts/rr-nosuch/pause' }), ok: [404] },
  'POST /api/servers/[address]/confirm': { need: 'operator', request: (ctx) => ({ path: `/api/servers/${encodeURIComponent(ctx.serverAddress)}/confirm` }) },
  'GET /api/maintenance/freeze': get('/api/maintenance/freeze'),
  // unfreezing is let through and done (a freeze would stop the other examples' nothing, but say so on every page)
  'PUT /api/maintenance/freeze': { need: 'operator', request: () => ({ path: '/api/maintenance/freeze', body: { frozen: false, reason: 'matrix' } }) },
  'GET /api/maintenance': get('/api/maintenance'),
  'GET /api/maintenance/move-windows': get('/api/maintenance/move-windows'),
  'GET /api/maintenance/steering': get('/api/maintenance/steering'),
  // switched off (as it is by default), so that no steering moves the matrix's apps
  'PUT /api/maintenance/steering': { need: 'operator', request: () => ({ path: '/api/maintenance/steering', body: { enabled: false, reason: 'matrix' } }) },
  'PUT /api/maintenance/move-windows': { need: 'operator', request: () => ({ path: '/api/maintenance/move-windows', body: { timeZone: 'UTC', rollout: null } }) },
  'GET /api/strategies': get('/api/strategies'),
  'POST /api/strategies/preview': { need: 'viewer', request: () => ({ path: '/api/strategies/preview', body: { candidate: { kind: 'rendezvous' } } }) },
  'GET /api/audit': get('/api/audit'),
  'GET /api/alerts': get('/api/alerts'),
  'GET /api/alerts/history': get('/api/alerts/history'),
  'GET /api/rollouts/markers': { need: 'viewer', request: () => ({ path: `/api/rollouts/markers?from=${Date.now() - 3_600_000}&to=${Date.now()}` }) },
  'GET /api/rollouts/follow-rate': get('/api/rollouts/follow-rate'),

  'GET /api/delivery': get('/api/delivery'),
  'GET /api/delivery/answer': get('/api/delivery/answer?app=app-01&worker=10.1.0.1:27777&version=5.1.1'),
  'GET /api/demo/servers': get('/api/demo/servers'),
  'POST /api/demo/servers': { need: 'operator', request: () => ({ path: '/api/demo/servers' }) },
  'POST /api/demo/servers/[address]/[action]': {
    need: 'operator',
    request: async (ctx) => {
      const { servers } = (await ctx.admin('GET', '/api/demo/servers')).json as { servers: { address: string }[] };
      return { path: `/api/demo/servers/${encodeURIComponent(servers[0]!.address)}/start` };
    },
  },
  'POST /api/demo/workers/restart': { need: 'operator', request: () => ({ path: '/api/demo/workers/restart', body: { app: 'app-01' } }) },

  'GET /api/alert-rules': get('/api/alert-rules'),
  'POST /api/alert-rules': { need: 'operator', request: (ctx) => ({ path: '/api/alert-rules', body: rule(`matrix-${ctx.unique()}`) }) },
  'POST /api/alert-rules/backtest': { need: 'operator', request: () => ({ path: '/api/alert-rules/backtest?range=1h', body: rule('backtest') }) },
  'GET /api/alert-rules/[id]': { need: 'viewer', request: async (ctx) => ({ path: `/api/alert-rules/${(await created(ctx, '/api/alert-rules', rule(`matrix-${ctx.unique()}`))).id}` }) },
  'PUT /api/alert-rules/[id]': {
    need: 'operator',
    request: async (ctx) => {
      const r = await created(ctx, '/api/alert-rules', rule(`matrix-${ctx.unique()}`));
      return { path: `/api/alert-rules/${r.id}`, body: { ...rule(`matrix-${ctx.unique()}`), threshold: 2, version: r.version } };
    },
  },
  'DELETE /api/alert-rules/[id]': { need: 'operator', request: async (ctx) => ({ path: `/api/alert-rules/${(await created(ctx, '/api/alert-rules', rule(`matrix-${ctx.unique()}`))).id}` }) },

  'GET /api/silences': get('/api/silences'),
  'POST /api/silences': { need: 'operator', request: () => ({ path: '/api/silences', body: silence() }) },
  'POST /api/silences/preview': { need: 'operator', request: () => ({ path: '/api/silences/preview', body: { matchers: 'alertname="apps skew"' } }) },
  'DELETE /api/silences/[id]': { need: 'operator', request: async (ctx) => ({ path: `/api/silences/${(await created(ctx, '/api/silences', silence())).id}` }) },

  'GET /api/contact-points': get('/api/contact-points'),
  'POST /api/contact-points': { need: 'operator', request: (ctx) => ({ path: '/api/contact-points', body: { name: `cp-${ctx.unique()}`, url: ctx.receiverUrl } }) },
  'PUT /api/contact-points/[id]': {
    need: 'operator',
    request: async (ctx) => {
      const cp = await created(ctx, '/api/contact-points', { name: `cp-${ctx.unique()}`, url: ctx.receiverUrl });
      return { path: `/api/contact-points/${cp.id}`, body: { name: `cp-${ctx.unique()}`, url: ctx.receiverUrl, enabled: false } };
    },
  },
  'DELETE /api/contact-points/[id]': { need: 'operator', request: async (ctx) => ({ path: `/api/contact-points/${(await created(ctx, '/api/contact-points', { name: `cp-${ctx.unique()}`, url: ctx.receiverUrl })).id}` }) },
  'POST /api/contact-points/[id]/test': { need: 'operator', request: async (ctx) => ({ path: `/api/contact-points/${(await created(ctx, '/api/contact-points', { name: `cp-${ctx.unique()}`, url: ctx.receiverUrl })).id}/test` }) },

  'GET /api/rollouts': get('/api/rollouts'),
  'POST /api/rollouts': { need: 'operator', request: (ctx) => ({ path: '/api/rollouts', body: { name: `matrix-${ctx.unique()}`, candidate: { kind: 'rendezvous' }, steps } }) },
  'GET /api/rollouts/[id]': { need: 'viewer', request: async (ctx) => ({ path: `/api/rollouts/${(await created(ctx, '/api/rollouts', { name: `matrix-${ctx.unique()}`, candidate: { kind: 'rendezvous' }, steps })).id}` }) },
  'POST /api/rollouts/[id]/[action]': {
    need: 'operator',
    // a rollout started by the admin, then aborted by the credential under test (so none stays running)
    request: async (ctx) => {
      const r = await created(ctx, '/api/rollouts', { name: `matrix-${ctx.unique()}`, candidate: { kind: 'rendezvous' }, steps });
      await created(ctx, `/api/rollouts/${r.id}/start`, undefined);
      return { path: `/api/rollouts/${r.id}/abort`, body: { reason: 'matrix' } };
    },
  },

  'GET /api/sources': get('/api/sources'),
  'POST /api/sources': { need: 'admin', request: (ctx) => ({ path: '/api/sources', body: { address: `127.0.0.1:${20000 + ctx.unique()}` } }) },
  'PUT /api/sources/[address]': {
    need: 'admin',
    request: async (ctx) => {
      const from = `127.0.0.1:${20000 + ctx.unique()}`;
      await created(ctx, '/api/sources', { address: from });
      return { path: `/api/sources/${encodeURIComponent(from)}`, body: { address: `127.0.0.1:${20000 + ctx.unique()}` } };
    },
  },
  'DELETE /api/sources/[address]': {
    need: 'admin',
    request: async (ctx) => {
      const address = `127.0.0.1:${20000 + ctx.unique()}`;
      await created(ctx, '/api/sources', { address });
      return { path: `/api/sources/${encodeURIComponent(address)}` };
    },
  },
  'GET /api/settings/mix-weights': get('/api/settings/mix-weights'),
  'PUT /api/settings/mix-weights': { need: 'admin', request: (ctx) => ({ path: '/api/settings/mix-weights', body: { apps: 1, workers: ctx.unique(), running: 0 } }) },

  'GET /api/users': get('/api/users', 'admin'),
  'POST /api/users': { need: 'admin', request: (ctx) => ({ path: '/api/users', body: { name: `u${ctx.unique()}`, role: 'viewer', password: 'matrix-password-1' } }) },
  'PATCH /api/users/[id]': {
    need: 'admin',
    request: async (ctx) => ({ path: `/api/users/${(await created(ctx, '/api/users', { name: `u${ctx.unique()}`, role: 'viewer', password: 'matrix-password-1' })).id}`, body: { role: 'operator' } }),
  },
  'DELETE /api/users/[id]': {
    need: 'admin',
    request: async (ctx) => ({ path: `/api/users/${(await created(ctx, '/api/users', { name: `u${ctx.unique()}`, role: 'viewer', password: 'matrix-password-1' })).id}` }),
  },
  'GET /api/tokens': get('/api/tokens', 'admin'),
  'POST /api/tokens': { need: 'admin', request: (ctx) => ({ path: '/api/tokens', body: { name: `t${ctx.unique()}`, role: 'viewer', expiresAt: null } }) },
  'DELETE /api/tokens/[id]': {
    need: 'admin',
    request: async (ctx) => ({ path: `/api/tokens/${(await created(ctx, '/api/tokens', { name: `t${ctx.unique()}`, role: 'viewer', expiresAt: null })).id}` }),
  },
};
