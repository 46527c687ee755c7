// The emulated servers over real HTTP, with PowerJob's ResultDTO envelope and error codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './cluster.ts';
import { loadScenario } from './scenario.ts';
import type { EmulatedServer } from './server.ts';
import { eventually } from '../../test/support/process.ts';

let emulator: Emulator;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`http://${emulator.servers[0]}${path}`, { headers });
  return (await res.json()) as { success: boolean; data: unknown; message: string | null; code?: string };
}

beforeAll(async () => {
  // 5.x servers (login required), workers discovering over real HTTP (so wall-clock time: a manual
  // clock cannot wait for sockets), 50x faster than real time
  emulator = await startEmulator({ scenario: { ...loadScenario('issue-181'), serverVersion: '5.1.1' }, speed: 50 });
  // every app elected and every worker heard by its owner: about 0.4 s (20 s of cluster time) when idle
  await eventually(
    async () => {
      const s = emulator.state();
      const live = Object.values(s.servers).reduce((n, x) => n + x.heartbeatWorkers, 0);
      return Object.values(s.bindings).every((b) => b !== null) && s.workersWithoutServer === 0 && live === s.workers ? true : null;
    },
    30_000,
    'every app elected and every worker heartbeating to its owner',
    20,
  );
});
afterAll(async () => {
  await emulator?.close();
});

describe('emulated server endpoints', () => {
  it('elected every app over HTTP, most on the first server (ordered lists)', () => {
    expect(emulator.discovery).toBe('http');
    const owners = Object.values(emulator.state().bindings);
    expect(owners.every((o) => o !== null)).toBe(true);
    expect(owners.filter((o) => o === emulator.servers[0]).length).toBeGreaterThanOrEqual(14);
  });

  it('answers /server/hello?debug=true with the apps it holds and their workers', async () => {
    const r = await get('/server/hello?debug=true');
    expect(r.success).toBe(true);
    const data = r.data as { appIds: number[]; serverInfo: { id: number; version: string }; defaultAddress: { address: string }; appId2ClusterInfo: Record<string, { allWorkers: Record<string, { lastActiveTime: number; systemMetrics: { score: number } }> }> };
    expect(data.appIds.length).toBeGreaterThanOrEqual(15);
    expect(data.serverInfo.version).toBe('5.1.1');
    expect(data.defaultAddress.address).toBe('127.0.0.1:10010');
    const workers = Object.values(data.appId2ClusterInfo[String(data.appIds[0])]!.allWorkers);
    expect(workers.length).toBeGreaterThan(0);
    expect(typeof workers[0]!.systemMetrics.score).toBe('number');
    const plain = (await get('/server/hello')).data as Record<string, unknown>;
    expect(plain.appId2ClusterInfo).toBeUndefined();
  });

  it('answers assert, assertV2 and acquire', async () => {
    expect(await get('/server/assert?appName=app-01')).toMatchObject({ success: true, data: 1 });
    expect(await get('/server/assertV2?appName=app-01')).toMatchObject({ success: true, data: { appId: 1 } });
    expect(await get('/server/assert?appName=nope')).toMatchObject({ success: false });
    const owner = emulator.state().bindings['app-01'];
    const r = await get('/server/acquire?appId=1&protocol=HTTP');
    expect(r.success).toBe(true);
    // the answer is the owner's transport address, not its web address
    expect(r.data).toBe(emulator.serverObjects.find((s) => s.webAddress === owner)!.transportAddress);
  });

  it('requires a login for the console API, and accepts the token in PowerJwt or Power_jwt', async () => {
    expect(await get('/system/overview?appId=1')).toMatchObject({ success: false, code: '-100' });
    const login = await fetch(`http://${emulator.servers[0]}/auth/thirdPartyLoginDirect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginType: 'PWJB', originParams: JSON.stringify({ username: 'ADMIN', password: 'powerjob', encryption: 'none' }) }),
    });
    const token = ((await login.json()) as { data: { jwtToken: string } }).data.jwtToken;
    const list = await fetch(`http://${emulator.servers[0]}/appInfo/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', PowerJwt: token },
      body: JSON.stringify({ index: 1, pageSize: 8 }),
    });
    expect(((await list.json()) as { data: unknown }).data).toMatchObject({ index: 1, pageSize: 8, totalPages: 3, totalItems: 20, data: expect.any(Array) });
    const overview = await get('/system/overview?appId=1', { Power_jwt: token });
    expect(overview).toMatchObject({ success: true, data: { appId: 1, runningInstanceCount: expect.any(Number), scheduleServerInfo: expect.any(Object) } });
    const workers = await get('/system/listWorker?appId=1', { PowerJwt: token });
    const listed = workers.data as { status: number; cpuLoad: string; lightTaskTrackerNum: number }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed[0]!.cpuLoad).toMatch(/^[\d.]+ \/ 8 cores$/);
    expect(listed[0]!.status).toBeLessThan(9999);
    // running instances are the task trackers the owner's live workers report
    const running = listed.reduce((n, w) => n + w.lightTaskTrackerNum, 0);
    expect((overview.data as { runningInstanceCount: number }).runningInstanceCount).toBe(running);
    const wrong = await fetch(`http://${emulator.servers[0]}/auth/thirdPartyLoginDirect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginType: 'PWJB', originParams: JSON.stringify({ username: 'ADMIN', password: 'x' }) }),
    });
    expect(await wrong.json()).toMatchObject({ success: false });
  });

  it('elects over HTTP: a second server takes over an app whose owner is stopped, and keeps it', async () => {
    const [first, second] = emulator.serverObjects as [EmulatedServer, EmulatedServer];
    const appId = 1;
    const owner = emulator.state().bindings['app-01'];
    const ownerObj = owner === first.webAddress ? first : second;
    const other = ownerObj === first ? second : first;
    await emulator.stopServer(ownerObj.webAddress);
    try {
      const started = Date.now();
      const r = await fetch(`http://${other.webAddress}/server/acquire?appId=${appId}&protocol=HTTP&currentServer=${ownerObj.transportAddress}`);
      // the ping to the stopped owner waits out its 1 s timeout in emulated time (20 ms at speed 50)
      expect(Date.now() - started).toBeGreaterThanOrEqual(15);
      expect(await r.json()).toEqual({ success: true, data: other.transportAddress, message: null });
      const akka = (await (await fetch(`http://${other.webAddress}/server/acquire?appId=${appId}&protocol=AKKA`)).json()) as { data: string };
      expect(akka.data).toBe(other.protocols.AKKA);
    } finally {
      await emulator.startServer(ownerObj.webAddress);
    }
    // sticky: the restarted server is told about the new owner
    const back = (await (await fetch(`http://${ownerObj.webAddress}/server/acquire?appId=${appId}&protocol=HTTP`)).json()) as { data: string };
    expect(back.data).toBe(other.transportAddress);
    expect(emulator.state().bindings['app-01']).toBe(other.webAddress);
  });

  it('answers unknown apps with success=false in the envelope, and unknown paths with Spring’s 404', async () => {
    expect(await get('/server/acquire?appId=999&protocol=HTTP')).toEqual({ success: false, data: null, message: '999 is not registered!' });
    const res = await fetch(`http://${emulator.servers[0]}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, error: 'Not Found', path: '/nope' });
  });

  it('reads debug as Spring reads a boolean, and leaves null fields out of the workers', async () => {
    for (const value of ['true', 'on', 'yes', '1', 'TRUE']) {
      const hello = (await get(`/server/hello?debug=${value}`)).data as Record<string, unknown>;
      expect(hello, `debug=${value}`).toHaveProperty('appId2ClusterInfo');
    }
    expect((await get('/server/hello?debug=false')).data).not.toHaveProperty('appId2ClusterInfo');
    const text = JSON.stringify((await get('/server/hello?debug=true')).data);
    expect(text).not.toContain('null');
    expect(text).toMatch(/"lastOverloadTime":\d+/);
  });

  it('checks connectivity for real: a closed port is false, a listening one true', async () => {
    const [ip, port] = emulator.servers[1]!.split(':');
    expect((await get(`/server/checkConnectivity?targetIp=${ip}&targetPort=${port}`)).data).toBe(true);
    expect((await get('/server/checkConnectivity?targetIp=127.0.0.1&targetPort=1')).data).toBe(false);
  });

  it('answers /actuator/health like Spring Boot', async () => {
    const res = await fetch(`http://${emulator.servers[0]}/actuator/health`);
    expect(await res.json()).toEqual({ status: 'UP' });
  });

  it('refuses connections while stopped, and starts again with its memory empty', async () => {
    const second = emulator.servers[1]!;
    await emulator.stopServer(1);
    await expect(fetch(`http://${second}/server/hello`)).rejects.toThrow();
    const bornBefore = emulator.serverObjects[1]!.bornTime;
    await emulator.startServer(1);
    type Hello = { data: { serverInfo: { bornTime: number }; appId2ClusterInfo: Record<string, { allWorkers: Record<string, { lastActiveTime: number }> }> } };
    const r = (await (await fetch(`http://${second}/server/hello?debug=true`)).json()) as Hello;
    // a new process: whatever it holds arrived after it started (heartbeats resume within 10 s, 0.2 s here)
    expect(r.data.serverInfo.bornTime).toBeGreaterThan(bornBefore);
    const seen = Object.values(r.data.appId2ClusterInfo).flatMap((a) => Object.values(a.allWorkers));
    for (const w of seen) expect(w.lastActiveTime).toBeGreaterThanOrEqual(r.data.serverInfo.bornTime);
  });
});
