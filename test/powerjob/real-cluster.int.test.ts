// Fulcrum against a real PowerJob 4.3.9 cluster (powerjob/cluster.ts): 3 servers, 20 apps with a
// CRON, a FIXED_RATE and a FIXED_DELAY job each (after 200 idle apps, so that their ids lie past
// the 200 that 4.3.x's app list answers), 40 workers sharing one ordered server list,
// PowerJob's shipped accurate-select percentage (50), MariaDB. The collector, the actuator, a
// rollout with moves and a server failure are checked on it, and the emulator is held to it.
// Figures measured here are printed (and recorded in docs/powerjob.md).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminJson as api, eventually, ROOT, startServer, type RunningServer } from '../support/process.ts';
import { startEmulator, type Emulator } from '../../lib/emulator/cluster.ts';
import { loadScenario } from '../../lib/emulator/scenario.ts';
import { openActuator } from '../../lib/powerjob/actuator.ts';
import { startCluster, type RealCluster } from '../../powerjob/cluster.ts';
import { shapeDifferences } from '../../powerjob/shape.ts';
import { buildOnce, documentedDifferences, followTimes, report } from './support.ts';

type Overview = { servers: { address: string; health: string; appsOwned: number; workersConnected: number }[]; fairness: { maxMean: number } };
type AppRow = { appId: number; appName: string; serverAddress: string | null; workersLive: number; runningInstances: number | null };
type Move = { appId: number; appName: string; fromServer: string; toServer: string; status: string; purpose: string; requestedAt: string; detail?: string | null; params?: { outcome?: string; current?: string | null } | null };

describe('Fulcrum on a real PowerJob 4.3.9 cluster (MariaDB, accurate percentage 50)', () => {
  let cluster: RealCluster;
  let fulcrum: RunningServer;
  const apps = async () => (await api(fulcrum, 'GET', '/api/apps?pageSize=100')).json.rows as AppRow[];
  const overview = async () => (await api(fulcrum, 'GET', '/api/overview')).json as unknown as Overview;

  beforeAll(async () => {
    buildOnce();
    cluster = await startCluster({ servers: 3, apps: 20, idleApps: 200, workersPerApp: 2, db: 'mariadb', log: (l) => process.stdout.write(`powerjob: ${l}\n`) });
    fulcrum = await startServer({
      env: {
        FULCRUM_POWERJOB_SERVERS: cluster.serverAddress,
        FULCRUM_POWERJOB_DB_URL: cluster.db,
        FULCRUM_COLLECT_INTERVAL: '2s',
        FULCRUM_ROLLOUT_INTERVAL: '1s',
      },
    });
  }, 600_000);

  afterAll(async () => {
    await fulcrum?.stop();
    await cluster?.stop();
  }, 120_000);

  it('collects the servers, app names, workers and running instances, and the first server holding every app', async () => {
    const first = cluster.servers[0]!.web;
    const o = await eventually(async () => {
      const v = await overview();
      const all = v.servers.length === 3 && v.servers.every((s) => s.health === 'up');
      return all && v.servers.reduce((n, s) => n + s.workersConnected, 0) === 40 ? v : null;
    }, 120_000, 'three servers up and 40 workers connected on the Overview');
    // PowerJob 4.3.x workers ask their list in order, so the first server claims every app (issue #181)
    expect(o.servers.find((s) => s.address === first)?.appsOwned).toBe(20);
    expect(o.fairness.maxMean).toBeCloseTo(3, 5);

    const rows = await eventually(async () => {
      const r = await apps();
      return r.length === 20 && r.every((a) => a.runningInstances !== null) ? r : null;
    }, 60_000, 'twenty apps with running instances read from the 4.3.x open API');
    expect(rows.map((a) => a.appName).sort()).toEqual(cluster.apps.map((a) => a.name).sort());
    for (const a of rows) {
      expect(a.appId, a.appName).toBe(cluster.apps.find((x) => x.name === a.appName)!.id);
      expect(a.serverAddress, a.appName).toBe(first);
      expect(a.workersLive, a.appName).toBe(2);
    }
    // each app's FIXED_RATE and FIXED_DELAY instances stay RUNNING: Fulcrum's counts (from
    // /system/overview, refreshed every 60 s) come to what PowerJob's own instance_info says, give
    // or take a CRON run
    await eventually(async () => {
      const [r] = await cluster.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM instance_info WHERE status = 3');
      const fulcrumTotal = (await apps()).reduce((n, a) => n + (a.runningInstances ?? 0), 0);
      const dbTotal = Number(r!.n);
      if (dbTotal < 20 || Math.abs(fulcrumTotal - dbTotal) > 3) throw new Error(`running instances: Fulcrum ${fulcrumTotal}, instance_info ${dbTotal}`);
      return true;
      // the collector refreshes running counts every 60 s (detailsEveryMs): wait past two refreshes
    }, 150_000, 'Fulcrum’s running instances as many as PowerJob’s instance_info has RUNNING');

    // workers with PowerJob's metrics
    const workers = (await api(fulcrum, 'GET', '/api/workers?pageSize=100')).json.rows as { address: string; cpuProcessors?: number | null }[];
    expect(new Set(workers.map((w) => w.address))).toEqual(new Set(cluster.apps.flatMap((a) => a.workers)));
  }, 420_000);

  it('the emulator answers as PowerJob 4.3.9 does, or the difference is written down in docs/emulator.md', async () => {
    let emulator: Emulator | undefined;
    try {
      emulator = await startEmulator({ scenario: { ...loadScenario('issue-181'), serverVersion: cluster.version }, speed: 5 });
      const em = emulator;
      const emWeb = em.servers[0]!;
      await eventually(async () => (Object.values(em.state().bindings).every(Boolean) ? true : null), 60_000, 'every emulated app elected');
      const emApp = { id: em.appIdOf(Object.keys(em.state().bindings)[0]!)!, name: Object.keys(em.state().bindings)[0]! };
      const emOwner = em.transportAddressOf(em.state().bindings[emApp.name]!)!;
      const real = cluster.servers[0]!;
      const realApp = cluster.apps[0]!;
      const owners = await cluster.owners();
      const call = async (web: string, p: string, method = 'GET', body?: unknown) => {
        const r = await fetch(`http://${web}${p}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await r.text();
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          // compared as a string
        }
        return { status: r.status, body: json };
      };
      const login = { loginType: 'PWJB', originParams: JSON.stringify({ username: 'ADMIN', password: 'wrong', encryption: 'none' }) };
      const requests: [string, string, string, string?, unknown?][] = [
        ['GET /server/hello', '/server/hello', '/server/hello'],
        ['GET /server/hello?debug=true', '/server/hello?debug=true', '/server/hello?debug=true'],
        ['GET /server/assert (registered)', `/server/assert?appName=${realApp.name}`, `/server/assert?appName=${emApp.name}`],
        ['GET /server/assert (unknown)', '/server/assert?appName=no-such-app', '/server/assert?appName=no-such-app'],
        ['GET /server/acquire (live owner)', `/server/acquire?appId=${realApp.id}&protocol=HTTP&currentServer=${owners.get(realApp.name)}`, `/server/acquire?appId=${emApp.id}&protocol=HTTP&currentServer=${emOwner}`],
        ['GET /server/checkConnectivity (closed port)', '/server/checkConnectivity?targetIp=127.0.0.1&targetPort=1', '/server/checkConnectivity?targetIp=127.0.0.1&targetPort=1'],
        ['GET /actuator/health', '/actuator/health', '/actuator/health'],
        ['POST /auth/thirdPartyLoginDirect', '/auth/thirdPartyLoginDirect', '/auth/thirdPartyLoginDirect', 'POST', login],
        ['GET /appInfo/list?condition=', '/appInfo/list?condition=', '/appInfo/list?condition='],
        ['GET /system/overview', `/system/overview?appId=${realApp.id}`, `/system/overview?appId=${emApp.id}`],
        ['GET /an/unknown/path', '/an/unknown/path', '/an/unknown/path'],
      ];
      const differences: string[] = [];
      for (const [name, realPath, emPath, method, body] of requests) {
        differences.push(...shapeDifferences(name, await call(real.web, realPath, method, body), await call(emWeb, emPath, method, body)));
      }
      const documented = documentedDifferences(fs.readFileSync(path.join(ROOT, 'docs', 'emulator.md'), 'utf8'));
      const undocumented = differences.filter((d) => !documented.has(d));
      report(`emulator against PowerJob ${cluster.version}: ${differences.length} differences, ${undocumented.length} not documented`, differences);
      expect(undocumented, 'differences from the real server that docs/emulator.md does not list').toEqual([]);
    } finally {
      await emulator?.close();
    }
  }, 180_000);

  it('moves one app by compare-and-set in the real app_info; the real workers follow (time measured)', async () => {
    const actuator = await openActuator(cluster.db);
    try {
      const app = cluster.apps[0]!;
      const [from, to] = [cluster.servers[0]!, cluster.servers[1]!];
      const movedAt = Date.now();
      const result = await actuator.moveApp(app.id, from.transport, to.transport);
      expect(result.outcome).toBe('moved');
      expect((await cluster.owners()).get(app.name)).toBe(to.transport);
      // a worker has followed when its heartbeats reach the new owner after the move
      const times = await followTimes(cluster, 1, app, movedAt, 240_000);
      report(`actuator move of ${app.name} (${app.workers.length} workers, accurate percentage 50): workers followed after ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}`);
      // the collector sees the app on its new server
      await eventually(async () => ((await apps()).find((a) => a.appName === app.name)?.serverAddress === to.web ? true : null), 60_000, `${app.name} shown on ${to.web}`);
    } finally {
      await actuator.close();
    }
  }, 360_000);

  it('a rollout leaves apps whose jobs leave no quiet window where they are, naming each with the reason', async () => {
    // every app runs a CRON every 15 s and FIXED_RATE/FIXED_DELAY jobs every 10 s: at 50 % two
    // workers need 100 s to follow, so no app ever has a quiet window (job_info, read by Fulcrum)
    // the fewest moves to 7/7/6 from where PowerJob has the 20 apps now (the test above moved one):
    // Σ max(0, apps − cap), the busiest servers taking the caps of 7
    const owned = new Map<string, number>(cluster.servers.map((s) => [s.transport, 0]));
    for (const [name, owner] of await cluster.owners()) if (owner && cluster.apps.some((a) => a.name === name) && owned.has(owner)) owned.set(owner, owned.get(owner)! + 1);
    const caps = [7, 7, 6];
    const fewest = [...owned.values()].sort((a, b) => b - a).reduce((n, c, i) => n + Math.max(0, c - caps[i]!), 0);
    expect(fewest, `apps per server in app_info: ${JSON.stringify([...owned])}`).toBeGreaterThan(0);
    const created = await api(fulcrum, 'POST', '/api/rollouts', {
      name: 'balance, quiet windows only',
      candidate: { kind: 'least-loaded' },
      steps: [{ percent: 100, pause: { manual: true } }],
      moves: { enabled: true, perMinute: 30 },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    expect((await api(fulcrum, 'POST', `/api/rollouts/${id}/start`, {})).json).toMatchObject({ state: 'running' });
    type Event = { action: string; detail: string };
    const holds = await eventually(async () => {
      const d = await api(fulcrum, 'GET', `/api/rollouts/${id}`);
      const h = (d.json.events as Event[]).filter((e) => e.action === 'hold');
      // least-loaded would move the fewest apps off the busy server: each of them held once
      return h.length >= fewest ? { holds: h, moves: d.json.moves as Move[] } : null;
    }, 60_000, `the rollout naming the ${fewest} apps it holds`);
    // the next test's rollout may not overlap this one: abort it whatever the checks below find
    const aborted = await api(fulcrum, 'POST', `/api/rollouts/${id}/abort`, {});
    expect(aborted.json).toMatchObject({ state: 'aborted' });
    expect(holds.moves, 'moves of apps with no quiet window').toEqual([]);
    for (const h of holds.holds) expect(h.detail).toMatch(/^app-\d\d stays on 127\.0\.0\.1\d:\d+: no quiet window for a move: job "app-\d\d-(rate|delay)" \(FIXED_(RATE|DELAY)\) runs every 10 s, more often than its workers can follow a move \(100 s\) \(allow it with moves.allowBusy\)$/);
    report(`quiet windows: ${holds.holds.length} apps held, e.g. ${holds.holds[0]!.detail}`);
  }, 120_000);

  it('a rollout with moves balances the real cluster; every failed, lost or duplicated run of the moved apps is reported', async () => {
    // Fulcrum plans from the bindings it collected; after the actuator test's move the old owner lists
    // the app a while longer, and a move planned from that stale view meets app_info elsewhere (a
    // conflict, seen in CI): start once every app is collected where app_info has it
    const webOf = new Map(cluster.servers.map((s) => [s.transport, s.web]));
    await eventually(async () => {
      const owners = await cluster.owners();
      const rows = await apps();
      const stale = cluster.apps.filter((a) => rows.find((r) => r.appName === a.name)?.serverAddress !== webOf.get(owners.get(a.name) ?? ''));
      return stale.length === 0 ? true : null;
    }, 120_000, 'every app collected on the server app_info names');
    const created = await api(fulcrum, 'POST', '/api/rollouts', {
      name: 'balance the real cluster',
      candidate: { kind: 'least-loaded' },
      steps: [{ percent: 100, pause: { manual: true } }],
      // 180 s: with two workers each, PowerJob's 50 % accurate path makes both follow by then almost surely;
      // allowBusy: these apps never have a quiet window (the test above), and this one measures what moving them costs
      // perMinute 600: every move in the first tick, before the job-failure guardrail can have read a failed run
      moves: { enabled: true, perMinute: 600, verifySeconds: 180, allowBusy: true },
      guardrails: [{ kind: 'jobs', action: 'pause' }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    const startedAt = Date.now();
    expect((await api(fulcrum, 'POST', `/api/rollouts/${id}/start`, {})).json).toMatchObject({ state: 'running', percent: 100 });
    const moves = await eventually(async () => {
      const d = await api(fulcrum, 'GET', `/api/rollouts/${id}`);
      const all = d.json.moves as Move[];
      const forward = all.filter((m) => m.purpose === 'forward');
      return forward.length > 0 && !all.some((m) => m.status === 'moved' || m.status === 'requested') ? all : null;
    }, 420_000, 'every move of the rollout verified or settled');
    // PowerJob may take an app back by itself under a move: a worker still on the old owner asks it,
    // and when the new owner does not answer its 1 s ping (a loaded machine: CI run 2 of 2026-12-03,
    // beside a benchmark), the old owner usurps (powerjob.md §2). Fulcrum then finds app_info changed
    // under it and leaves the app alone (outcome back-conflict). That is PowerJob's election, not a
    // failed move of Fulcrum's: said here, and the balance below allows one app per such re-election.
    const forward = moves.filter((m) => m.purpose === 'forward');
    const reElected = forward.filter((m) => m.status === 'failed' && m.params?.outcome === 'back-conflict');
    for (const m of reElected) report(`PowerJob re-elected ${m.appName} under its move to ${m.toServer} (now ${m.params?.current ?? 'unbound'}): ${m.detail ?? ''}`);
    const unverified = forward.filter((m) => m.status !== 'verified' && !reElected.includes(m));
    expect(unverified, `moves that did not verify on the real cluster: ${JSON.stringify(unverified)}`).toEqual([]);
    expect(reElected.length, `apps PowerJob re-elected under their moves: ${JSON.stringify(reElected)}`).toBeLessThanOrEqual(2);
    // how fast the real workers followed, as Fulcrum measured it from these moves' traces: clearly
    // short of 100 % (the servers run PowerJob's shipped 50), so the console advises setting 100
    const follow = (await api(fulcrum, 'GET', '/api/rollouts/follow-rate')).json as { measured: { percentage: number; lower: number; upper: number; moves: number; arrivals: number } | null; converged: { p50Ms: number; p95Ms: number } | null; advice: { kind: string; measuredMs: number | null; at100Ms: number } | null };
    expect(follow.measured, `the follow rate measured from ${moves.length} moves: ${JSON.stringify(follow)}`).not.toBeNull();
    const fm = follow.measured!;
    report(
      `follow rate measured on the real cluster (oms.accurate.select.server.percentage=50): ${fm.percentage} % (95 % interval ${fm.lower}–${fm.upper}) from ${fm.moves} moves, ${fm.arrivals} worker arrivals; converged p50 ${(follow.converged?.p50Ms ?? NaN) / 1000} s, p95 ${(follow.converged?.p95Ms ?? NaN) / 1000} s; advice ${JSON.stringify(follow.advice)}`,
    );
    expect([fm.upper < 95, follow.advice?.kind], 'measured short of 100 %, and the advice to set it').toEqual([true, 'set-100']);
    const counts = new Map(cluster.servers.map((s) => [s.transport, 0]));
    // the 20 apps with workers (the idle ones have no owner)
    const owners = await cluster.owners();
    for (const app of cluster.apps) counts.set(owners.get(app.name)!, (counts.get(owners.get(app.name)!) ?? 0) + 1);
    // 20 apps on 3 servers: least-loaded's plan is 7/7/6
    expect(Math.max(...counts.values()), JSON.stringify([...counts])).toBeLessThanOrEqual(7 + reElected.length);
    expect(Math.min(...counts.values()), JSON.stringify([...counts])).toBeGreaterThanOrEqual(6 - reElected.length);

    // PowerJob's own record of the moved apps' CRON runs from the start until 45 s ago (all fired)
    const movedIds = [...new Set(moves.filter((m) => m.purpose === 'forward').map((m) => m.appId))];
    const until = await eventually(async () => (Date.now() - startedAt > 75_000 ? Date.now() - 45_000 : null), 120_000, 'a window of 30 s after the start whose slots have all fired');
    const r = await cluster.instances(movedIds, startedAt - 15_000, until);
    report(
      `rollout: ${movedIds.length} apps moved; their CRON slots from the start: ${r.expected} expected, ${r.succeeded} succeeded, ${r.failed.length} failed, ${r.lost.length} lost, ${r.duplicated.length} duplicated`,
      [...r.failed.map((f) => `failed: app ${f.appId} job ${f.jobId} at ${new Date(f.at).toISOString()}: ${f.detail}`),
        ...r.lost.map((f) => `lost: app ${f.appId} job ${f.jobId} at ${new Date(f.at).toISOString()}`),
        ...r.duplicated.map((f) => `duplicated: app ${f.appId} job ${f.jobId} at ${new Date(f.at).toISOString()}: ${f.detail}`)],
    );
    expect(r.expected).toBeGreaterThan(0);
    // the job-failure guardrail: paused, naming only apps with a run that failed (any job) or a CRON
    // slot lost after their move, in PowerJob's own instance_info; paused whenever a moved app has one
    const movedAt = new Map<number, number>();
    for (const m of moves.filter((x) => x.purpose === 'forward')) movedAt.set(m.appId, Math.min(Date.parse(m.requestedAt), movedAt.get(m.appId) ?? Infinity));
    /** moved apps with a failed run or a lost CRON slot after their move, and those of them with no failed run in the 30 min before it */
    const badAfterMove = async () => {
      const ids = [...movedAt.keys()].join(',');
      const failedRows = await cluster.query<{ app_id: number | string; expected_trigger_time: number | string }>(`SELECT app_id, expected_trigger_time FROM instance_info WHERE app_id IN (${ids}) AND status IN (4, 9, 10)`);
      const after = new Set<number>();
      const dirtyBefore = new Set<number>();
      for (const f of failedRows) {
        const at = Number(f.expected_trigger_time);
        const moved = movedAt.get(Number(f.app_id))!;
        if (at > moved) after.add(Number(f.app_id));
        else if (at > moved - 30 * 60_000) dirtyBefore.add(Number(f.app_id));
      }
      for (const l of r.lost) if (l.at > movedAt.get(l.appId)!) after.add(l.appId);
      return { after, cleanBefore: new Set([...after].filter((a) => !dirtyBefore.has(a))) };
    };
    type Detail = { state: string; reason: string | null };
    const first = await badAfterMove();
    const after = await eventually(async () => {
      const d = (await api(fulcrum, 'GET', `/api/rollouts/${id}`)).json as Detail;
      return first.cleanBefore.size === 0 || d.state === 'paused' ? d : null;
    }, 60_000, `the rollout paused by its job-failure guardrail (${first.cleanBefore.size} moved apps with no failed run before their move failed or lost one after it)`);
    if (after.state === 'paused') {
      expect(after.reason).toMatch(/^guardrail: jobs of moved apps fail: /);
      const named = [...(after.reason ?? '').matchAll(/(app-\d\d) \d+ of \d+ runs failed or lost since its move/g)].map((m) => m[1]!);
      const bad = (await badAfterMove()).after;
      const badNames = new Set(cluster.apps.filter((a) => bad.has(a.id)).map((a) => a.name));
      expect(named.length).toBeGreaterThan(0);
      for (const n of named) expect([...badNames], `${n} named by the guardrail`).toContain(n);
      report(`job-failure guardrail paused the rollout: ${after.reason}`);
    } else expect([...(await badAfterMove()).cleanBefore], 'the guardrail stayed quiet: every moved app that failed or lost a run after its move had failed runs before it too').toEqual([]);
    // paused, the rollout moves nothing more: the next test sees PowerJob's own election alone
    if (after.state === 'running') expect((await api(fulcrum, 'POST', `/api/rollouts/${id}/pause`, {})).json).toMatchObject({ state: 'paused' });
    // issue "moves that cost no job run" sets the target for these; here they are only made visible
    expect(r.succeeded + r.failed.length + r.lost.length).toBeGreaterThanOrEqual(r.expected - r.duplicated.length);
  }, 600_000);

  it('a stopped server: PowerJob re-elects its apps, and Fulcrum shows it down and where they went', async () => {
    const owners = await cluster.owners();
    const victim = cluster.servers.reduce((best, s) => ([...owners.values()].filter((o) => o === s.transport).length > [...owners.values()].filter((o) => o === best.transport).length ? s : best));
    const itsApps = [...owners].filter(([, o]) => o === victim.transport).map(([name]) => name);
    expect(itsApps.length).toBeGreaterThan(0);
    const stoppedAt = Date.now();
    await cluster.stopServer(victim.index);
    await eventually(async () => ((await overview()).servers.find((s) => s.address === victim.web)?.health === 'down' ? true : null), 60_000, `${victim.web} shown down`);
    // the workers' next discovery fails on the dead owner and asks the next server, which takes the app
    await eventually(async () => {
      const o = await cluster.owners();
      return itsApps.every((a) => o.get(a) && o.get(a) !== victim.transport) ? o : null;
    }, 180_000, `PowerJob re-electing the ${itsApps.length} apps of ${victim.web}`);
    report(`stopped ${victim.web}: PowerJob re-elected its ${itsApps.length} apps within ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
    const webOf = new Map(cluster.servers.map((s) => [s.transport, s.web]));
    await eventually(async () => {
      const [rows, o] = [await apps(), await cluster.owners()];
      const wrong = itsApps.filter((name) => rows.find((a) => a.appName === name)?.serverAddress !== webOf.get(o.get(name)!));
      // the last mismatch is in the failure message
      if (wrong.length) throw new Error(wrong.map((name) => `${name}: Fulcrum ${rows.find((a) => a.appName === name)?.serverAddress}, app_info ${o.get(name)}`).join('; '));
      return true;
    }, 90_000, 'Fulcrum showing every re-elected app where app_info has it');
  }, 420_000);
});
