// How real PowerJob workers read their server list (powerjob.md §1, §7), measured: 4.3.9 workers
// keep the configured order; 5.1.2 workers shuffle it once at start; and whether a 5.1.2 worker
// keeps repeated entries, so that repetition weights its first claim. One 4.3.9 cluster of two
// servers per check, 30 apps with one worker each and no job; the first worker of an app claims it
// at the first server it asks, so the owners count the workers' first choices.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type RealCluster } from '../../powerjob/cluster.ts';
import { report } from './support.ts';

const APPS = 30;
const REPEATS = 7;

describe('real workers and their server-address', () => {
  let cluster: RealCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  }, 120_000);

  async function owners(workerVersion: string, list: (web: [string, string]) => string): Promise<{ first: number; second: number; web: [string, string] }> {
    cluster = await startCluster({
      servers: 2,
      apps: APPS,
      workersPerApp: 1,
      workersPerJvm: 15,
      workerVersion,
      jobs: false,
      workerServerAddress: (servers) => list([servers[0]!.web, servers[1]!.web]),
      log: (l) => process.stdout.write(`powerjob: ${l}\n`),
    });
    const byTransport = new Map(cluster.servers.map((s, i) => [s.transport, i]));
    const owned = [...(await cluster.owners()).values()].map((o) => (o ? byTransport.get(o) : undefined));
    return { first: owned.filter((i) => i === 0).length, second: owned.filter((i) => i === 1).length, web: [cluster.servers[0]!.web, cluster.servers[1]!.web] };
  }

  it('4.3.9 workers keep the order: every app on the server listed first, even when it is the second server', async () => {
    const got = await owners('4.3.9', ([a, b]) => `${b},${a}`);
    report(`4.3.9 workers given "second,first": ${got.second} of ${APPS} apps on the second server, ${got.first} on the first`);
    expect(got).toMatchObject({ second: APPS, first: 0 });
  });

  it(`5.1.2 workers shuffle, and keep repeated entries: a server listed ${REPEATS} times of ${REPEATS + 1} takes about that share of first claims`, async () => {
    const got = await owners('5.1.2', ([a, b]) => [...Array.from({ length: REPEATS }, () => a), b].join(','));
    const share = got.first / APPS;
    report(`5.1.2 workers given "first×${REPEATS},second": ${got.first} of ${APPS} apps on the first server (${(share * 100).toFixed(0)} %; ${((REPEATS / (REPEATS + 1)) * 100).toFixed(0)} % if repeats weight the shuffle, 50 % if they were dropped, 100 % if the order were kept)`);
    expect(got.first + got.second).toBe(APPS);
    expect(got.second, 'shuffled: the server listed last takes some first claims').toBeGreaterThan(0);
    // binomial, 30 apps: at p = 7/8 fewer than 21 has probability 0.3 %; at p = 1/2 21 or more has 2.1 %
    expect(got.first, 'repeated entries weight the first claim').toBeGreaterThanOrEqual(21);
  });
});
