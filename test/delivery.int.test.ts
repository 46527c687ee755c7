// The delivery channels of a real Fulcrum process (demo `delivery`): ZooKeeper (a real 3.8 on
// loopback) and the DNS responder (asked by dig) publish what GET /v1/assignment answers, follow a
// rollout, and a ZooKeeper that goes away shows as failing without stopping anything else.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminJson, eventually, freePort, startServer, type RunningServer } from './support/process.ts';
import { startZooKeeper, type RunningZooKeeper } from './zookeeper-support.ts';

const run = promisify(execFile);
const ZONE = 'powerjob.test';
const node = (app: string, profile?: string) => `/config/${app}${profile ? `,${profile}` : ''}/powerjob.worker.server-address`;
const hostsOf = (list: string) => list.split(',').map((a) => a.slice(0, a.lastIndexOf(':')));

describe('delivery channels in a running Fulcrum', () => {
  let zk: RunningZooKeeper;
  let server: RunningServer;
  let dnsPort: number;
  const dig = async (name: string, ...more: string[]) => (await run('dig', ['@127.0.0.1', '-p', String(dnsPort), '+time=2', '+tries=1', '+short', name, 'A', ...more], { timeout: 10_000 })).stdout.trim().split('\n').filter(Boolean);
  const assignment = async (app: string, worker: string) => (await (await fetch(`${server.dataPlaneUrl}/v1/assignment?app=${app}&worker=${worker}&format=powerjob`)).text()).trim();
  const channels = async () => ((await adminJson(server, 'GET', '/api/delivery')).json.channels as { channel: string; state: string; reason: string | null; reached: { total: number; byRollout: Record<string, number> } }[]);
  const channel = async (name: string) => (await channels()).find((c) => c.channel === name)!;

  beforeAll(async () => {
    zk = await startZooKeeper();
    dnsPort = await freePort();
    server = await startServer({
      env: {
        FULCRUM_DEMO: 'delivery',
        FULCRUM_COLLECT_INTERVAL: '2s',
        FULCRUM_ROLLOUT_INTERVAL: '1s',
        FULCRUM_ZOOKEEPER: zk.connect,
        FULCRUM_ZOOKEEPER_PROFILES: 'prod',
        FULCRUM_ZOOKEEPER_INTERVAL: '2s',
        FULCRUM_DNS_PORT: String(dnsPort),
        FULCRUM_DNS_ZONE: ZONE,
      },
      timeoutMs: 400_000,
    });
  }, 450_000);
  afterAll(async () => {
    await server?.stop();
    await zk?.close();
  });

  it('publishes the baseline for every app to ZooKeeper and DNS once the demo servers are known', async () => {
    const baseline = await eventually(async () => {
      const list = await assignment('app-01', '0.0.0.0:0');
      return list.split(',').length === 3 ? list : null;
    }, 60_000, 'the three demo servers confirmed by the collector');
    await eventually(async () => ((await zk.read(node('app-01'))) === baseline && (await zk.read(node('app-12', 'prod'))) === baseline ? true : null), 30_000, 'the baseline written to /config/app-01 and /config/app-12,prod');
    expect(await dig(`app-01.${ZONE}`)).toEqual(hostsOf(baseline));
    expect(await dig(ZONE, '+tcp')).toEqual(hostsOf(baseline));
    // 12 apps, each on its own node and its prod profile's, once the collector has seen them all
    await eventually(async () => ((await channel('zookeeper')).reached.total === 24 ? true : null), 30_000, 'all 12 apps × 2 nodes kept');
    expect(await channel('zookeeper')).toMatchObject({ state: 'ok', reason: null });
    expect((await channel('dns')).state).toBe('ok');
  }, 90_000);

  it('follows a rollout: every app’s node and DNS answer become the candidate’s', async () => {
    const created = await adminJson(server, 'POST', '/api/rollouts', { name: 'rendezvous everywhere', candidate: { kind: 'rendezvous' }, steps: [{ percent: 100, pause: { manual: true } }] });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await adminJson(server, 'POST', `/api/rollouts/${id}/start`)).status).toBe(200);
    const apps = Array.from({ length: 12 }, (_, i) => `app-${String(i + 1).padStart(2, '0')}`);
    const wanted = await eventually(async () => {
      const lists = await Promise.all(apps.map((a) => assignment(a, '0.0.0.0:0')));
      return new Set(lists).size > 1 ? lists : null; // rendezvous ranks servers per app
    }, 20_000, 'the assignment API answering the candidate');
    await eventually(async () => {
      for (const [i, app] of apps.entries()) if ((await zk.read(node(app, 'prod'))) !== wanted[i]) return null;
      return true;
    }, 30_000, 'every app’s ZooKeeper node rewritten to the candidate’s list');
    for (const app of apps.slice(0, 4)) expect(await dig(`${app}.${ZONE}`), app).toEqual(hostsOf(await assignment(app, '127.0.0.1:0')));
    const zkNow = await channel('zookeeper');
    expect(zkNow.reached.byRollout[id]).toBe(24);
    expect((await channel('dns')).reached.byRollout[id]).toBeGreaterThanOrEqual(4);
  }, 90_000);

  it('a ZooKeeper that stops shows as failing with the reason; DNS and the data plane go on, and it catches up', async () => {
    await zk.stop();
    const failing = await eventually(async () => {
      const c = await channel('zookeeper');
      return c.state === 'failing' ? c : null;
    }, 30_000, 'the ZooKeeper channel reported failing');
    expect(failing.reason).toBeTruthy();
    expect((await fetch(`${server.dataPlaneUrl}/healthz`)).status).toBe(200);
    expect(await dig(`app-01.${ZONE}`)).toHaveLength(3);
    await zk.start();
    await eventually(async () => ((await channel('zookeeper')).state === 'ok' ? true : null), 90_000, 'the ZooKeeper channel ok again after ZooKeeper is back');
  }, 150_000);
});
