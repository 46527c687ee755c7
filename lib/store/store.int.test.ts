// The store against real databases: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { IngestBatch } from '../domain/ingest-batch.ts';
import { ingestBatchSchema } from '../domain/ingest-batch.ts';
import { prepareBatch } from './ingest.ts';
import type { Store } from './index.ts';
import { storeTargets } from './test-support.ts';
import { fairnessSeries } from '../domain/series.ts';

const example = ingestBatchSchema.parse(
  JSON.parse(fs.readFileSync(new URL('../../docs/ingest.example.json', import.meta.url), 'utf8')),
);
const T0 = Date.parse('2026-11-24T09:30:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000);

function ingest(store: Store, batch: IngestBatch, receivedAt: Date) {
  return store.ingest(prepareBatch(batch, receivedAt, store.heartbeatEncoding, (a) => store.transportAddresses()[a] ?? a), receivedAt);
}

function heartbeats(batchId: string, server: string, appId: number, workers: string[], atMs: number): IngestBatch {
  return {
    batchId,
    heartbeats: workers.map((w) => ({
      workerAddress: w,
      appId,
      appName: `app-${appId}`,
      serverAddress: server,
      heartbeatTime: atMs,
      systemMetrics: { score: 10, cpuLoad: 1 },
    })),
  };
}

describe.each(storeTargets())('store on $name', (target) => {
  let store: Store;
  let env: Awaited<ReturnType<typeof target.create>>;

  beforeAll(async () => {
    env = await target.create();
    store = env.store;
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('makes an accepted batch queryable at once', async () => {
    const outcome = await ingest(store, example, at(1));
    expect(outcome).toEqual({ duplicate: false, result: { batchId: example.batchId, accepted: { servers: 2, heartbeats: 2 } } });
    const servers = await store.listServers(at(2));
    expect(servers.map((s) => [s.address, s.health, s.appsOwned])).toEqual([
      ['10.0.0.5:7700', 'up', 2],
      ['10.0.0.6:7700', 'down', 0],
    ]);
    expect(servers[1]!.statusReason).toMatch(/timed out/);
    const workers = await store.listWorkers(at(2), { limit: 10 });
    // the heartbeat sent to the transport address 10.0.0.5:10010 lands on the server 10.0.0.5:7700
    expect(workers.map((w) => [w.address, w.serverAddress, w.score])).toEqual([
      ['10.0.1.11:27777', '10.0.0.5:7700', 12],
      ['10.0.1.12:27777', '10.0.0.5:7700', 10],
    ]);
    const apps = await store.listApps(at(2));
    expect(apps.map((a) => [a.appName, a.serverAddress, a.runningInstances])).toEqual([
      ['billing-batch', '10.0.0.5:7700', 0],
      ['order-service', '10.0.0.5:7700', 12],
    ]);
    const history = await store.listBindingChanges({ limit: 10 });
    expect(history.map((h) => [h.appId, h.fromServer, h.toServer])).toEqual(
      expect.arrayContaining([
        [1, null, '10.0.0.5:7700'],
        [2, null, '10.0.0.5:7700'],
      ]),
    );
  });

  it('stores a batch sent again only once, and answers as the first time', async () => {
    const before = await store.countRows('worker_heartbeats');
    const again = await ingest(store, example, at(3));
    expect(again).toEqual({ duplicate: true, result: { batchId: example.batchId, accepted: { servers: 2, heartbeats: 2 } } });
    expect(await store.countRows('worker_heartbeats')).toBe(before);
    expect(await store.countRows('ingest_batches')).toBe(1);
  });

  it('stores nothing of a batch that fails part-way', async () => {
    const bad = prepareBatch(heartbeats('broken', 'x:7700', 99, ['w:1'], T0), at(4), store.heartbeatEncoding);
    // corrupt the encoded heartbeat rows so the database refuses them after the other writes ran
    if (bad.heartbeatCopy) bad.heartbeatCopy = bad.heartbeatCopy.replace('\t99\t', '\tnot-a-number\t');
    else bad.heartbeatColumns![1] = ['not-a-number'];
    await expect(store.ingest(bad, at(4))).rejects.toThrow();
    expect(await store.countRows('ingest_batches')).toBe(1);
    expect((await store.listServers(at(4))).map((s) => s.address)).not.toContain('x:7700');
    expect((await store.listApps(at(4))).map((a) => a.appId)).not.toContain(99);
  });

  it('folds heartbeats into worker state and follows an app whose workers moved', async () => {
    await ingest(store, heartbeats('h1', '10.0.0.6:7700', 1, ['10.0.1.11:27777', '10.0.1.12:27777', '10.0.1.13:27777'], T0 + 20_000), at(20));
    const folded = await store.foldHeartbeats(at(21));
    expect(folded.heartbeats).toBe(5);
    expect(folded.bindingChanges).toBe(1);
    expect(await store.countRows('workers')).toBe(3);
    const app = (await store.listApps(at(21))).find((a) => a.appId === 1)!;
    expect(app.serverAddress).toBe('10.0.0.6:7700');
    expect(app.workersLive).toBe(3);
    const [latest] = await store.listBindingChanges({ limit: 1, appId: 1 });
    expect(latest).toMatchObject({ fromServer: '10.0.0.5:7700', toServer: '10.0.0.6:7700', reason: 'its workers heartbeat to 10.0.0.6:7700' });
    // nothing new: folding again changes nothing
    expect(await store.foldHeartbeats(at(22))).toEqual({ heartbeats: 0, bindingChanges: 0 });
  });

  it('shows a server whose data stopped as stale, never as up', async () => {
    const servers = await store.listServers(at(20 + 31));
    expect(servers.find((s) => s.address === '10.0.0.6:7700')!.health).toBe('stale');
    const summary = await store.clusterSummary(at(20 + 31));
    expect(summary.serversUp).toBe(0);
    expect(summary.serversStale).toBe(2);
  });

  it("gives the assignment API each confirmed server's health and apps owned as listServers does, at two moments", async () => {
    expect(await store.serversForAssignment(at(2)), 'servers only an ingest batch named are not delivered').toEqual([]);
    await store.confirmServer('10.0.0.5:7700', 'olga', at(2));
    for (const moment of [at(2), at(20 + 31)]) {
      const full = await store.listServers(moment);
      const light = await store.serversForAssignment(moment);
      expect(light.map((s) => s.address)).toEqual(['10.0.0.5:7700']);
      expect(light).toEqual(full.filter((s) => s.confirmedBy !== null).map((s) => ({ address: s.address, weight: s.weight, zone: s.zone, health: s.health, appsOwned: s.appsOwned, cordoned: s.cordon !== null })));
    }
  });

  it('samples each server and rolls samples up to 1 minute and 1 hour', async () => {
    for (let s = 30; s <= 150; s += 10) {
      if (s % 20 === 0) await ingest(store, heartbeats(`hb-${s}`, '10.0.0.6:7700', 1, ['10.0.1.11:27777'], T0 + s * 1000), at(s));
      await store.foldHeartbeats(at(s));
      expect(await store.sampleServers(at(s), 10_000)).toBe(2);
    }
    expect(await store.countRows('server_samples')).toBe(26);
    const r = await store.rollup(at(151));
    expect(r.minutes).toBeGreaterThanOrEqual(6); // minutes :30, :31, :32 for two servers
    expect(await store.countRows('server_samples_1m')).toBe(6);
    expect(await store.countRows('server_samples_1h')).toBe(2);
    // rolling up again is idempotent
    await store.rollup(at(152));
    expect(await store.countRows('server_samples_1m')).toBe(6);
    const series = await store.serverSeries('10.0.0.6:7700', '1m', at(0), at(200));
    expect(series.map((p) => p.samples)).toEqual([3, 6, 4]);
    expect(series.every((p) => p.appsOwnedMax === 1)).toBe(true);
    const hourly = await store.serverSeries('10.0.0.6:7700', '1h', at(-3600), at(200));
    expect(hourly).toHaveLength(1);
    expect(hourly[0]!.samples).toBe(13);
  });

  it('answers the analytics queries: fleet buckets, binding change counts, paged and filtered lists', async () => {
    const raw = await store.fleetBuckets('raw', at(0), at(200));
    expect(raw).toHaveLength(26);
    expect(raw.every((r) => r.samples === 1)).toBe(true);
    const minutes = await store.fleetBuckets('1m', at(0), at(200));
    expect(minutes.map((r) => r.samples).reduce((a, b) => a + b, 0)).toBe(26);
    const moves = await store.bindingChangeBuckets(at(-3600), at(3600), 60_000);
    expect(moves.reduce((a, m) => a + m.count, 0)).toBe(await store.countRows('binding_changes'));

    const now = at(160);
    const all = await store.queryWorkers(now, { page: 1, pageSize: 2, sort: 'address', order: 'asc' });
    expect(all.total).toBe(3);
    expect(all.rows.map((w) => w.address)).toEqual(['10.0.1.11:27777', '10.0.1.12:27777']);
    const second = await store.queryWorkers(now, { page: 2, pageSize: 2, sort: 'address', order: 'asc' });
    expect(second.rows.map((w) => w.address)).toEqual(['10.0.1.13:27777']);
    const live = await store.queryWorkers(now, { page: 1, pageSize: 10, sort: 'heartbeat', order: 'desc', status: 'live' });
    expect(live.rows.map((w) => w.address)).toEqual(['10.0.1.11:27777']);
    const search = await store.queryWorkers(now, { page: 1, pageSize: 10, sort: 'address', order: 'desc', q: '1.1' });
    expect(search.rows.map((w) => w.address)).toEqual(['10.0.1.13:27777', '10.0.1.12:27777', '10.0.1.11:27777']);
    expect((await store.queryWorkers(now, { page: 1, pageSize: 10, sort: 'address', order: 'asc', q: '%' })).total).toBe(0);
    // the roster: the same workers as the full list, only the fields a placement needs
    const roster = (rows: { appId: number; appName: string | null; address: string; serverAddress: string; tag: string | null; version: string | null }[]) =>
      rows.map(({ appId, appName, address, serverAddress, tag, version }) => ({ appId, appName, address, serverAddress, tag, version })).sort((a, b) => a.appId - b.appId || (a.address < b.address ? -1 : 1));
    const everyone = (await store.queryWorkers(now, { page: 1, pageSize: 1, sort: 'address', order: 'asc' }, true)).rows;
    expect(await store.workerRoster(now, { all: true })).toEqual(roster(everyone));
    expect(await store.workerRoster(now)).toEqual(roster(everyone.filter((w) => w.health === 'live')));
    expect((await store.workerRoster(now)).map((w) => w.address)).toEqual(['10.0.1.11:27777']);

    const apps = await store.queryApps(now, { page: 1, pageSize: 10, sort: 'name', order: 'asc', server: '10.0.0.6:7700' });
    expect(apps.rows.map((a) => a.appName)).toEqual(['app-1']); // renamed by the later heartbeats
    const byId = await store.queryApps(now, { page: 1, pageSize: 10, sort: 'appId', order: 'desc' });
    expect(byId.rows.map((a) => a.appId)).toEqual([2, 1]);
    expect((await store.queryApps(now, { page: 1, pageSize: 1, sort: 'name', order: 'asc' }, true)).rows).toHaveLength(2);
  });

  it('computes fairness per bucket in SQL exactly as lib/domain does', async () => {
    // three servers with different loads, one of them going down for a while
    const snap = (address: string, status: 'up' | 'down', appIds: number[], t: number) => ({
      address,
      observedAt: t,
      status,
      apps: appIds.map((appId) => ({ appId, runningInstances: appId * 3, workers: Array.from({ length: appId }, (_, k) => ({ address: `10.7.${appId}.${k}:1`, lastActiveTime: t - 1000 })) })),
    });
    for (let s = 300; s <= 460; s += 10) {
      const t = T0 + s * 1000;
      const cDown = s >= 360 && s < 420;
      await ingest(store, { batchId: `fair-${s}`, servers: [snap('10.0.0.5:7700', 'up', [11, 12, 13], t), snap('10.0.0.6:7700', 'up', [14], t), snap('10.0.0.7:7700', cDown ? 'down' : 'up', cDown ? [] : [15, 16], t)] }, at(s));
      await store.foldHeartbeats(at(s));
      await store.sampleServers(at(s), 10_000);
    }
    await store.rollup(at(470));
    const from = at(290);
    const to = at(470);
    let markers = 0;
    const maxMeans = new Set<number>();
    for (const [resolution, bucketMs] of [['raw', 10_000], ['raw', 30_000], ['1m', 60_000], ['1m', 120_000]] as const) {
      const rows = await store.fleetBuckets(resolution, from, to);
      for (const measure of ['apps', 'workers', 'running', 'capacity', 'mix'] as const) {
        const mix = { apps: 1, workers: 2, running: 3 };
        const expected = fairnessSeries(rows, measure, from.getTime(), to.getTime(), bucketMs, mix);
        const { buckets, changes } = await store.fairnessBuckets(resolution, from, to, bucketMs, measure, mix);
        const withData = expected.points.filter((p) => p.n > 0);
        expect(buckets.map((b) => b.t), `${resolution} ${measure}`).toEqual(withData.map((p) => p.t));
        buckets.forEach((b, i) => {
          const e = withData[i]!;
          expect(b.n).toBe(e.n);
          for (const k of ['jain', 'cv', 'maxMean', 'gini'] as const) expect(b[k], `${resolution} ${measure} ${k} @${b.t}`).toBeCloseTo(e[k]!, 9);
        });
        expect(changes.map((c) => ({ t: c.t, kind: c.up ? 'server-up' : 'server-down', label: `${c.server} ${c.up ? 'up' : 'down'}` }))).toEqual(expected.markers);
        markers += changes.length;
        buckets.forEach((b) => maxMeans.add(Math.round(b.maxMean * 1000)));
      }
    }
    // the data is not trivially fair: several distinct values, and the outage shows as markers
    expect(maxMeans.size).toBeGreaterThan(3);
    expect(markers).toBeGreaterThan(0);
  });

  it('enforces retention per resolution', async () => {
    const raw = await store.countRows('server_samples');
    const minutes = await store.countRows('server_samples_1m');
    const deleted = await store.enforceRetention(at(3600 * 2), {
      rawMs: 3600_000,
      minuteMs: 3 * 3600_000,
      hourMs: 400 * 86_400_000,
      heartbeatLogMs: 3600_000,
      batchIdsMs: 3600_000,
    });
    expect(deleted.server_samples).toBe(raw);
    expect(deleted.server_samples_1m).toBe(0);
    expect(deleted.worker_heartbeats).toBeGreaterThan(0);
    expect(await store.countRows('server_samples')).toBe(0);
    expect(await store.countRows('server_samples_1m')).toBe(minutes);
    expect(await store.countRows('ingest_batches')).toBe(0);
  });

  it('shows an app two live servers both claim (split brain), until one stops claiming it', async () => {
    const t = T0 + 7200_000;
    const snap = (address: string, appIds: number[]) => ({
      address,
      observedAt: t,
      status: 'up' as const,
      apps: appIds.map((appId) => ({ appId, workers: [{ address: `w-${address}`.replace(/:/g, '-') + ':1', lastActiveTime: t - 1000 }] })),
    });
    await ingest(store, { batchId: 'split-1', servers: [snap('10.0.0.5:7700', [1, 2]), snap('10.0.0.6:7700', [1])] }, new Date(t));
    let apps = await store.listApps(new Date(t + 1000));
    expect(apps.find((a) => a.appId === 1)!.claimedBy).toEqual(['10.0.0.5:7700', '10.0.0.6:7700']);
    expect(apps.find((a) => a.appId === 2)!.claimedBy).toEqual(['10.0.0.5:7700']);
    await ingest(store, { batchId: 'split-2', servers: [snap('10.0.0.6:7700', [])] }, new Date(t + 10_000));
    apps = await store.listApps(new Date(t + 11_000));
    expect(apps.find((a) => a.appId === 1)!.claimedBy).toEqual(['10.0.0.5:7700']);
  });

  it('keeps everything across a reopen, and applies no migration twice', async () => {
    const workers = await store.countRows('workers');
    store = await env.reopen();
    expect(await store.countRows('workers')).toBe(workers);
    expect(await store.countRows('servers')).toBe(3);
  });
});

describe.each(storeTargets())('forgetting a server on $name', (target) => {
  let env: Awaited<ReturnType<typeof target.create>>;
  let store: Store;

  beforeAll(async () => {
    env = await target.create();
    store = env.store;
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('removes the server, keeps its history, and takes it back when it is reported again', async () => {
    await ingest(store, example, at(0));
    await store.sampleServers(at(5), 10_000);
    expect(store.transportAddresses()['10.0.0.5:10010']).toBe('10.0.0.5:7700');
    expect(await store.forgetServer('10.0.0.9:7700')).toBeNull();
    expect(await store.forgetServer('10.0.0.5:7700')).toEqual({ address: '10.0.0.5:7700' });
    expect((await store.listServers(at(6))).map((s) => s.address)).toEqual(['10.0.0.6:7700']);
    // its transport address no longer names it; its samples stay
    expect(store.transportAddresses()['10.0.0.5:10010']).toBeUndefined();
    expect((await store.serverSeries('10.0.0.5:7700', 'raw', at(0), at(10))).length).toBe(1);
    expect(await store.forgetServer('10.0.0.5:7700')).toBeNull();
    await ingest(store, { ...example, batchId: 'again' }, at(20));
    expect((await store.listServers(at(21))).map((s) => s.address)).toEqual(['10.0.0.5:7700', '10.0.0.6:7700']);
    expect(store.transportAddresses()['10.0.0.5:10010']).toBe('10.0.0.5:7700');
  });
});

describe.each(storeTargets())('server confirmation on $name', (target) => {
  let env: Awaited<ReturnType<typeof target.create>>;
  beforeAll(async () => {
    env = await target.create();
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('delivers a server only once the collector polled it or an operator confirmed it; a heartbeat never confirms', async () => {
    const { store } = env;
    // what POST /v1/ingest stores: an attacker's server, up, and a heartbeat naming a transport address no server reported
    const hostile: IngestBatch = {
      batchId: 'probe',
      servers: [{ address: 'aaa-attacker.example:7700', observedAt: T0, status: 'up' }],
      heartbeats: heartbeats('x', '10.0.0.5:10010', 7, ['10.0.1.99:27777'], T0).heartbeats!,
    };
    await ingest(store, hostile, at(1));
    // what the collector stores (pipeline.ingest marks its batches)
    const polled = prepareBatch({ batchId: 'collector-1', source: 'collector', servers: [{ address: '10.0.0.6:7700', observedAt: T0, status: 'up' }] }, at(1), store.heartbeatEncoding);
    await store.ingest({ ...polled, confirmedBy: 'collector' }, at(1));
    const byAddress = async () => Object.fromEntries((await store.listServers(at(2))).map((s) => [s.address, s.confirmedBy]));
    expect(await byAddress()).toEqual({ 'aaa-attacker.example:7700': null, '10.0.0.5:10010': null, '10.0.0.6:7700': 'collector' });
    expect((await store.serversForAssignment(at(2))).map((s) => s.address)).toEqual(['10.0.0.6:7700']);
    // a later batch from POST /v1/ingest neither confirms nor unconfirms
    await ingest(store, { batchId: 'probe-2', servers: [{ address: '10.0.0.6:7700', observedAt: T0 + 1000, status: 'up' }] }, at(2));
    expect((await byAddress())['10.0.0.6:7700']).toBe('collector');
    expect(await store.confirmServer('aaa-attacker.example:7700', 'olga', at(3))).toEqual({ before: null, after: 'olga' });
    expect(await store.confirmServer('aaa-attacker.example:7700', 'omar', at(4))).toEqual({ before: 'olga', after: 'olga' });
    expect(await store.confirmServer('nowhere:7700', 'olga', at(4))).toBeNull();
    expect((await store.serversForAssignment(at(4))).map((s) => s.address)).toEqual(['10.0.0.6:7700', 'aaa-attacker.example:7700']);
  });
});

describe.each(storeTargets())('heartbeat fold on $name', (target) => {
  let env: Awaited<ReturnType<typeof target.create>>;
  beforeAll(async () => {
    env = await target.create();
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('keeps a worker on the server of its newest heartbeat when an old owner, listed after it in the same round, still reports a stale one', async () => {
    const { store } = env;
    // one collection round: the new owner (listed first) with the worker's fresh heartbeat, then the
    // drained old owner, which owns no app, so its cleanData returns early and it still lists the
    // worker as last heard 150 s ago (powerjob.md §7.5; found by the rolling restart's test: moves
    // to a restarted server "not seen within 185 s" while every worker heartbeat there)
    const fresh = heartbeats('round', '10.0.0.5:7700', 42, ['10.0.1.50:27777'], T0 + 200_000).heartbeats!;
    const stale = heartbeats('round', '10.0.0.6:7700', 42, ['10.0.1.50:27777'], T0 + 50_000).heartbeats!;
    await ingest(store, { batchId: 'round', heartbeats: [...fresh, ...stale] }, at(201));
    const where = async () => (await store.workerRoster(at(202))).filter((w) => w.appId === 42).map((w) => w.serverAddress);
    expect(await where(), 'before the fold').toEqual(['10.0.0.5:7700']);
    await store.foldHeartbeats(at(202));
    expect(await where(), 'after the fold').toEqual(['10.0.0.5:7700']);
    expect((await store.listWorkers(at(202), { limit: 10, appId: 42 })).map((w) => [w.serverAddress, w.heartbeatAt])).toEqual([['10.0.0.5:7700', new Date(T0 + 200_000).toISOString()]]);
  });
});
