// HTTP calls to a PowerJob server's web port, read-only: /server/hello, the 5.x console API
// (thirdPartyLoginDirect, appInfo/list, system/overview) and their 4.3.x forms. It never calls
// /server/acquire, which is not read-only: the called server may take an app over (powerjob.md §4).
import http from 'node:http';
import { z } from 'zod';

export type FailureKind = 'timeout' | 'unreachable' | 'http' | 'garbage' | 'refused' | 'login';

export class PowerJobError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** ResultDTO {success, data, message} (PowerResultDTO adds `code`). */
const resultDto = <T extends z.ZodType>(data: T) =>
  z.looseObject({ success: z.boolean(), data: data.optional().nullable(), message: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish() });

const systemMetrics = z.looseObject({
  cpuProcessors: z.number().nullish(),
  cpuLoad: z.number().nullish(),
  jvmUsedMemory: z.number().nullish(),
  jvmMaxMemory: z.number().nullish(),
  jvmMemoryUsage: z.number().nullish(),
  diskUsed: z.number().nullish(),
  diskTotal: z.number().nullish(),
  diskUsage: z.number().nullish(),
  score: z.number().nullish(),
});

export const workerInfoSchema = z.looseObject({
  address: z.string(),
  lastActiveTime: z.number(),
  protocol: z.string().nullish(),
  client: z.string().nullish(),
  tag: z.string().nullish(),
  lightTaskTrackerNum: z.number().nullish(),
  heavyTaskTrackerNum: z.number().nullish(),
  overloading: z.boolean().nullish(),
  systemMetrics: systemMetrics.nullish(),
});
export type WorkerInfo = z.infer<typeof workerInfoSchema>;

export const helloSchema = z.looseObject({
  localHost: z.string().nullish(),
  serverInfo: z.looseObject({ id: z.number().nullish(), ip: z.string().nullish(), version: z.string().nullish() }).nullish(),
  serverTimeTs: z.number().nullish(),
  appIds: z.array(z.number()).nullish(),
  defaultAddress: z.looseObject({ protocol: z.string().nullish(), address: z.string().nullish(), externalAddress: z.string().nullish() }).nullish(),
  // fastjson writes map keys as strings
  appId2ClusterInfo: z.record(z.string(), z.looseObject({ allWorkers: z.record(z.string(), workerInfoSchema).nullish() })).nullish(),
});
export type Hello = z.infer<typeof helloSchema>;

const userSchema = z.looseObject({ jwtToken: z.string().min(1) });
const pageSchema = z.looseObject({
  index: z.number().nullish(),
  totalPages: z.number().nullish(),
  data: z.array(z.looseObject({ id: z.number(), appName: z.string() })).nullish(),
});
const legacyAppsSchema = z.array(z.looseObject({ id: z.number(), appName: z.string() }));
const overviewSchema = z.looseObject({ runningInstanceCount: z.number().nullish() });

export interface CallOptions {
  timeoutMs: number;
  token?: string;
}

/**
 * One HTTP exchange with a deadline for the whole of it. node:http rather than fetch: fetch refuses
 * the "bad ports" of the Fetch standard, and a PowerJob server may listen on any port.
 */
function exchange(url: string, options: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new PowerJobError('timeout', `no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error instanceof PowerJobError ? error : new PowerJobError('unreachable', error.code ?? error.message));
    });
    req.end(options.body);
  });
}

async function call<T extends z.ZodType>(
  url: string,
  schema: T,
  options: CallOptions & { method?: 'GET' | 'POST'; body?: unknown; appId?: number },
): Promise<z.infer<T>> {
  const { status, text } = await exchange(url, {
    method: options.method ?? 'GET',
    timeoutMs: options.timeoutMs,
    headers: {
      accept: 'application/json',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { PowerJwt: options.token } : {}),
      ...(options.appId === undefined ? {} : { AppId: String(options.appId) }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (status < 200 || status >= 300) throw new PowerJobError('http', `HTTP ${status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // not the text itself: the reason is shown to every viewer, and a source may be anything that answers HTTP
    throw new PowerJobError('garbage', `answered something that is not JSON (${Buffer.byteLength(text)} bytes)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new PowerJobError('garbage', `answered an unexpected shape (${i.path.join('.') || 'body'}: ${i.message})`);
  }
  return parsed.data;
}

/**
 * PowerJob's ErrorCodes that refuse the caller rather than fail the call: not logged in (-100), user
 * unknown (-101), token no longer valid (-102), user disabled (-103), no permission (-200), invalid
 * token (-401). The console's token is dropped after any of them (the collector logs in again).
 */
export const REFUSED_CODES: ReadonlySet<string> = new Set(['-100', '-101', '-102', '-103', '-200', '-401']);

async function resultData<T extends z.ZodType>(url: string, data: T, options: CallOptions & { method?: 'GET' | 'POST'; body?: unknown; appId?: number }) {
  const r = await call(url, resultDto(data), options);
  if (!r.success) {
    const code = r.code === undefined || r.code === null ? undefined : String(r.code);
    throw new PowerJobError(code !== undefined && REFUSED_CODES.has(code) ? 'refused' : 'http', `refused: ${r.message ?? 'no message'}${code ? ` (code ${code})` : ''}`, code);
  }
  return r.data as z.infer<T> | null | undefined;
}

const base = (address: string) => `http://${address}`;

/** GET /server/hello?debug=true: the apps the server holds, with their workers and metrics. */
export async function hello(address: string, options: CallOptions): Promise<Hello> {
  const data = await resultData(`${base(address)}/server/hello?debug=true`, helloSchema, options);
  if (!data) throw new PowerJobError('garbage', 'answered without data');
  return data;
}

/**
 * Whether the server answers GET /server/hello within `timeoutMs` (failover steering's second look
 * before it re-homes a silent server's apps, lib/jobs/steering.ts): any success envelope is an answer.
 */
export async function serverAnswers(address: string, timeoutMs: number): Promise<boolean> {
  try {
    await resultData(`${base(address)}/server/hello`, z.unknown(), { timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** POST /auth/thirdPartyLoginDirect (5.x): the JWT and when it expires (from its `exp`). */
export async function login(address: string, username: string, password: string, options: CallOptions): Promise<{ token: string; expiresAt: number | null }> {
  const data = await resultData(`${base(address)}/auth/thirdPartyLoginDirect`, userSchema, {
    ...options,
    method: 'POST',
    body: { loginType: 'PWJB', originParams: JSON.stringify({ username, password, encryption: 'none' }) },
  }).catch((error: PowerJobError) => {
    throw new PowerJobError('login', `login as ${username} failed: ${error.message}`, error.code);
  });
  if (!data) throw new PowerJobError('login', `login as ${username} returned no token`);
  return { token: data.jwtToken, expiresAt: jwtExpiry(data.jwtToken) };
}

export function jwtExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** 4.3.x answers at most this many apps to GET /appInfo/list (page 0 of 200, AppInfoController) */
export const LEGACY_APP_PAGE = 200;
// what app names are made of; a name of none of these is not searched for
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * App names: POST /appInfo/list paged (5.x, with a token) or GET /appInfo/list?condition= (4.3.x).
 * 4.3.x has no paging: it answers the first 200 apps, or the first 200 whose name contains
 * `condition` (SQL LIKE %condition%). Past 200 apps, names still missing from `wanted` are looked
 * for by substrings, a saturated substring refined by one more character, up to three.
 */
export async function appNames(address: string, options: CallOptions, wanted: Iterable<number> = []): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (!options.token) {
    const search = async (condition: string) => {
      const list = (await resultData(`${base(address)}/appInfo/list?condition=${encodeURIComponent(condition)}`, legacyAppsSchema, options)) ?? [];
      for (const a of list) names.set(a.id, a.appName);
      return list.length >= LEGACY_APP_PAGE;
    };
    const missing = () => [...wanted].some((id) => !names.has(id));
    if (!(await search('')) || !missing()) return names;
    let level = [...NAME_CHARS];
    for (let depth = 1; depth <= 3 && level.length && missing(); depth++) {
      const saturated: string[] = [];
      for (const q of level) {
        if (!missing()) break;
        if (await search(q)) saturated.push(q);
      }
      level = saturated.flatMap((q) => [...NAME_CHARS].map((c) => q + c));
    }
    return names;
  }
  for (let index = 0, pages = 1; index < pages && index < 1000; index++) {
    const page = await resultData(`${base(address)}/appInfo/list`, pageSchema, { ...options, method: 'POST', body: { index, pageSize: 100 } });
    for (const a of page?.data ?? []) names.set(a.id, a.appName);
    pages = page?.totalPages ?? 1;
  }
  return names;
}

/** GET /system/overview?appId=: the app's running instances (asked of the server that owns it). */
export async function runningInstances(address: string, appId: number, options: CallOptions): Promise<number | null> {
  const data = await resultData(`${base(address)}/system/overview?appId=${appId}`, overviewSchema, { ...options, appId });
  return data?.runningInstanceCount ?? null;
}
