// PowerJob 5.1.2 workers (they shuffle their server list) on a 4.3.9 server, as mixed fleets run
// (PowerJob issue #1016), with oms.accurate.select.server.percentage at 100, PostgreSQL as
// PowerJob's database and its tables renamed (oms.table-prefix pj_): the collector reads them, and
// a move through FULCRUM_POWERJOB_TABLE_PREFIX's actuator has every worker follow within one round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminJson as api, eventually, startServer, type RunningServer } from '../../bench/support.ts';
import { openActuator } from '../../lib/powerjob/actuator.ts';
import { startCluster, type RealCluster } from '../../powerjob/cluster.ts';
import { buildOnce, followTimes, report } from './support.ts';

describe('PowerJob 5.1.2 workers on a 4.3.9 server (PostgreSQL, tables pj_*, accurate percentage 100)', () => {
  let cluster: RealCluster;
  let fulcrum: RunningServer;

  beforeAll(async () => {
    buildOnce();
    cluster = await startCluster({ servers: 2, apps: 3, workersPerApp: 3, workerVersion: '5.1.2', accuratePercentage: 100, db: 'postgres', tablePrefix: 'pj_', log: (l) => process.stdout.write(`powerjob: ${l}\n`) });
    fulcrum = await startServer({ env: { FULCRUM_POWERJOB_SERVERS: cluster.serverAddress, FULCRUM_COLLECT_INTERVAL: '2s' } });
  }, 600_000);

  afterAll(async () => {
    await fulcrum?.stop();
    await cluster?.stop();
  }, 120_000);

  it('collects every 5.1.2 worker and app from the 4.3.9 servers', async () => {
    const rows = await eventually(async () => {
      const r = (await api(fulcrum, 'GET', '/api/apps?pageSize=100')).json.rows as { appName: string; serverAddress: string | null; workersLive: number }[];
      return r.length === 3 && r.every((a) => a.workersLive === 3 && a.serverAddress) ? r : null;
    }, 90_000, 'three apps with three live workers each');
    const owners = await cluster.owners();
    const webOf = new Map(cluster.servers.map((s) => [s.transport, s.web]));
    for (const a of rows) expect(a.serverAddress, a.appName).toBe(webOf.get(owners.get(a.appName)!));
  }, 180_000);

  it('PowerJob renamed its tables: pj_app_info holds the apps, and the actuator refuses a prefix that is not an identifier', async () => {
    expect((await cluster.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM pj_app_info'))[0]!.n).toEqual(expect.anything());
    expect(Number((await cluster.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM pj_app_info'))[0]!.n)).toBe(3);
    await expect(openActuator(cluster.db, { tablePrefix: 'x; drop table' })).rejects.toThrow(/letters, digits and _/);
  });

  it('a move: with the accurate path always taken, every worker follows within one discovery round (time measured)', async () => {
    const app = cluster.apps[0]!;
    const owner = (await cluster.owners()).get(app.name)!;
    const from = cluster.servers.find((s) => s.transport === owner)!;
    const to = cluster.servers.find((s) => s !== from)!;
    const actuator = await openActuator(cluster.db, { tablePrefix: cluster.tablePrefix });
    try {
      const movedAt = Date.now();
      expect((await actuator.moveApp(app.id, from.transport, to.transport)).outcome).toBe('moved');
      const times = await followTimes(cluster, to.index, app, movedAt, 120_000);
      report(`actuator move of ${app.name} (${app.workers.length} workers 5.1.2, accurate percentage 100): workers followed after ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}`);
      // a 10 s discovery tick to learn the new owner, then the next 10 s heartbeat; 45 s leaves room for a loaded machine
      expect(Math.max(...times)).toBeLessThanOrEqual(45_000);
    } finally {
      await actuator.close();
    }
  }, 240_000);
});
