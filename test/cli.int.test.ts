// The fulcrum CLI (bin/fulcrum.mjs) against a real Fulcrum process over real HTTP, with an API token
// of role operator: each command's output and its documented exit code (0 done, 1 refused with the
// reason, 2 usage, 3 cannot reach).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { adminJson, confirmServers, freePort, ROOT, startServer, type RunningServer } from './support/process.ts';

const CLI = path.join(ROOT, 'bin', 'fulcrum.mjs');
const SERVERS = ['10.0.0.1:7700', '10.0.0.2:7700'];

let server: RunningServer;
let token: string;

/** Runs the CLI with FULCRUM_URL and FULCRUM_TOKEN set to this test's Fulcrum (unless `env` says otherwise). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, FULCRUM_URL: server.consoleUrl, FULCRUM_TOKEN: token, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

/** Ingests both servers as up now (the batch id makes each ingest new). */
async function ingestServers(batchId: string) {
  const at = new Date().toISOString();
  const res = await fetch(`${server.dataPlaneUrl}/v1/ingest`, {
    method: 'POST',
    headers: { authorization: 'Bearer cli-ingest-token-0123456789', 'content-type': 'application/json' },
    body: JSON.stringify({ batchId, servers: SERVERS.map((address) => ({ address, observedAt: at, status: 'up' })) }),
  });
  expect(res.status, 'ingesting the servers').toBe(200);
}

beforeAll(async () => {
  server = await startServer({ env: { FULCRUM_INGEST_TOKEN: 'cli-ingest-token-0123456789' } });
  await ingestServers('cli-servers');
  await confirmServers(server, SERVERS);
  const created = await adminJson(server, 'POST', '/api/tokens', { name: 'cli', role: 'operator', expiresAt: null });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  token = created.json.token as string;
}, 240_000);

afterAll(async () => {
  await server?.stop();
});

describe('fulcrum CLI against a real process', () => {
  it('status, freeze and unfreeze with an operator token', { timeout: 60_000 }, async () => {
    const before = await cli(['status']);
    expect([before.code, before.stderr]).toEqual([0, '']);
    expect(before.stdout).toMatch(/^moves: not frozen$/m);
    expect(before.stdout).toMatch(/^rollout moves: any time$/m);
    expect(before.stdout).toMatch(/^cordoned: none$/m);
    expect(before.stdout).toMatch(/^rollouts: none running$/m);

    const frozen = await cli(['freeze', '--reason', 'PowerJob upgrade']);
    expect([frozen.code, frozen.stdout.trim()]).toEqual([0, 'frozen: every move waits (by token:cli: PowerJob upgrade)']);
    expect((await cli(['status'])).stdout).toMatch(/^moves: FROZEN by token:cli since \S+: PowerJob upgrade$/m);
    const json = await cli(['status', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ freeze: { frozen: true, by: 'token:cli', reason: 'PowerJob upgrade' } });
    const audit = await adminJson(server, 'GET', '/api/audit?action=maintenance.freeze');
    expect((audit.json.entries as { actor: string }[]).map((e) => e.actor)).toEqual(['token:cli']);

    const thawed = await cli(['unfreeze']);
    expect([thawed.code, thawed.stdout.trim()]).toEqual([0, 'unfrozen: moves go on']);
    expect((await cli(['unfreeze'])).stdout.trim()).toBe('was not frozen');
  });

  it('cordon and uncordon; refusals exit 1 with the reason and change nothing', { timeout: 60_000 }, async () => {
    const done = await cli(['cordon', SERVERS[0]!, '--reason', 'disk swap']);
    expect([done.code, done.stdout.trim()]).toEqual([0, `${SERVERS[0]}: cordoned`]);
    expect((await cli(['status'])).stdout).toMatch(new RegExp(`^cordoned: ${SERVERS[0]!.replace(/\./g, '\\.')} \\(by token:cli: disk swap\\)$`, 'm'));
    // the last live server not cordoned
    const last = await cli(['cordon', SERVERS[1]!]);
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/409 Conflict: 10\.0\.0\.2:7700 is the last live server that is not cordoned/);
    const unknown = await cli(['cordon', '10.9.9.9:7700']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'POST /api/servers/10.9.9.9%3A7700/cordon: 404 Not Found: no server 10.9.9.9:7700: nothing was cordoned']);
    const servers = (await adminJson(server, 'GET', '/api/maintenance')).json as { cordoned: { address: string }[] };
    expect(servers.cordoned.map((c) => c.address), 'cordoned after the refusals').toEqual([SERVERS[0]]);
    const back = await cli(['uncordon', SERVERS[0]!]);
    expect([back.code, back.stdout.trim()]).toEqual([0, `${SERVERS[0]}: not cordoned`]);
  });

  it('drain, drain-status, status and restore; refusals exit 1 with the reason and change nothing', { timeout: 90_000 }, async () => {
    const started = await cli(['drain', SERVERS[0]!, '--reason', 'kernel update', '--per-minute', '3']);
    // the ingested servers own no app: nothing to move
    expect([started.code, started.stdout.trim()]).toEqual([0, `${SERVERS[0]}: cordoned and draining: 0 app(s) to move (3 a minute); follow it with: fulcrum drain-status ${SERVERS[0]}`]);
    const before = JSON.stringify((await adminJson(server, 'GET', '/api/maintenance')).json.cordoned);
    const again = await cli(['drain', SERVERS[0]!]);
    expect(again.code, 'draining it again').toBe(1);
    expect(again.stderr).toMatch(/409 Conflict: 10\.0\.0\.1:7700 is (being drained|drained already); restore it first/);
    const last = await cli(['drain', SERVERS[1]!]);
    expect([last.code, last.stderr]).toEqual([1, expect.stringMatching(/409 Conflict: 10\.0\.0\.2:7700 is the last live server that is not cordoned/)]);
    const unknown = await cli(['drain', '10.9.9.9:7700']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'POST /api/servers/10.9.9.9%3A7700/drain: 404 Not Found: no server 10.9.9.9:7700: nothing was drained']);
    expect(JSON.stringify((await adminJson(server, 'GET', '/api/maintenance')).json.cordoned), 'cordons after the refusals').toBe(before);
    expect(((await adminJson(server, 'GET', '/api/audit?action=server.drain')).json.entries as { action: string; actor: string }[]).filter((e) => e.action === 'server.drain').map((e) => e.actor), 'drains audited').toEqual(['token:cli']);
    // the leader's controller ends the drain at its next tick (every 5 s): wait for it, at most 30 s
    let status = '';
    for (let i = 0; i < 60 && !/: drained,/.test(status); i++) {
      status = (await cli(['drain-status', SERVERS[0]!])).stdout;
      if (!/: drained,/.test(status)) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status.trim(), 'the drain finished within 30 s').toBe(`${SERVERS[0]}: drained, drain 0/0 done, 0 converging, 0 left, 0 skipped`);
    expect((await cli(['status'])).stdout).toMatch(new RegExp(`^drain ${SERVERS[0]!.replace(/\./g, '\\.')}: drained, `, 'm'));
    const restored = await cli(['restore', SERVERS[0]!]);
    expect([restored.code, restored.stdout.trim()]).toEqual([0, `${SERVERS[0]}: restoring: 0 app(s) to bring back, uncordoned once they are`]);
    const twice = await cli(['restore', SERVERS[1]!]);
    expect([twice.code, twice.stderr]).toEqual([1, expect.stringMatching(/409 Conflict: 10\.0\.0\.2:7700 is not drained/)]);
    for (const args of [['drain'], ['drain', SERVERS[0]!, '--per-minute', 'x'], ['restore']]) {
      const r = await cli(args);
      expect([r.code, r.stdout], `fulcrum ${args.join(' ')}`).toEqual([2, '']);
    }
  });

  it('promote and abort a rollout', { timeout: 60_000 }, async () => {
    const created = await adminJson(server, 'POST', '/api/rollouts', { name: 'cli', candidate: { kind: 'rendezvous' }, steps: [{ percent: 10, pause: { manual: true } }, { percent: 100, pause: { manual: true } }] });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    const refused = await cli(['promote', id]);
    expect(refused.code, 'promoting a draft').toBe(1);
    expect(refused.stderr).toMatch(/409 Conflict: /);
    expect((await adminJson(server, 'POST', `/api/rollouts/${id}/start`)).status).toBe(200);
    const promoted = await cli(['promote', id]);
    expect([promoted.code, promoted.stdout.trim()]).toEqual([0, `${id}: running at 100% (step 2 of 2)`]);
    const aborted = await cli(['abort', id, '--reason', 'cli test']);
    expect([aborted.code, aborted.stdout.trim()]).toEqual([0, `${id}: aborted at 0% (step 2 of 2)`]);
  });

  it('steering on, status and off with an operator token; a bad confirmation is usage', { timeout: 60_000 }, async () => {
    const before = await cli(['steering', 'status']);
    expect([before.code, before.stderr]).toEqual([0, '']);
    expect(before.stdout).toMatch(/^steering: off$/m);
    expect(before.stdout).toMatch(/^no app steered yet$/m);
    const on = await cli(['steering', 'on', '--confirm-seconds', '5', '--reason', 'failover drill']);
    expect([on.code, on.stdout.trim()]).toEqual([0, expect.stringMatching(/^steering: on \(a server silent for 5 s has its apps re-homed\), set by token:cli at \S+: failover drill$/)]);
    expect((await cli(['steering', 'on'])).stdout.trim()).toMatch(/\(already so\)$/);
    expect((await cli(['status'])).stdout).toMatch(/^steering: on \(a server silent for 5 s/m);
    const json = await cli(['steering', 'status', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ enabled: true, confirmSeconds: 5, by: 'token:cli', waiting: null, silent: [], history: [] });
    const off = await cli(['steering', 'off']);
    expect([off.code, off.stdout.trim()]).toEqual([0, expect.stringMatching(/^steering: off, set by token:cli/)]);
    const audit = await adminJson(server, 'GET', '/api/audit?action=maintenance.steering.');
    expect((audit.json.entries as { action: string; actor: string }[]).map((e) => [e.action, e.actor])).toEqual([
      ['maintenance.steering.disable', 'token:cli'],
      ['maintenance.steering.enable', 'token:cli'],
      ['maintenance.steering.enable', 'token:cli'],
    ]);
    for (const args of [['steering'], ['steering', 'sideways'], ['steering', 'on', '--confirm-seconds', '61'], ['steering', 'on', '--confirm-seconds', 'soon']]) {
      const r = await cli(args);
      expect([r.code, r.stdout], `fulcrum ${args.join(' ')}`).toEqual([2, '']);
    }
  });

  it('exit codes: 2 for usage, 1 for a refused token, 3 when Fulcrum cannot be reached', { timeout: 60_000 }, async () => {
    for (const args of [[], ['frobnicate'], ['freeze'], ['freeze', '--reason', '  '], ['cordon'], ['cordon', 'a', 'b'], ['status', '--nope'], ['status', '--url', 'not a url']]) {
      const r = await cli(args);
      expect([r.code, r.stdout], `fulcrum ${args.join(' ')}`).toEqual([2, '']);
      expect(r.stderr, `fulcrum ${args.join(' ')}`).toMatch(/usage: fulcrum <command>/);
    }
    const help = await cli(['--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(/exit codes: 0 done, 1 refused/)]);
    const bad = await cli(['status'], { FULCRUM_TOKEN: 'fulcrum_not-a-token' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/401 Unauthorized/);
    const none = await cli(['freeze', '--reason', 'x'], { FULCRUM_TOKEN: '' });
    expect([none.code, none.stderr]).toEqual([1, expect.stringMatching(/no token: give --token or set FULCRUM_TOKEN/)]);
    // --token and --url win over the environment
    expect((await cli(['status', '--token', token], { FULCRUM_TOKEN: 'wrong' })).code).toBe(0);
    const port = await freePort();
    const away = await cli(['status', '--url', `http://127.0.0.1:${port}`]);
    expect([away.code, away.stderr.trim()]).toEqual([3, `cannot reach Fulcrum at http://127.0.0.1:${port}: ECONNREFUSED`]);
    expect((await cli(['status'], { FULCRUM_URL: `http://127.0.0.1:${port}` })).code).toBe(3);
  });
  it('rolling-restart start, status, pause, resume, continue and abort; refusals exit 1, usage 2', { timeout: 120_000 }, async () => {
    // last, since its abort leaves a server drained; the servers are reported up again (they go stale otherwise)
    await ingestServers('cli-servers-rolling');
    for (const args of [['rolling-restart'], ['rolling-restart', 'start'], ['rolling-restart', 'start', SERVERS[0]!, '--per-minute', '0'], ['rolling-restart', 'start', SERVERS[0]!, '--timeout-minutes', 'x'], ['rolling-restart', 'frob'], ['rolling-restart', 'pause', 'a', 'b']]) {
      const r = await cli(args);
      expect([r.code, r.stdout], `fulcrum ${args.join(' ')}`).toEqual([2, '']);
    }
    const twice = await cli(['rolling-restart', 'start', SERVERS[0]!, SERVERS[0]!]);
    expect([twice.code, twice.stderr]).toEqual([1, expect.stringMatching(/^POST \/api\/rolling-restarts: 400 Bad Request: .*\n {2}servers\.1: 10\.0\.0\.1:7700 is named twice/)]);
    const unknown = await cli(['rolling-restart', 'start', '10.9.9.9:7700']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'POST /api/rolling-restarts: 404 Not Found: no server 10.9.9.9:7700: no rolling restart was started']);
    expect((await cli(['rolling-restart', 'status'])).stdout.trim()).toBe('no rolling restart is running');
    expect((await cli(['rolling-restart', 'pause'])).code, 'pausing when none runs').toBe(1);

    const started = await cli(['rolling-restart', 'start', ...SERVERS, '--reason', 'kernel update', '--per-minute', '3', '--timeout-minutes', '10']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout.trim()).toMatch(/^rolling restart rr-[0-9a-f]{10}: running, 0\/2 servers done, at 10\.0\.0\.1:7700 \(1 of 2\): pending since \S+\nfollow it with: fulcrum rolling-restart status$/);
    const id = /rr-[0-9a-f]{10}/.exec(started.stdout)![0];
    const another = await cli(['rolling-restart', 'start', SERVERS[1]!]);
    expect([another.code, another.stderr]).toEqual([1, expect.stringMatching(new RegExp(`409 Conflict: rolling restart ${id} is running: abort it or let it finish first`))]);

    const paused = await cli(['rolling-restart', 'pause']);
    expect([paused.code, paused.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^rolling restart ${id}: paused, .*\n {2}paused by token:cli`))]);
    const again = await cli(['rolling-restart', 'pause', id]);
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/409 Conflict: cannot pause rolling restart/)]);
    expect((await cli(['rolling-restart', 'resume'])).code).toBe(0);
    // the leader's tick (every 5 s) drains the first server (it owns no app) and says it is safe to restart
    let status = '';
    for (let i = 0; i < 120 && !/: (restart|down) since/.test(status); i++) {
      status = (await cli(['rolling-restart', 'status'])).stdout;
      if (!/: (restart|down) since/.test(status)) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status, 'the first server said safe to restart within 60 s').toMatch(/at 10\.0\.0\.1:7700 \(1 of 2\): (restart|down) since \S+\n {2}10\.0\.0\.1:7700 (owns no app: safe to restart now|is down)/);
    const back = await cli(['rolling-restart', 'continue', '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ id, servers: [{ address: SERVERS[0], phase: 'back', backBy: 'token:cli' }, { phase: 'pending' }] });
    const aborted = await cli(['rolling-restart', 'abort']);
    expect([aborted.code, aborted.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^rolling restart ${id}: (aborting|aborted), `))]);
    const audit = (await adminJson(server, 'GET', '/api/audit?action=rolling-restart.')).json.entries as { action: string; actor: string }[];
    expect(audit.filter((e) => e.actor === 'token:cli').map((e) => e.action).reverse()).toEqual(['rolling-restart.start', 'rolling-restart.pause', 'rolling-restart.resume', 'rolling-restart.back', 'rolling-restart.abort']);
    const json = JSON.parse((await cli(['rolling-restart', 'status', id, '--json'])).stdout);
    expect(json).toMatchObject({ id, reason: 'kernel update', perMinute: 3, restartTimeoutMinutes: 10 });
  });
});
