// The rolling-restart assistant on a real PowerJob 4.3.9 cluster (powerjob/cluster.ts): 3 servers,
// 6 apps with one CRON job a minute (so they have quiet windows), 2 workers each sharing one
// ordered server list (so the first server holds every app: PowerJob issue #181), accurate
// percentage 100, MariaDB. Through Fulcrum's operator API, the first server is drained, really
// stopped (SIGTERM, as an operator's restart does) and started again, and restored; checked in
// PowerJob's own tables: every move verified, no app owned by the server while it is down, the
// cluster balanced at the end, and no CRON run failed, lost or run twice (instance_info).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminJson as api, eventually, startServer, type RunningServer } from '../support/process.ts';
import { startCluster, type RealCluster } from '../../powerjob/cluster.ts';
import { buildOnce, report } from './support.ts';

type Phase = 'pending' | 'draining' | 'restart' | 'down' | 'back' | 'restoring' | 'done' | 'overdue';
type RollingRestart = {
  id: string;
  state: string;
  servers: { address: string; phase: Phase; drainId: string | null; safeAt: string | null; downAt: string | null; backAt: string | null; doneAt: string | null }[];
  note: { code: string; detail: string } | null;
  drain: { id: string; state: string; progress: { total: number; left: number; converging: number; done: number; skipped: { app: string; reason: string }[] } } | null;
};
type AuditEntry = { action: string; target: string; detail: string | null; at: string };

describe('the rolling-restart assistant on a real PowerJob 4.3.9 cluster (MariaDB, accurate percentage 100)', () => {
  let cluster: RealCluster;
  let fulcrum: RunningServer;

  beforeAll(async () => {
    buildOnce();
    cluster = await startCluster({
      servers: 3,
      apps: 6,
      workersPerApp: 2,
      accuratePercentage: 100,
      db: 'mariadb',
      jobs: [{ suffix: 'minutely', type: 'CRON', expression: '0 * * * * ?' }],
      log: (l) => process.stdout.write(`powerjob: ${l}\n`),
    });
    fulcrum = await startServer({
      env: {
        FULCRUM_POWERJOB_SERVERS: cluster.serverAddress,
        FULCRUM_POWERJOB_DB_URL: cluster.db,
        FULCRUM_POWERJOB_ACCURATE_PERCENTAGE: '100',
        FULCRUM_COLLECT_INTERVAL: '2s',
        FULCRUM_ROLLOUT_INTERVAL: '1s',
      },
    });
  }, 600_000);

  afterAll(async () => {
    await fulcrum?.stop();
    await cluster?.stop();
  }, 120_000);

  it('restarts the server holding every app with no run failed or lost: drained, stopped, started, restored, every move verified in app_info', async () => {
    const target = cluster.servers[0]!;
    const webOf = new Map(cluster.servers.map((s) => [s.transport, s.web]));
    const names = new Set(cluster.apps.map((a) => a.name));
    /** apps per server (web address) in PowerJob's app_info */
    const perServer = async () => {
      const counts = new Map(cluster.servers.map((s) => [s.web, 0]));
      for (const [name, owner] of await cluster.owners()) if (names.has(name) && owner) counts.set(webOf.get(owner) ?? owner, (counts.get(webOf.get(owner) ?? owner) ?? 0) + 1);
      return counts;
    };
    // the collector has every server up, every app where app_info has it, and every worker
    await eventually(async () => {
      const rows = (await api(fulcrum, 'GET', '/api/apps?pageSize=100')).json.rows as { appName: string; serverAddress: string | null; workersLive: number }[];
      const owners = await cluster.owners();
      const servers = ((await api(fulcrum, 'GET', '/api/overview')).json.servers as { address: string; health: string }[]);
      return servers.length === 3 && servers.every((s) => s.health === 'up') && rows.length === 6 && rows.every((a) => a.workersLive === 2 && a.serverAddress === webOf.get(owners.get(a.appName) ?? '')) ? rows : null;
    }, 180_000, 'three servers up, six apps with two live workers each, each collected where app_info has it');
    // PowerJob 4.3.x workers ask their list in order: the first server claims every app (issue #181)
    expect((await perServer()).get(target.web), `apps on ${target.web} before the restart`).toBe(6);

    // app_info sampled every second from the start to the end: where each app was, and when
    const samples: { at: number; counts: Map<string, number>; targetRunning: boolean }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const counts = await perServer().catch(() => null);
        if (counts) samples.push({ at: Date.now(), counts, targetRunning: target.running });
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();

    const startedAt = Date.now();
    const created = await api(fulcrum, 'POST', '/api/rolling-restarts', { servers: [target.web], reason: 'kernel update (real-cluster test)', perMinute: 30 });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    let last: RollingRestart | null = null;
    const rr = async () => (last = (await api(fulcrum, 'GET', `/api/rolling-restarts/${id}`)).json as unknown as RollingRestart);
    const until = (phases: Phase[], timeoutMs: number, what: string) =>
      eventually(async () => {
        const v = await rr();
        return phases.includes(v.servers[0]!.phase) || v.state !== 'running' ? v : null;
      }, timeoutMs, what).catch((error: Error) => {
        throw new Error(`${error.message}; the rolling restart last showed: ${JSON.stringify(last)}`);
      });

    // drained: the assistant says it is safe, and PowerJob's app_info agrees
    // a re-elected app is tried again after 2 minutes (the conflict back-off), up to 3 times
    const safe = await until(['restart', 'down', 'back', 'restoring', 'done'], 600_000, `${target.web} drained and said safe to restart`);
    expect(safe.state, JSON.stringify(safe)).toBe('running');
    expect(safe.note?.code, JSON.stringify(safe.note)).toBe('safe-to-restart');
    expect(safe.drain?.progress, 'the drain: every app done, none skipped').toMatchObject({ total: 6, left: 0, converging: 0, done: 6, skipped: [] });
    const drained = await perServer();
    expect(drained.get(target.web), `apps on ${target.web} in app_info when said safe: ${JSON.stringify([...drained])}`).toBe(0);
    const safeAt = Date.now();

    // the operator's restart: a graceful stop, then the same server started again
    await cluster.stopServer(target.index, 'SIGTERM');
    const stoppedAt = Date.now();
    await until(['down', 'back', 'restoring', 'done'], 120_000, `${target.web} seen down by the assistant`);
    await cluster.startServer(target.index);
    const startedAgainAt = Date.now();
    const done = await eventually(async () => {
      const v = await rr();
      return v.state !== 'running' ? v : null;
    }, 420_000, `the rolling restart of ${target.web} to end`).catch((error: Error) => {
      throw new Error(`${error.message}; the rolling restart last showed: ${JSON.stringify(last)}`);
    });
    const completedAt = Date.now();
    expect(done.state, JSON.stringify(done)).toBe('completed');
    expect(done.servers[0], 'the server\'s phases').toMatchObject({ address: target.web, phase: 'done' });
    for (const k of ['safeAt', 'downAt', 'backAt', 'doneAt'] as const) expect(done.servers[0]![k], k).not.toBeNull();

    // the drain's and the restore's moves: each verified, none moved back (audited per move)
    const audit = async (action: string) => ((await api(fulcrum, 'GET', `/api/audit?action=${action}&limit=100`)).json.entries as AuditEntry[]).filter((e) => e.action === action);
    const [drainMoves, restoreMoves, movedBack] = [await audit('drain.move'), await audit('restore.move'), await audit('drain.move-back')];
    expect(drainMoves.length, 'drain moves (one per app of the server, and one more per re-election)').toBeGreaterThanOrEqual(6 + movedBack.length);
    // a drain move of the first server of an ordered list may be undone by PowerJob itself: every
    // worker asks that server first, and when its 1 s ping of the new owner goes unanswered it takes
    // the app back (seen here at 3 of 6 moves on a loaded machine); the verification then fails, the
    // move back finds the app re-elected, and the drain tries it again (lib/domain/drain.ts
    // reElected). Every other failed verification is a real one, and fails this test.
    expect(movedBack.filter((e) => !/not moved back: PowerJob re-elected it meanwhile/.test(e.detail ?? '')), 'moves that failed their verification and were moved back').toEqual([]);
    const drainState = (await api(fulcrum, 'GET', `/api/servers/${encodeURIComponent(target.web)}/drain`)).json as { drain: { state: string; progress: { skipped: unknown[] } } };
    expect(drainState.drain.state).toBe('restored');
    expect(drainState.drain.progress.skipped, 'restore moves skipped (failed their verification, or the app moved meanwhile)').toEqual([]);

    // balanced at the end (6 apps over 3 servers: 2 each), with the fewest moves back (2)
    const end = await perServer();
    expect([...end.values()].sort(), `apps per server in app_info at the end: ${JSON.stringify([...end])}`).toEqual([2, 2, 2]);
    expect(restoreMoves.length, 'restore moves').toBe(2);

    // the whole time, in app_info: no app owned by the server while it was stopped
    sampling = false;
    await sampler;
    const whileDown = samples.filter((s) => s.at > stoppedAt && s.at < startedAgainAt);
    expect(whileDown.length, 'app_info samples while the server was down').toBeGreaterThan(0);
    const owning = whileDown.filter((s) => (s.counts.get(target.web) ?? 0) > 0);
    expect(owning.map((s) => [new Date(s.at).toISOString(), [...s.counts]]), `app_info gave ${target.web} an app while it was down`).toEqual([]);
    // max/mean over the servers in service (running, not cordoned: the restarted server from the end of its restore on), from the samples
    const ratio = (counts: Map<string, number>, inService: string[]) => {
      const v = inService.map((a) => counts.get(a) ?? 0);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return mean > 0 ? Math.max(...v) / mean : 1;
    };
    const others = cluster.servers.filter((s) => s !== target).map((s) => s.web);
    const worst = Math.max(...samples.filter((s) => s.at > safeAt).map((s) => ratio(s.counts, s.at >= completedAt ? [...others, target.web] : others)));
    // from the drain's end: 3/3 while it is down, 2/3 then 2/2 while its restore brings two apps back
    // (it stays cordoned until then), 2/2/2 after; a restore that put it back in service owning
    // nothing would stand at 0/3/3 (1.5)
    expect(worst, 'max/mean of the servers in service from the drain\'s end on').toBeLessThanOrEqual(1.2);

    // PowerJob's own record of every app's CRON runs from the start to a minute after the end
    const slotsUntil = await eventually(async () => (Date.now() > completedAt + 60_000 + 30_000 ? completedAt + 60_000 : null), 150_000, 'the first minute after the rolling restart ended, and 30 s for its run to be recorded');
    const r = await cluster.instances(cluster.apps.map((a) => a.id), startedAt, slotsUntil);
    report(
      `rolling restart of ${target.web} on the real cluster (6 apps, 12 workers 4.3.9, accurate percentage 100, CRON once a minute): safe after ${((safeAt - startedAt) / 1000).toFixed(0)} s, down ${((startedAgainAt - stoppedAt) / 1000).toFixed(0)} s, completed ${((completedAt - startedAt) / 1000).toFixed(0)} s after the start; ${drainMoves.length} drain and ${restoreMoves.length} restore moves, ${movedBack.length} re-elected by PowerJob under their move; max/mean of the servers in service after the drain ${worst.toFixed(3)}; apps per server at the end ${JSON.stringify([...end.values()])}; CRON slots: ${r.expected} expected, ${r.succeeded} succeeded, ${r.failed.length} failed, ${r.lost.length} lost, ${r.duplicated.length} duplicated`,
      [...r.failed.map((f) => `failed: app ${f.appId} at ${new Date(f.at).toISOString()}: ${f.detail}`), ...r.lost.map((f) => `lost: app ${f.appId} at ${new Date(f.at).toISOString()}`), ...r.duplicated.map((f) => `duplicated: app ${f.appId} at ${new Date(f.at).toISOString()}: ${f.detail}`),
        ...[...drainMoves, ...restoreMoves].map((e) => `${e.at.slice(11, 19)} ${e.action} ${e.target}: ${e.detail ?? ''}`)],
    );
    expect(r.expected).toBeGreaterThan(0);
    expect({ failed: r.failed, lost: r.lost, duplicated: r.duplicated }, 'CRON runs failed, lost or run twice during the rolling restart').toEqual({ failed: [], lost: [], duplicated: [] });
    expect(r.succeeded).toBe(r.expected);
  }, 1_200_000);
});
