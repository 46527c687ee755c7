import { describe, expect, it } from 'vitest';
import type { IngestBatch } from './ingest-batch.ts';
import {
  freshness,
  observe,
  ownerByHeartbeats,
  reconcileBindings,
  serverHealth,
  workerHealth,
} from './observations.ts';

const T = 1_800_000_000_000;

const snapshotBatch: IngestBatch = {
  batchId: 's1',
  servers: [
    {
      address: 'a:7700',
      observedAt: T,
      status: 'up',
      transportAddress: 'a:10010',
      apps: [
        { appId: 1, appName: 'one', runningInstances: 3, workers: [{ address: 'w1:1', lastActiveTime: T - 5_000 }] },
        // listed, but its only worker went quiet 2 minutes ago: stale heartbeat state, not a claim
        { appId: 2, workers: [{ address: 'w2:1', lastActiveTime: T - 120_000 }] },
        // listed without worker details (/server/hello without debug): a claim
        { appId: 3 },
      ],
    },
    { address: 'b:7700', observedAt: T, status: 'down', reason: 'timeout' },
  ],
  heartbeats: [{ workerAddress: 'w9:1', appId: 1, appName: 'one', serverAddress: 'a:10010', heartbeatTime: T - 1000 }],
};

describe('observe', () => {
  const obs = observe(snapshotBatch);

  it('turns snapshot workers and heartbeats into one kind of row', () => {
    expect(obs.heartbeats.map((h) => [h.appId, h.address, h.serverAddress, h.heartbeatAt])).toEqual([
      [1, 'w1:1', 'a:7700', T - 5_000],
      [2, 'w2:1', 'a:7700', T - 120_000],
      [1, 'w9:1', 'a:7700', T - 1000],
    ]);
  });

  it('resolves a heartbeat sent to a transport address to the server web address', () => {
    expect(obs.servers.map((s) => s.address).sort()).toEqual(['a:7700', 'b:7700']);
    const viaCaller = observe({ batchId: 'h', heartbeats: [{ ...snapshotBatch.heartbeats![0]!, serverAddress: 'c:10010' }] }, (a) =>
      a === 'c:10010' ? 'c:7700' : a,
    );
    expect(viaCaller.heartbeats[0]!.serverAddress).toBe('c:7700');
    expect(viaCaller.servers).toEqual([expect.objectContaining({ address: 'c:7700', status: 'unknown', snapshot: false })]);
  });

  it('claims only apps a live server still serves', () => {
    expect(obs.claims.map((c) => [c.appId, c.serverAddress])).toEqual([
      [1, 'a:7700'],
      [3, 'a:7700'],
    ]);
  });

  it('keeps app names and running instances from whichever source knows them', () => {
    expect(obs.apps.find((a) => a.appId === 1)).toMatchObject({ appName: 'one', runningInstances: 3 });
    expect(obs.apps.find((a) => a.appId === 2)).toMatchObject({ appName: null });
  });

  it('records a down server with its reason and no claims', () => {
    expect(obs.servers.find((s) => s.address === 'b:7700')).toMatchObject({ status: 'down', reason: 'timeout', snapshot: true });
  });
});

describe('reconcileBindings', () => {
  const current = [{ appId: 1, serverAddress: 'a', observedAt: T }];

  it('binds a new app, with "first seen" as the reason', () => {
    const { changes } = reconcileBindings([], [{ appId: 5, serverAddress: 'b', at: T, reason: 'listed by b' }]);
    expect(changes).toEqual([{ appId: 5, fromServer: null, toServer: 'b', at: T, reason: 'first seen: listed by b' }]);
  });

  it('moves an app only on a newer claim', () => {
    expect(reconcileBindings(current, [{ appId: 1, serverAddress: 'b', at: T - 1, reason: 'x' }]).changes).toEqual([]);
    expect(reconcileBindings(current, [{ appId: 1, serverAddress: 'b', at: T + 1, reason: 'x' }]).changes).toEqual([
      { appId: 1, fromServer: 'a', toServer: 'b', at: T + 1, reason: 'x' },
    ]);
  });

  it('takes the newest of several claims for one app, and confirms an unchanged owner', () => {
    const r = reconcileBindings(current, [
      { appId: 1, serverAddress: 'b', at: T + 1, reason: 'x' },
      { appId: 1, serverAddress: 'a', at: T + 2, reason: 'y' },
    ]);
    expect(r.changes).toEqual([]);
    expect(r.confirmed).toEqual([{ appId: 1, at: T + 2 }]);
  });
});

describe('ownerByHeartbeats', () => {
  it('picks the server most live workers report to', () => {
    expect(ownerByHeartbeats(['a', 'b', 'b'], 'a')).toBe('b');
  });
  it('keeps the current owner on a tie, so a half-moved app does not flap', () => {
    expect(ownerByHeartbeats(['a', 'b'], 'a')).toBe('a');
    expect(ownerByHeartbeats(['a', 'b'], 'b')).toBe('b');
  });
  it('has no opinion without live workers', () => {
    expect(ownerByHeartbeats([], 'a')).toBeNull();
  });
});

describe('freshness and health', () => {
  it('shows old data as stale, whatever the last report said', () => {
    expect(freshness(T - 31_000, T, 30_000)).toBe('stale');
    expect(freshness(T - 30_000, T, 30_000)).toBe('fresh');
    expect(serverHealth('up', T - 31_000, T, 30_000)).toBe('stale');
    expect(serverHealth('down', T, T, 30_000)).toBe('down');
  });
  it('marks a worker offline after 60 s without a heartbeat, as PowerJob does', () => {
    expect(workerHealth(T - 59_999, T)).toBe('live');
    expect(workerHealth(T - 60_000, T)).toBe('offline');
  });
});
