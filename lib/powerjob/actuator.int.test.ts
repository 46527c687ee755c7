// The actuator's compare-and-set against real databases with PowerJob's app_info table: MariaDB
// (127.0.0.1:3306, root) and PostgreSQL (127.0.0.1:5432, postgres), each run in a database of its
// own that is dropped afterwards; and the emulator with --powerjob-db on each, showing a move
// written through SQL reaches the emulated workers. An unreachable database fails these tests
// (CI has both) unless FULCRUM_TEST_SKIP_MARIADB=1 / FULCRUM_TEST_SKIP_POSTGRES=1.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openActuator, emulatorActuator, type Actuator } from './actuator.ts';
import { openPowerJobDb, type PowerJobDb } from './powerjob-db.ts';
import { redactUrl } from '../domain/redact.ts';
import { startEmulator } from '../emulator/cluster.ts';
import { manualClock } from '../emulator/clock.ts';
import { eventually as pollUntil } from '../../test/support/process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARIADB_URL = process.env.FULCRUM_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/';
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A raw connection of its own, to play PowerJob's side (an election) beside the actuator. */
interface RawSession {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

interface Target {
  name: 'mariadb' | 'postgres';
  skip: boolean;
  skipVar: string;
  adminUrl: string;
  /** creates a database of its own; answers its URL and how to drop it */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
  session(url: string): Promise<RawSession>;
}

const dbName = () => `fulcrum_pj_${process.pid}_${randomBytes(4).toString('hex')}`;

const targets: Target[] = [
  {
    name: 'mariadb',
    skip: process.env.FULCRUM_TEST_SKIP_MARIADB === '1',
    skipVar: 'FULCRUM_TEST_SKIP_MARIADB',
    adminUrl: MARIADB_URL,
    async create() {
      const name = dbName();
      const admin = await mysql.createConnection(MARIADB_URL);
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(MARIADB_URL);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const c = await mysql.createConnection(MARIADB_URL);
          await c.query(`drop database if exists ${name}`);
          await c.end();
        },
      };
    },
    async session(url) {
      const c = await mysql.createConnection(url);
      return { query: (sql, params) => c.query(sql, params), close: () => c.end() };
    },
  },
  {
    name: 'postgres',
    skip: process.env.FULCRUM_TEST_SKIP_POSTGRES === '1',
    skipVar: 'FULCRUM_TEST_SKIP_POSTGRES',
    adminUrl: POSTGRES_URL,
    async create() {
      const name = dbName();
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const c = new pg.Client({ connectionString: POSTGRES_URL });
          await c.connect();
          await c.query(`drop database if exists ${name} with (force)`);
          await c.end();
        },
      };
    },
    async session(url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      let n = 0;
      return { query: (sql, params) => c.query(sql.replace(/\?/g, () => `$${++n}`), params).finally(() => (n = 0)), close: () => c.end() };
    },
  },
];

async function reachable(t: Target): Promise<void> {
  try {
    const { drop } = await t.create();
    await drop();
  } catch (error) {
    throw new Error(
      `${t.name} at ${redactUrl(t.adminUrl)} is unreachable (${(error as Error).message}). The actuator must be tested against it; start it, or set ${t.skipVar}=1 to skip these tests.`,
    );
  }
}

const A = '10.0.0.1:10010';
const B = '10.0.0.2:10010';
const C = '10.0.0.3:10010';

for (const t of targets) {
  describe.skipIf(t.skip)(`actuator on ${t.name}`, () => {
    let database: { url: string; drop(): Promise<void> };
    let pj: PowerJobDb;
    let actuator: Actuator;
    let ids: Map<string, number>;

    beforeAll(async () => {
      await reachable(t);
      database = await t.create();
      pj = await openPowerJobDb(database.url);
      await pj.ensureAppInfoTable();
      const rows = await pj.registerApps(['alpha', 'beta', 'gamma', 'delta', 'unbound', 'race', 'crowd', 'undone']);
      ids = new Map(rows.map((r) => [r.appName, r.id]));
      for (const name of ['alpha', 'beta', 'gamma', 'delta', 'race', 'crowd', 'undone']) await pj.setCurrentServer(ids.get(name)!, A);
      actuator = await openActuator(database.url);
    });
    afterAll(async () => {
      await actuator?.close();
      await pj?.close();
      await database?.drop();
    });

    it('has PowerJob’s app_info columns', async () => {
      const s = await t.session(database.url);
      try {
        const sql =
          t.name === 'mariadb'
            ? 'select column_name as c from information_schema.columns where table_schema = database() and table_name = ? order by column_name'
            : "select column_name as c from information_schema.columns where table_schema = 'public' and table_name = ? order by column_name";
        const r = (await s.query(sql, ['app_info'])) as { rows?: { c: string }[] } | [{ c?: string; C?: string }[]];
        const rows = Array.isArray(r) ? r[0].map((x) => x.c ?? x.C) : r.rows!.map((x) => x.c);
        expect(rows).toEqual(['app_name', 'creator', 'current_server', 'extra', 'gmt_create', 'gmt_modified', 'id', 'modifier', 'namespace_id', 'password', 'tags', 'title']);
      } finally {
        await s.close();
      }
    });

    it('moves an app when current_server is the expected one', async () => {
      const id = ids.get('alpha')!;
      expect(await actuator.currentServer(id)).toBe(A);
      expect(await actuator.moveApp(id, A, B)).toEqual({ outcome: 'moved', current: B });
      expect(await actuator.currentServer(id)).toBe(B);
      // a second look through another connection sees the same row
      expect((await pj.readApp(id))!.currentServer).toBe(B);
    });

    it('refuses when current_server is not the expected one, and reports where the app is', async () => {
      const id = ids.get('beta')!;
      await pj.setCurrentServer(id, C); // PowerJob re-elected it before the move
      expect(await actuator.moveApp(id, A, B)).toEqual({ outcome: 'conflict', current: C });
      expect(await actuator.currentServer(id)).toBe(C);
    });

    it('reports a missing app', async () => {
      expect(await actuator.moveApp(987_654, A, B)).toEqual({ outcome: 'missing', current: null });
      expect(await actuator.currentServer(987_654)).toBeNull();
    });

    it('expects null as "never elected" (IS NULL, not = NULL)', async () => {
      const id = ids.get('unbound')!;
      expect(await actuator.currentServer(id)).toBeNull();
      expect(await actuator.moveApp(id, A, B)).toEqual({ outcome: 'conflict', current: null });
      expect(await actuator.moveApp(id, null, B)).toEqual({ outcome: 'moved', current: B });
      expect(await actuator.moveApp(id, null, C)).toEqual({ outcome: 'conflict', current: B });
    });

    it('rejects a target that is not a host:port address', async () => {
      await expect(actuator.moveApp(ids.get('gamma')!, A, 'http://10.0.0.2:7700')).rejects.toThrow(/not a host:port/);
      expect(await actuator.currentServer(ids.get('gamma')!)).toBe(A);
    });

    it('a concurrent re-election wins: the move waits for its row lock and then no longer matches', async () => {
      const id = ids.get('race')!;
      const election = await t.session(database.url);
      try {
        // PowerJob's usurp in a transaction of its own: the row is locked and rewritten to C
        await election.query(t.name === 'mariadb' ? 'start transaction' : 'begin');
        await election.query('select current_server from app_info where id = ? for update', [id]);
        await election.query('update app_info set current_server = ? where id = ?', [C, id]);
        let settled = false;
        const move = actuator.moveApp(id, A, B).finally(() => (settled = true));
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).toBe(false); // blocked on the election's row lock, not decided on a stale read
        await election.query('commit');
        expect(await move).toEqual({ outcome: 'conflict', current: C });
      } finally {
        await election.close();
      }
      expect(await actuator.currentServer(id)).toBe(C);
    });

    it('reads the row back: a write undone at once (a takeover saving a row it read before) is a conflict, not a move', async () => {
      const id = ids.get('undone')!;
      const s = await t.session(database.url);
      try {
        // stands in for PowerJob's whole-row save landing right after the compare-and-set
        if (t.name === 'mariadb') {
          await s.query(`create trigger undo_move before update on app_info for each row begin if new.id = ${id} and new.current_server = '${B}' then set new.current_server = '${C}'; end if; end`);
        } else {
          await s.query(`create function undo_move() returns trigger language plpgsql as $$ begin if new.id = ${id} and new.current_server = '${B}' then new.current_server := '${C}'; end if; return new; end $$`);
          await s.query('create trigger undo_move before update on app_info for each row execute function undo_move()');
        }
        expect(await actuator.moveApp(id, A, B)).toEqual({ outcome: 'conflict', current: C });
      } finally {
        await s.query(t.name === 'mariadb' ? 'drop trigger undo_move' : 'drop trigger undo_move on app_info');
        await s.close();
      }
    });

    it('of many concurrent moves with the same expectation, exactly one wins', async () => {
      const id = ids.get('crowd')!;
      const others = await Promise.all([0, 1, 2].map(() => openActuator(database.url)));
      try {
        const targets = ['10.0.1.1:10010', '10.0.1.2:10010', '10.0.1.3:10010', '10.0.1.4:10010', '10.0.1.5:10010', '10.0.1.6:10010'];
        const results = await Promise.all(targets.map((to, i) => [actuator, ...others][i % 4]!.moveApp(id, A, to)));
        const won = results.filter((r) => r.outcome === 'moved');
        expect(won).toHaveLength(1);
        const winner = won[0]!.current;
        for (const r of results.filter((x) => x.outcome !== 'moved')) expect(r).toEqual({ outcome: 'conflict', current: winner });
        expect(await actuator.currentServer(id)).toBe(winner);
      } finally {
        await Promise.all(others.map((o) => o.close()));
      }
    });

    it('reads the enabled jobs’ schedules (job_info) and the instances in a window (instance_info), SELECT only', async () => {
      // a database with app_info only (the emulator's --powerjob-db): no jobs, no instances, no error
      expect(await actuator.jobSchedules!([ids.get('alpha')!])).toEqual(new Map());
      expect(await actuator.instances!([ids.get('alpha')!], 0, Date.now())).toEqual([]);
      const s = await t.session(database.url);
      try {
        // the columns Fulcrum reads, typed as PowerJob's JPA mapping makes them (bigint, int, varchar)
        await s.query(`create table job_info (id bigint primary key, app_id bigint, job_name varchar(255), status int, time_expression_type int, time_expression varchar(255), next_trigger_time bigint)`);
        await s.query(`create table instance_info (id bigint primary key, app_id bigint, job_id bigint, status int, expected_trigger_time bigint, result text)`);
        const alpha = ids.get('alpha')!;
        const beta = ids.get('beta')!;
        // the CRON texts as parameters: the session's placeholders are `?` too
        await s.query(`insert into job_info values (1, ?, 'alpha-cron', 1, 2, ?, 1764583260000), (2, ?, 'alpha-rate', 1, 3, '10000', null), (3, ?, 'alpha-off', 2, 2, ?, null), (4, ?, 'beta-api', 1, 1, null, null)`, [alpha, '0 * * * * ?', alpha, alpha, '* * * * * ?', beta]);
        await s.query(`insert into instance_info values (10, ?, 1, 5, 1000, 'ok'), (11, ?, 1, 4, 2000, 'no worker available'), (12, ?, 1, 5, 3000, null), (13, ?, 4, 5, 2000, null)`, [alpha, alpha, alpha, beta]);
      } finally {
        await s.close();
      }
      const schedules = await actuator.jobSchedules!([ids.get('alpha')!, ids.get('beta')!, ids.get('gamma')!]);
      // the disabled job (status 2) is left out; gamma has none
      expect(schedules.get(ids.get('alpha')!)?.sort((a, b) => a.jobId - b.jobId)).toEqual([
        { jobId: 1, jobName: 'alpha-cron', type: 2, expression: '0 * * * * ?', nextTriggerTime: 1764583260000 },
        { jobId: 2, jobName: 'alpha-rate', type: 3, expression: '10000', nextTriggerTime: null },
      ]);
      expect(schedules.get(ids.get('beta')!)).toEqual([{ jobId: 4, jobName: 'beta-api', type: 1, expression: null, nextTriggerTime: null }]);
      expect(schedules.has(ids.get('gamma')!)).toBe(false);
      // (1000, 3000]: the instance at 1000 is left out
      const rows = await actuator.instances!([ids.get('alpha')!], 1000, 3000);
      expect(rows.sort((a, b) => a.expectedTriggerTime! - b.expectedTriggerTime!)).toEqual([
        { jobId: 1, appId: ids.get('alpha')!, status: 4, expectedTriggerTime: 2000, result: 'no worker available' },
        { jobId: 1, appId: ids.get('alpha')!, status: 5, expectedTriggerTime: 3000, result: null },
      ]);
      expect(await actuator.jobSchedules!([])).toEqual(new Map());
    });

    it('names the database when it cannot be reached', async () => {
      const bad = t.name === 'mariadb' ? 'mysql://root:secret@127.0.0.1:1/nowhere' : 'postgres://postgres:secret@127.0.0.1:1/nowhere';
      await expect(openActuator(bad)).rejects.toThrow(/cannot reach PowerJob's database .*127\.0\.0\.1:1\/nowhere/);
      await expect(openActuator(bad)).rejects.not.toThrow(/secret/);
    });
  });

  describe.skipIf(t.skip)(`emulator --powerjob-db on ${t.name}`, () => {
    let database: { url: string; drop(): Promise<void> };
    beforeAll(async () => {
      await reachable(t);
      database = await t.create();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('elects through the real app_info, and a move written through SQL reaches the emulated workers', async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/emulator.ts', '--scenario', 'issue-181', '--base-port', '0', '--speed', '20', '--seed', '7', '--powerjob-db', database.url],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      const actuator = await openActuator(database.url);
      const pj = await openPowerJobDb(database.url);
      try {
        const line = await new Promise<string>((resolve, reject) => {
          readline.createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
        });
        const started = JSON.parse(line) as { servers: string[]; appInfo: string };
        expect(started.appInfo).toBe(t.name === 'mariadb' ? 'mysql' : 'postgres');
        const [web0, web1] = started.servers as [string, string];
        const transport = (web: string) => `${web.split(':')[0]}:10010`;

        // the emulated servers elect into the real table: every app gets an owner there
        const bound = await eventually(async () => {
          const rows = await pj.listApps();
          return rows.length === 20 && rows.every((r) => r.currentServer !== null) ? rows : null;
        }, 20_000);
        expect(new Set(bound.map((r) => r.currentServer))).toEqual(new Set([transport(web0), transport(web1)]));

        // an app on the first server and the workers heartbeating there
        type Hello = { data: { serverTimeTs: number; appId2ClusterInfo: Record<string, { allWorkers: Record<string, { lastActiveTime: number }> }> } };
        const hello = async (web: string) => ((await (await fetch(`http://${web}/server/hello?debug=true`)).json()) as Hello).data;
        const app = bound.find((r) => r.currentServer === transport(web0))!;
        const workers = await eventually(async () => {
          const w = Object.keys((await hello(web0)).appId2ClusterInfo[String(app.id)]?.allWorkers ?? {});
          return w.length > 0 ? w : null;
        }, 20_000);

        // the move, through SQL, with the address PowerJob stores
        const movedAt = (await hello(web1)).serverTimeTs;
        expect(await actuator.moveApp(app.id, transport(web0), transport(web1))).toEqual({ outcome: 'moved', current: transport(web1) });

        // the workers follow at their next discoveries and heartbeat to the new owner
        await eventually(async () => {
          const held = (await hello(web1)).appId2ClusterInfo[String(app.id)]?.allWorkers ?? {};
          return workers.every((w) => (held[w]?.lastActiveTime ?? 0) > movedAt) ? true : null;
        }, 30_000);
        // and nothing moved it back: the real table still says the new owner
        expect(await actuator.currentServer(app.id)).toBe(transport(web1));
      } finally {
        child.kill('SIGTERM');
        await actuator.close();
        await pj.close();
      }
      expect(await exited).toBe(0);
    });
  });
}

describe('emulatorActuator', () => {
  it('moves an app in the in-memory cluster by the same compare-and-set, and the workers follow', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const emulator = await startEmulator({ scenario: 'issue-181', clock, discovery: 'direct', seed: 5 });
    try {
      await clock.run(30_000);
      const actuator = emulatorActuator(emulator);
      const [web0, web1] = emulator.servers as [string, string];
      const from = emulator.transportAddressOf(web0)!;
      const to = emulator.transportAddressOf(web1)!;
      const [name] = Object.entries(emulator.state().bindings).find(([, owner]) => owner === web0)!;
      const appId = emulator.appIdOf(name)!;
      expect(await actuator.currentServer(appId)).toBe(from);
      expect(await actuator.moveApp(appId, to, from)).toEqual({ outcome: 'conflict', current: from });
      expect(await actuator.moveApp(appId, from, to)).toEqual({ outcome: 'moved', current: to });
      expect(await actuator.moveApp(999, from, to)).toEqual({ outcome: 'missing', current: null });
      await clock.run(120_000);
      expect(emulator.state().bindings[name]).toBe(web1);
      const workers = emulator.workerObjects.filter((w) => w.app.id === appId);
      expect(workers.length).toBeGreaterThan(0);
      for (const w of workers) expect(w.currentServer).toBe(to); // the emulated workers speak HTTP, whose address is the main-protocol one
    } finally {
      await emulator.close();
    }
  });
});

const eventually = <T>(probe: () => Promise<T | null>, timeoutMs: number) => pollUntil(probe, timeoutMs, 'condition', 200);
