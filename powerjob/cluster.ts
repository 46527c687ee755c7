// A real PowerJob cluster on loopback, for tests and the real-cluster demo: PowerJob's published
// server and worker jars (fetched by Maven into .powerjob-cache/), a fresh database of its own,
// n servers on 127.0.0.x, apps with jobs, and workers sharing one server list. docs/powerjob.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { instanceReport, type InstanceReport } from '../lib/domain/instance-report.ts';
import { TABLE_PREFIX } from '../lib/domain/table-prefix.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = process.env.FULCRUM_POWERJOB_CACHE ?? path.join(ROOT, '.powerjob-cache');
/** The newest 4.3 server Maven Central serves; no 5.x server starter is published there (docs/powerjob.md). */
export const DEFAULT_VERSION = '4.3.9';

export type DbKind = 'mariadb' | 'postgres';
export type Skew = 'issue-181' | 'none';

export interface ClusterOptions {
  /** the server's version (powerjob-server-starter) */
  version?: string;
  /** the workers' version (powerjob-worker); the server's by default */
  workerVersion?: string;
  servers?: number;
  apps?: number;
  workersPerApp?: number;
  db?: DbKind;
  /** issue-181: every worker has the same ordered list; none: each app's list is rotated */
  skew?: Skew;
  /** oms.accurate.select.server.percentage (PowerJob ships 50) */
  accuratePercentage?: number;
  /** PowerJob workers per JVM (they share one safely; docs/powerjob.md) */
  workersPerJvm?: number;
  /**
   * jobs created per app, each a short sleep: by default (true) a CRON every 15 s, a FIXED_RATE and a
   * FIXED_DELAY every 10 s; false for none; or these
   */
  jobs?: boolean | ClusterJob[];
  /** PowerJob's oms.table-prefix (pj_ makes pj_app_info, …) */
  tablePrefix?: string;
  /** apps registered first, with no job and no worker (`idle-000`, …): past 200, 4.3.x's app list stops short */
  idleApps?: number;
  log?: (line: string) => void;
  /** the server-address every worker is given, instead of all servers in order (test/powerjob/server-list: repeated entries) */
  workerServerAddress?: (servers: readonly RealServer[]) => string;
}

export interface RealServer {
  index: number;
  ip: string;
  /** host:port of the web port, as workers and Fulcrum's collector are given it */
  web: string;
  /** main-protocol (HTTP) address, what app_info.current_server holds */
  transport: string;
  akka: string;
  running: boolean;
}

export interface RealApp {
  id: number;
  name: string;
  password: string;
  workers: string[];
}

/** One job of every app: `-<suffix>` after the app's name, PowerJob's TimeExpressionType name and expression. */
export interface ClusterJob {
  suffix: string;
  type: 'CRON' | 'FIXED_RATE' | 'FIXED_DELAY' | 'API';
  expression: string;
}

const DEFAULT_JOBS: ClusterJob[] = [
  { suffix: 'cron', type: 'CRON', expression: '*/15 * * * * ?' },
  { suffix: 'rate', type: 'FIXED_RATE', expression: '10000' },
  { suffix: 'delay', type: 'FIXED_DELAY', expression: '10000' },
];

export interface RealCluster {
  version: string;
  workerVersion: string;
  servers: RealServer[];
  apps: RealApp[];
  dbKind: DbKind;
  /** oms.table-prefix, as FULCRUM_POWERJOB_TABLE_PREFIX takes it */
  tablePrefix: string;
  /** PowerJob's database as FULCRUM_POWERJOB_DB_URL takes it */
  db: string;
  /** PowerJob 4.3.x has no console login */
  username: string | null;
  password: string | null;
  /** every server's web address in the workers' order, PowerJob's server-address format */
  serverAddress: string;
  /** app name → app_info.current_server */
  owners(): Promise<Map<string, string | null>>;
  /** what happened to the CRON runs of these apps with slots in (from, to], from instance_info */
  instances(appIds: readonly number[], from: number, to: number): Promise<InstanceReport>;
  /** rows of a query on PowerJob's database (no parameters: tests build fixed queries) */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  stopServer(index: number, signal?: NodeJS.Signals): Promise<void>;
  startServer(index: number): Promise<void>;
  /** GET on a server's web port, JSON */
  get(index: number, pathAndQuery: string): Promise<{ status: number; body: unknown; text: string }>;
  logOf(index: number): string;
  stop(): Promise<void>;
}

const SERVER_MAIN = 'tech.powerjob.server.PowerJobServerApplication';
const WORKER_MAIN = 'dev.fulcrum.powerjob.Workers';

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${what}: ${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${what}: ${cmd} ${args.join(' ')} exited ${r.status}\n${tail}`);
  }
}

function sourcesHash(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else hash.update(name).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** The server's jars (and its dependencies) for `version`, fetched by Maven once. */
export function ensureServerJars(version: string, log: (l: string) => void = () => {}): string {
  const dir = path.join(CACHE, `server-${version}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  log(`fetching powerjob-server-starter ${version} and its dependencies with Maven into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    run('mvn', ['-B', '-q', '-f', 'powerjob/server/pom.xml', `-Dpowerjob.version=${version}`, 'dependency:copy-dependencies', `-DoutputDirectory=${dir}`], `PowerJob server ${version}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n(Maven Central serves tech.powerjob:powerjob-server-starter 4.3.3, 4.3.6, 4.3.8 and 4.3.9 only; docs/powerjob.md)`);
  }
  fs.writeFileSync(marker, new Date().toISOString());
  return dir;
}

/** The worker host (powerjob/worker) built on powerjob-worker `version`, rebuilt when its sources change. */
export function ensureWorkerJars(version: string, log: (l: string) => void = () => {}): string {
  const out = path.join(CACHE, `worker-${version}`);
  const marker = path.join(out, '.complete');
  const want = sourcesHash(path.join(ROOT, 'powerjob', 'worker'));
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return path.join(out, 'lib');
  log(`building the worker host on powerjob-worker ${version} with Maven into ${out}`);
  fs.rmSync(out, { recursive: true, force: true });
  run('mvn', ['-B', '-q', '-f', 'powerjob/worker/pom.xml', `-Dpowerjob.version=${version}`, `-Dfulcrum.out=${out}`, 'package', 'dependency:copy-dependencies'], `PowerJob worker ${version}`);
  fs.writeFileSync(marker, want);
  return path.join(out, 'lib');
}

/** A port free on `ip`, preferring `preferred`. */
async function portOn(ip: string, preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(null));
      s.listen(port, ip, () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0))!;
}

interface Database {
  jdbc: string[];
  url: string;
  query<T>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

async function createDatabase(kind: DbKind): Promise<Database> {
  const name = `fulcrum_pj_${crypto.randomBytes(4).toString('hex')}`;
  if (kind === 'mariadb') {
    const admin = process.env.FULCRUM_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/';
    const conn = await mysql.createConnection(admin);
    await conn.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
    await conn.end();
    const u = new URL(admin);
    const url = `mysql://${u.username}${u.password ? `:${u.password}` : ''}@${u.hostname}:${u.port || 3306}/${name}`;
    const pool = mysql.createPool({ uri: url, connectionLimit: 2 });
    return {
      jdbc: [
        '--spring.datasource.core.driver-class-name=com.mysql.cj.jdbc.Driver',
        `--spring.datasource.core.jdbc-url=jdbc:mysql://${u.hostname}:${u.port || 3306}/${name}?useUnicode=true&characterEncoding=UTF-8&serverTimezone=UTC`,
        `--spring.datasource.core.username=${decodeURIComponent(u.username)}`,
        `--spring.datasource.core.password=${decodeURIComponent(u.password)}`,
      ],
      url,
      async query<T>(sql: string) {
        const [rows] = await pool.query(sql);
        return rows as T[];
      },
      async drop() {
        await pool.end();
        const c = await mysql.createConnection(admin);
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
        await c.end();
      },
    };
  }
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: u.toString(), max: 2 });
  return {
    jdbc: [
      '--spring.datasource.core.driver-class-name=org.postgresql.Driver',
      `--spring.datasource.core.jdbc-url=jdbc:postgresql://${u.hostname}:${u.port || 5432}/${name}`,
      `--spring.datasource.core.username=${decodeURIComponent(u.username)}`,
      `--spring.datasource.core.password=${decodeURIComponent(u.password)}`,
      '--spring.datasource.remote.hibernate.properties.hibernate.dialect=tech.powerjob.server.persistence.config.dialect.PowerJobPGDialect',
    ],
    url: u.toString(),
    async query<T>(sql: string) {
      return (await pool.query(sql)).rows as T[];
    },
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function httpJson(url: string, init?: { method?: string; body?: unknown; timeoutMs?: number }): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(url, {
    method: init?.method ?? 'GET',
    headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init?.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text };
}

/** `data` of a successful ResultDTO, or an error naming what failed. */
async function resultData(what: string, url: string, init?: { method?: string; body?: unknown }): Promise<unknown> {
  const r = await httpJson(url, init);
  const b = r.body as { success?: boolean; data?: unknown; message?: string } | null;
  if (r.status !== 200 || !b || b.success !== true) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  return b.data;
}

/** Thrown by a probe when waiting longer cannot help (a process died): waitFor fails at once. */
class Fatal extends Error {}

async function waitFor<T>(what: string, deadlineMs: number, probe: () => Promise<T | null | undefined | false>, detail: () => string = () => ''): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (error) {
      if (error instanceof Fatal) throw error;
      last = error;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${deadlineMs / 1000} s waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}${detail()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const JAVA = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
// C1 only and the serial collector: these JVMs start faster and stay smaller on 2 cores
const JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:MaxMetaspaceSize=192m', '-Xss512k'];

/** Starts a whole cluster and resolves once every worker has a server (its heartbeats reached an owner). */
export async function startCluster(options: ClusterOptions = {}): Promise<RealCluster> {
  const version = options.version ?? DEFAULT_VERSION;
  const workerVersion = options.workerVersion ?? version;
  const nServers = options.servers ?? 3;
  const nApps = options.apps ?? 20;
  const perApp = options.workersPerApp ?? 2;
  const perJvm = options.workersPerJvm ?? 10;
  const dbKind = options.db ?? 'mariadb';
  const prefix = options.tablePrefix ?? '';
  if (!TABLE_PREFIX.test(prefix)) throw new Error(`table prefix "${prefix}" must be letters, digits and _ only`);
  const log = options.log ?? (() => {});
  const started = Date.now();

  const serverLib = ensureServerJars(version, log);
  const workerLib = ensureWorkerJars(workerVersion, log);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-powerjob-'));
  const db = await createDatabase(dbKind);
  const children = new Set<ChildProcess>();
  const serverProcs: (ChildProcess | null)[] = [];
  let stopped = false;
  const killAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);

  const servers: RealServer[] = [];
  for (let i = 0; i < nServers; i++) {
    const ip = `127.0.0.${10 + i}`;
    const web = await portOn(ip, 7700);
    const httpPort = await portOn(ip, 10010);
    const akka = await portOn(ip, 10086);
    servers.push({ index: i, ip, web: `${ip}:${web}`, transport: `${ip}:${httpPort}`, akka: `${ip}:${akka}`, running: false });
  }

  const spawnLogged = (name: string, args: string[], home: string): ChildProcess => {
    fs.mkdirSync(home, { recursive: true });
    const out = fs.openSync(path.join(tmp, `${name}.log`), 'a');
    const child = spawn(JAVA, args, { cwd: home, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  const logOf = (name: string) => {
    try {
      return fs.readFileSync(path.join(tmp, `${name}.log`), 'utf8');
    } catch {
      return '';
    }
  };
  const tail = (name: string) => `\n--- last lines of ${name}.log ---\n${logOf(name).trim().split('\n').slice(-30).join('\n')}`;

  // PowerJob 4.3.9 reads oms.table-prefix only from the first application.properties on the class
  // path (PropertyUtils, for its Hibernate naming strategy), not from arguments or -D: so with a
  // prefix, a copy of the starter's own file plus the prefix goes first on the class path
  let classPath = `${serverLib}/*`;
  if (prefix) {
    const jar = path.join(serverLib, `powerjob-server-starter-${version}.jar`);
    const original = spawnSync('unzip', ['-p', jar, 'application.properties'], { encoding: 'utf8' });
    if (original.status !== 0) throw new Error(`reading application.properties from ${jar} with unzip failed: ${original.error?.message ?? original.stderr}`);
    const dir = path.join(tmp, 'server-config');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'application.properties'), `${original.stdout}\noms.table-prefix=${prefix}\n`);
    classPath = `${dir}${path.delimiter}${classPath}`;
  }

  const launchServer = (s: RealServer) => {
    const home = path.join(tmp, `server-${s.index}`);
    const [, web] = s.web.split(':');
    const [, httpPort] = s.transport.split(':');
    const [, akka] = s.akka.split(':');
    const child = spawnLogged(`server-${s.index}`, [
      ...JVM_FLAGS, '-Xms64m', '-Xmx320m',
      `-Duser.home=${home}`,
      `-Dpowerjob.network.local.address=${s.ip}`,
      '-cp', classPath, SERVER_MAIN,
      '--spring.profiles.active=product',
      `--server.address=${s.ip}`, `--server.port=${web}`,
      `--oms.http.port=${httpPort}`, `--oms.akka.port=${akka}`,
      `--oms.accurate.select.server.percentage=${options.accuratePercentage ?? 50}`,
      '--management.health.mail.enabled=false', '--logging.level.root=WARN', '--logging.level.tech.powerjob=INFO',
      ...db.jdbc,
    ], home);
    serverProcs[s.index] = child;
    return child;
  };
  const waitServer = async (s: RealServer) => {
    const child = serverProcs[s.index]!;
    await waitFor(`PowerJob server ${s.web} to answer /server/hello`, 240_000, async () => {
      if (child.exitCode !== null) throw new Fatal(`PowerJob server ${s.web} exited with ${child.exitCode}${tail(`server-${s.index}`)}`);
      const r = await httpJson(`http://${s.web}/server/hello`, { timeoutMs: 3_000 });
      return r.status === 200 && (r.body as { success?: boolean } | null)?.success === true;
    }, () => tail(`server-${s.index}`));
    s.running = true;
  };

  const cluster: RealCluster = {
    version,
    workerVersion,
    servers,
    apps: [],
    dbKind,
    tablePrefix: prefix,
    db: db.url,
    username: null,
    password: null,
    serverAddress: servers.map((s) => s.web).join(','),
    async owners() {
      const rows = await db.query<{ app_name: string; current_server: string | null }>(`SELECT app_name, current_server FROM ${prefix}app_info`);
      return new Map(rows.map((r) => [r.app_name, r.current_server]));
    },
    query: (sql) => db.query(sql),
    async instances(appIds, from, to) {
      const ids = appIds.map((n) => Math.trunc(n)).join(',') || '-1';
      const jobs = (await db.query<{ id: number | string; app_id: number | string; time_expression: string }>(
        `SELECT id, app_id, time_expression FROM ${prefix}job_info WHERE app_id IN (${ids}) AND time_expression_type = 2`,
      )).map((j) => ({ jobId: Number(j.id), appId: Number(j.app_id), cron: j.time_expression }));
      const rows = await db.query<{ job_id: number | string; app_id: number | string; status: number; expected_trigger_time: number | string | null; result: string | null }>(
        `SELECT job_id, app_id, status, expected_trigger_time, result FROM ${prefix}instance_info WHERE app_id IN (${ids}) AND expected_trigger_time > ${Math.trunc(from)} AND expected_trigger_time <= ${Math.trunc(to)}`,
      );
      return instanceReport(jobs, rows.map((r) => ({
        jobId: Number(r.job_id), appId: Number(r.app_id), status: Number(r.status),
        expectedTriggerTime: r.expected_trigger_time === null ? null : Number(r.expected_trigger_time), result: r.result,
      })), from, to);
    },
    async stopServer(index, signal = 'SIGKILL') {
      const child = serverProcs[index];
      const s = servers[index]!;
      s.running = false;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
    async startServer(index) {
      const s = servers[index]!;
      launchServer(s);
      await waitServer(s);
    },
    get: (index, p) => httpJson(`http://${servers[index]!.web}${p}`),
    logOf: (index) => logOf(`server-${index}`),
    async stop() {
      if (stopped) return;
      stopped = true;
      const all = [...children];
      await Promise.all(all.map((c) => new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
        c.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        c.kill('SIGTERM');
      })));
      process.removeListener('exit', killAll);
      await db.drop().catch((error) => log(`could not drop PowerJob's database: ${(error as Error).message}`));
      // FULCRUM_POWERJOB_KEEP_LOGS=1 keeps the servers' and workers' logs for a look afterwards
      if (process.env.FULCRUM_POWERJOB_KEEP_LOGS === '1') log(`logs kept in ${tmp}`);
      else fs.rmSync(tmp, { recursive: true, force: true });
    },
  };

  try {
    // servers one after another: on 2 cores, parallel Spring starts take longer in all
    for (const s of servers) {
      log(`starting PowerJob server ${version} on ${s.web} (transport ${s.transport})`);
      launchServer(s);
      await waitServer(s);
    }
    if (dbKind === 'postgres') {
      // PowerJob's @Lob text columns: Hibernate's update DDL makes them oid on PostgreSQL, while
      // PowerJobPGDialect binds them as text, as PowerJob's own PostgreSQL schema script has them
      // (PowerJobPGDialect's comment, PowerJob issue #153). Empty tables yet: make them text.
      const lobs = await db.query<{ table_name: string; column_name: string }>(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'oid'`);
      for (const c of lobs) await db.query(`ALTER TABLE ${c.table_name} ALTER COLUMN ${c.column_name} TYPE text`);
      if (lobs.length) log(`made ${lobs.length} oid columns text, as PowerJob's PostgreSQL schema has them`);
    }
    const first = `http://${servers[0]!.web}`;
    const idle = options.idleApps ?? 0;
    if (idle > 0) log(`registering ${idle} idle apps`);
    for (let a = 0; a < idle; a++) {
      const name = `idle-${String(a).padStart(3, '0')}`;
      await resultData(`register ${name}`, `${first}/appInfo/save`, { method: 'POST', body: { appName: name, password: `pw-${name}` } });
    }
    log(`registering ${nApps} apps`);
    for (let a = 0; a < nApps; a++) {
      const name = `app-${String(a).padStart(2, '0')}`;
      const password = `pw-${name}`;
      await resultData(`register ${name}`, `${first}/appInfo/save`, { method: 'POST', body: { appName: name, password } });
      const id = Number(await resultData(`assert ${name}`, `${first}/server/assert?appName=${name}`));
      cluster.apps.push({ id, name, password, workers: [] });
      if (options.jobs !== false) {
        const specs = Array.isArray(options.jobs) ? options.jobs : DEFAULT_JOBS;
        const jobs = specs.map((j) => ({ jobName: `${name}-${j.suffix}`, timeExpressionType: j.type, timeExpression: j.expression, jobParams: j.type === 'CRON' ? '200' : '100' }));
        for (const job of jobs) {
          await resultData(`create job ${job.jobName}`, `${first}/openApi/saveJob`, {
            method: 'POST',
            body: { appId: id, ...job, executeType: 'STANDALONE', processorType: 'BUILT_IN', processorInfo: 'dev.fulcrum.powerjob.SleepProcessor', enable: true },
          });
        }
      }
    }

    // workers: app-major order, perJvm to a JVM, each JVM on its own 127.0.1.x
    const specs = cluster.apps.flatMap((app) => Array.from({ length: perApp }, () => app));
    const jvms: { ip: string; workers: string[] }[] = [];
    for (let k = 0; k < specs.length; k++) {
      const j = Math.floor(k / perJvm);
      const jvm = (jvms[j] ??= { ip: `127.0.1.${j + 1}`, workers: [] });
      jvm.workers.push(`${specs[k]!.name}:${await portOn(jvm.ip, 27001 + (k % perJvm))}`);
    }
    log(`starting ${specs.length} PowerJob ${workerVersion} workers in ${jvms.length} JVMs`);
    const jvmProcs = jvms.map((jvm, j) => spawnLogged(`workers-${j}`, [
      ...JVM_FLAGS, '-Xms32m', `-Xmx${64 + 16 * jvm.workers.length}m`,
      `-Duser.home=${path.join(tmp, `workers-${j}`)}`,
      `-Dpowerjob.network.local.address=${jvm.ip}`,
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp', `${workerLib}/*`, WORKER_MAIN,
      '--servers', options.workerServerAddress?.(servers) ?? cluster.serverAddress,
      '--workers', jvm.workers.join(','),
      '--protocol', 'HTTP',
      // a worker tag, as fleets use them (and Fulcrum's rollout selectors): zone-a, zone-b, …
      '--tag', `zone-${String.fromCharCode(97 + (j % 3))}`,
      ...(options.skew === 'none' ? ['--rotate-per-app', 'true'] : []),
    ], path.join(tmp, `workers-${j}`)));
    // each worker host prints the port every worker got (it moves on when one is taken)
    const byName = new Map(cluster.apps.map((a) => [a.name, a]));
    await Promise.all(jvms.map((jvm, j) => waitFor(`worker host ${j} to start its ${jvm.workers.length} workers`, 180_000, async () => {
      if (jvmProcs[j]!.exitCode !== null) throw new Fatal(`worker JVM ${j} exited with ${jvmProcs[j]!.exitCode}${tail(`workers-${j}`)}`);
      const started = [...logOf(`workers-${j}`).matchAll(/^FULCRUM-WORKER-STARTED (\S+):(\d+)$/gm)];
      if (started.length < jvm.workers.length) return false;
      for (const [, app, port] of started) byName.get(app!)!.workers.push(`${jvm.ip}:${port}`);
      return true;
    }, () => tail(`workers-${j}`))));

    const expected = new Set(cluster.apps.flatMap((a) => a.workers));
    let seen = new Set<string>();
    await waitFor(`all ${expected.size} workers to report to a server`, 180_000, async () => {
      jvmProcs.forEach((p, j) => {
        if (p.exitCode !== null) throw new Fatal(`worker JVM ${j} exited with ${p.exitCode}${tail(`workers-${j}`)}`);
      });
      seen = new Set();
      for (const s of servers) {
        const r = await httpJson(`http://${s.web}/server/hello?debug=true`, { timeoutMs: 5_000 });
        const info = (r.body as { data?: { appId2ClusterInfo?: Record<string, { allWorkers?: Record<string, unknown> }> } } | null)?.data?.appId2ClusterInfo ?? {};
        for (const c of Object.values(info)) for (const w of Object.keys(c.allWorkers ?? {})) seen.add(w);
      }
      return [...expected].every((w) => seen.has(w));
    }, () => `\nseen ${seen.size} of ${expected.size}; missing ${[...expected].filter((w) => !seen.has(w)).slice(0, 10).join(', ')}${tail('workers-0')}`);
    log(`cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
