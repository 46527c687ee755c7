// The web endpoints of an emulated server (powerjob.md §4), answered in PowerJob's ResultDTO
// envelope; errors carry PowerResultDTO's `code` ("-100": not logged in).
import { createHmac } from 'node:crypto';
import type http from 'node:http';
import net from 'node:net';
import { timedOut, type EmulatedServer } from './server.ts';

export type Result = { success: boolean; data: unknown; message: string | null; code?: string | null };
/** Spring Boot's own error body for a path no controller maps (what PowerJob answers with 404) */
export class NotFound {
  constructor(readonly path: string) {}
  body(now: number) {
    return { timestamp: new Date(now).toISOString().replace('Z', '+00:00'), status: 404, error: 'Not Found', path: this.path };
  }
}
const ok = (data: unknown): Result => ({ success: true, data, message: null });
const fail = (message: string, code?: string): Result => ({ success: false, data: null, message, ...(code ? { code } : {}) });

const JWT_EXPIRE_S = 604_800; // oms.auth.security.jwt.expire-seconds

/** "yyyy-MM-dd HH:mm:ss", as the console's VOs format times (UTC here) */
const formatTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

function token(server: EmulatedServer): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ userId: 1, username: 'ADMIN', exp: Math.floor(server.cluster.clock.now() / 1000) + JWT_EXPIRE_S });
  const sig = createHmac('sha256', server.cluster.secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

function validToken(server: EmulatedServer, jwt: string | undefined): boolean {
  const [head, body, sig] = (jwt ?? '').split('.');
  if (!head || !body || !sig) return false;
  if (createHmac('sha256', server.cluster.secret).update(`${head}.${body}`).digest('base64url') !== sig) return false;
  try {
    const { exp } = JSON.parse(Buffer.from(body, 'base64url').toString()) as { exp: number };
    return exp * 1000 > server.cluster.clock.now();
  } catch {
    return false;
  }
}

/** fastjson leaves null fields out (PowerJob's default serializer features), at every depth */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)])) as T;
}

/** Spring's boolean conversion of a request parameter (`true`, `on`, `yes`, `1`), as `debug` is read */
export function springBoolean(value: string | null): boolean {
  return value !== null && ['true', 'on', 'yes', '1'].includes(value.trim().toLowerCase());
}

export function hello(server: EmulatedServer, debug: boolean) {
  const now = server.cluster.clock.now();
  return {
    localHost: server.ip,
    serverInfo: server.serverInfo(),
    serverTime: formatTime(now),
    serverTimeTs: now,
    serverTimeZone: 'UTC',
    appIds: [...server.holders.keys()].sort((a, b) => a - b),
    // fastjson writes the transporter's getters too; PowerJob 4.3.9 answers {protocol: {}} there
    defaultAddress: { protocol: 'HTTP', address: server.defaultAddress, transporter: { protocol: {} }, externalAddress: server.defaultAddress },
    ...(debug
      ? {
          appId2ClusterInfo: Object.fromEntries(
            [...server.holders].map(([appId, h]) => [String(appId), { allWorkers: Object.fromEntries([...h.workers].map(([a, w]) => [a, withoutNulls(w)])) }]),
          ),
        }
      : {}),
  };
}

function login(server: EmulatedServer, body: unknown): Result {
  const origin = (body as { originParams?: unknown } | null)?.originParams;
  let creds: { username?: string; password?: string } = {};
  try {
    creds = typeof origin === 'string' ? JSON.parse(origin) : {};
  } catch {
    return fail('originParams is not JSON');
  }
  // as PowerJob 5.1.1's PwjbAccountLoginService and ControllerExceptionHandler answer: an unknown user
  // is PowerJobAuthException(USER_NOT_EXIST), a wrong password a plain PowerJobException (no code)
  if (creds.username !== 'ADMIN') return fail('PowerJobAuthException: UserNotExist', '-101');
  if (creds.password !== server.cluster.password) return { success: false, data: null, message: 'PowerJobException: password is incorrect', code: null };
  return ok({ id: 1, username: 'ADMIN', nick: 'ADMIN', phone: null, email: null, webHook: null, extra: null, jwtToken: token(server) });
}

export async function route(server: EmulatedServer, method: string, url: URL, headers: http.IncomingHttpHeaders, body: unknown): Promise<Result | NotFound> {
  const q = (k: string) => url.searchParams.get(k);
  const { db, clock, serverVersion } = server.cluster;
  const path = url.pathname;

  if (method === 'GET' && (path === '/server/assert' || path === '/server/assertV2')) {
    const app = db.appsByName.get(q('appName') ?? '');
    if (!app) return fail(`app(${q('appName')}) is not registered! Please register the app in oms-console first.`);
    return ok(path === '/server/assert' ? app.id : { appId: app.id });
  }
  if (method === 'GET' && path === '/server/acquire') {
    const r = await server.acquire(Number(q('appId')), q('protocol') ?? 'AKKA', q('currentServer') || null);
    return r.ok ? ok(r.address) : fail(r.message);
  }
  if (method === 'GET' && path === '/server/hello') return ok(hello(server, springBoolean(q('debug'))));
  if (method === 'GET' && path === '/server/checkConnectivity') return ok(await reachable(q('targetIp') ?? '', Number(q('targetPort'))));
  // 4.3.x has no console login: Spring's 404
  if (method === 'POST' && path === '/auth/thirdPartyLoginDirect') return serverVersion.startsWith('4.') ? new NotFound(path) : login(server, body);

  // the console API: 4.3.x had no login; from 5.0 it needs a PowerJwt (or legacy Power_jwt) header
  const consoleCall = path.startsWith('/appInfo/') || path.startsWith('/system/');
  const jwt = (headers['powerjwt'] ?? headers['power_jwt']) as string | undefined;
  if (consoleCall && !serverVersion.startsWith('4.') && !validToken(server, jwt)) return fail('PowerJobAuthException: UserNotLoggedIn', '-100');

  if (path === '/appInfo/list' && (method === 'POST' || method === 'GET')) {
    const all = [...db.apps.values()].map((a) => ({ id: a.id, appName: a.appName, namespaceId: null, title: a.appName }));
    if (method === 'GET') {
      // 4.3.x: GET ?condition=: the first 200 apps whose name contains it (LIKE %c%, MySQL's case-insensitive collation)
      const c = (q('condition') ?? '').toLowerCase();
      return ok(all.filter((a) => a.appName.toLowerCase().includes(c)).slice(0, 200).map(({ id, appName }) => ({ id, appName })));
    }
    const { index = 0, pageSize = 10 } = (body ?? {}) as { index?: number; pageSize?: number };
    const size = Math.max(1, pageSize);
    return ok({ index, pageSize: size, totalPages: Math.ceil(all.length / size), totalItems: all.length, data: all.slice(index * size, (index + 1) * size) });
  }

  // @DesignateServer: forwarded to the owner, so an unreachable owner fails the call
  const appId = Number(q('appId'));
  const app = db.apps.get(appId);
  // forwarded over the main protocol: only the owner's main-protocol address reaches it
  const byAddress = app?.currentServer ? server.cluster.byTransport(app.currentServer) : undefined;
  const owner = byAddress?.transportAddress === app?.currentServer ? byAddress : undefined;
  if (method === 'GET' && (path === '/system/listWorker' || path === '/system/overview')) {
    if (!app) return fail(`can't find appInfo by appId: ${appId}`);
    if (!app.currentServer) return fail(`can't find server for app: ${appId}`);
    if (!owner?.reachable) return fail(`server[${app.currentServer}] is not available`);
  }
  if (method === 'GET' && path === '/system/listWorker') {
    const now = clock.now();
    return ok(
      [...(owner!.holders.get(appId)?.workers.values() ?? [])].map((w) => {
        const m = w.systemMetrics;
        // WorkerStatusVO.status: 1 healthy, +1 for each of CPU, memory, disk above 80%, 3 overloaded, 9999 offline
        let status = 1 + Number(m.cpuLoad / m.cpuProcessors > 0.8) + Number(m.jvmMemoryUsage > 0.8) + Number(m.diskUsage > 0.8);
        if (w.overloading) status = 3;
        if (timedOut(w, now)) status = 9999;
        return {
          address: w.address,
          cpuLoad: `${m.cpuLoad} / ${m.cpuProcessors} cores`,
          memoryLoad: `${(m.jvmMemoryUsage * 100).toFixed(2)}%（${m.jvmUsedMemory} / ${m.jvmMaxMemory} GB）`,
          diskLoad: `${(m.diskUsage * 100).toFixed(2)}%（${m.diskUsed} / ${m.diskTotal} GB）`,
          protocol: w.protocol,
          tag: w.tag,
          lastActiveTime: formatTime(w.lastActiveTime),
          lightTaskTrackerNum: w.lightTaskTrackerNum,
          heavyTaskTrackerNum: w.heavyTaskTrackerNum,
          lastOverloadTime: w.lastOverloadTime,
          overloading: w.overloading,
          status,
        };
      }),
    );
  }
  if (method === 'GET' && path === '/system/overview') {
    if (serverVersion.startsWith('4.')) {
      // 4.3.x's SystemOverviewVO: the serving server's info, no app fields
      return ok({
        jobCount: 0,
        runningInstanceCount: owner!.runningInstances(appId),
        failedInstanceCount: 0,
        timezone: 'Coordinated Universal Time',
        serverTime: formatTime(clock.now()),
        serverInfo: server.serverInfo(),
      });
    }
    return ok({
      appId,
      appName: app!.appName,
      jobCount: 0,
      runningInstanceCount: owner!.runningInstances(appId),
      failedInstanceCount: 0,
      timezone: 'UTC',
      serverTime: formatTime(clock.now()),
      webServerInfo: server.serverInfo(),
      scheduleServerInfo: owner!.serverInfo(),
    });
  }
  return new NotFound(path);
}

/** A TCP connection to ip:port within 1 s (PowerJob's probe also waits for its pong; docs/emulator.md). */
function reachable(ip: string, port: number): Promise<boolean> {
  if (!ip || !Number.isInteger(port) || port < 1 || port > 65535) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect({ host: ip, port, timeout: 1_000 });
    const done = (v: boolean) => {
      socket.destroy();
      resolve(v);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
