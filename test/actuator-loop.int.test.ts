// The whole loop through real SQL: an emulated PowerJob cluster keeping app_info in a real MariaDB
// (`npm run emulator -- --powerjob-db`), a Fulcrum process collecting from it with
// FULCRUM_POWERJOB_DB_URL on the same database, and a rollout with moves: the rollout controller
// plans moves, the actuator writes them into app_info, the emulated workers follow, the collector
// sees them on the new owner and the moves are verified. MariaDB: FULCRUM_TEST_MARIADB_URL or
// mysql://root@127.0.0.1:3306/ (unreachable fails unless FULCRUM_TEST_SKIP_MARIADB=1).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import readline from 'node:readline';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminJson, eventually as pollUntil, ROOT, startServer, type RunningServer } from './support/process.ts';
import { openPowerJobDb, type PowerJobDb } from '../lib/powerjob/powerjob-db.ts';

const MARIADB_URL = process.env.FULCRUM_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/';
const skip = process.env.FULCRUM_TEST_SKIP_MARIADB === '1';



const api = adminJson;
// this file polls every 500 ms
const eventually = <T>(probe: () => Promise<T | null>, timeoutMs: number, what: string) => pollUntil(probe, timeoutMs, what, 500);

type Move = { appId: number; fromServer: string | null; toServer: string; status: string; purpose: string };

describe.skipIf(skip)('rollout moves through PowerJob’s database (MariaDB)', () => {
  const name = `fulcrum_loop_${process.pid}_${randomBytes(4).toString('hex')}`;
  let url: string;
  let emulator: ChildProcess | undefined;
  let servers: string[] = [];
  let fulcrum: RunningServer | undefined;
  let pj: PowerJobDb;

  beforeAll(async () => {
    try {
      const c = await mysql.createConnection(MARIADB_URL);
      await c.query(`create database ${name}`);
      await c.end();
    } catch (error) {
      throw new Error(`MariaDB at ${MARIADB_URL} is unreachable (${(error as Error).message}); start it, or set FULCRUM_TEST_SKIP_MARIADB=1 to skip`);
    }
    const u = new URL(MARIADB_URL);
    u.pathname = `/${name}`;
    url = u.toString();

    emulator = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts', '--scenario', 'issue-181', '--base-port', '0', '--speed', '5', '--seed', '11', '--powerjob-db', url], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    emulator.stderr!.resume();
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: emulator!.stdout! }).once('line', resolve);
      emulator!.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
    });
    servers = (JSON.parse(line) as { servers: string[] }).servers;
    pj = await openPowerJobDb(url);
    await eventually(async () => ((await pj.listApps()).every((a) => a.currentServer) ? true : null), 30_000, 'every app elected');
    fulcrum = await startServer({
      direct: true,
      env: {
        FULCRUM_POWERJOB_SERVERS: servers.join(','),
        FULCRUM_POWERJOB_DB_URL: url,
        FULCRUM_COLLECT_INTERVAL: '2s',
        FULCRUM_ROLLOUT_INTERVAL: '1s',
      },
    });
  }, 300_000);

  afterAll(async () => {
    await fulcrum?.stop();
    emulator?.kill('SIGTERM');
    await pj?.close();
    const c = await mysql.createConnection(MARIADB_URL).catch(() => null);
    await c?.query(`drop database if exists ${name}`);
    await c?.end();
  });

  it('moves apps by compare-and-set in app_info, and verifies them when the workers follow', async () => {
    const transport = (web: string) => `${web.split(':')[0]}:10010`;
    const owners = async () => {
      const counts = new Map(servers.map((s) => [transport(s), 0]));
      for (const a of await pj.listApps()) counts.set(a.currentServer!, (counts.get(a.currentServer!) ?? 0) + 1);
      return [...counts.values()];
    };
    const before = await owners();
    expect(Math.max(...before)).toBeGreaterThan(10); // issue-181: most apps on one server

    const created = await api(fulcrum!, 'POST', '/api/rollouts', {
      name: 'balance through SQL',
      candidate: { kind: 'bounded-load' },
      steps: [{ percent: 100, pause: { manual: true } }],
      moves: { enabled: true, perMinute: 30 },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    // the collector has seen every app before the start
    await eventually(async () => ((await api(fulcrum!, 'GET', '/api/apps')).json.total === 20 ? true : null), 60_000, 'twenty apps collected');
    expect((await api(fulcrum!, 'POST', `/api/rollouts/${id}/start`)).json).toMatchObject({ state: 'running', percent: 100 });

    const verified = await eventually(async () => {
      const d = await api(fulcrum!, 'GET', `/api/rollouts/${id}`);
      const moves = d.json.moves as Move[];
      const done = moves.filter((m) => m.purpose === 'forward' && m.status === 'verified');
      return done.length > 0 && !moves.some((m) => m.status === 'moved') ? done : null;
    }, 120_000, 'moves verified');
    // each verified move is in PowerJob's table as the new owner's main-protocol address
    for (const m of verified) expect((await pj.readApp(m.appId))!.currentServer).toBe(transport(m.toServer));
    const after = await owners();
    process.stdout.write(`apps per server in app_info: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}; ${verified.length} moves verified\n`);
    expect(Math.max(...after)).toBeLessThan(Math.max(...before));
  }, 240_000);
});
