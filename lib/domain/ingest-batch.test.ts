import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { fieldErrors, hostPort, ingestBatchSchema, toEpochMs } from './ingest-batch.ts';

const example = JSON.parse(fs.readFileSync(new URL('../../docs/ingest.example.json', import.meta.url), 'utf8'));

const heartbeat = {
  workerAddress: '10.0.1.1:27777',
  appId: 7,
  appName: 'orders',
  serverAddress: '10.0.0.5:7700',
  heartbeatTime: 1_700_000_000_000,
};

function errorsOf(input: unknown) {
  const r = ingestBatchSchema.safeParse(input);
  if (r.success) throw new Error('expected the batch to be rejected');
  return fieldErrors(r.error);
}

describe('ingest batch schema', () => {
  it('accepts the documented example batch', () => {
    const r = ingestBatchSchema.safeParse(example);
    expect(r.success ? [] : fieldErrors(r.error)).toEqual([]);
  });

  it('accepts a heartbeats-only batch with ISO or epoch times', () => {
    expect(ingestBatchSchema.safeParse({ batchId: 'a', heartbeats: [heartbeat] }).success).toBe(true);
    expect(
      ingestBatchSchema.safeParse({ batchId: 'a', heartbeats: [{ ...heartbeat, heartbeatTime: '2026-11-24T10:00:00+08:00' }] })
        .success,
    ).toBe(true);
  });

  it('names every bad field by its path', () => {
    const errors = errorsOf({
      batchId: 'b',
      heartbeats: [heartbeat, { ...heartbeat, appId: -1, workerAddress: 'nope', systemMetrics: { diskUsage: 3 } }],
      servers: [{ address: '10.0.0.5:7700', observedAt: 'yesterday', status: 'maybe' }],
    });
    const paths = errors.map((e) => e.path).sort();
    expect(paths).toEqual([
      'heartbeats.1.appId',
      'heartbeats.1.systemMetrics.diskUsage',
      'heartbeats.1.workerAddress',
      'servers.0.observedAt',
      'servers.0.status',
    ]);
  });

  it('rejects unknown fields, so a typo is not silently dropped', () => {
    expect(errorsOf({ batchId: 'c', heartbeats: [{ ...heartbeat, scroe: 1 }] })[0]!.path).toBe('heartbeats.0');
  });

  it('rejects a batch with nothing in it, or without an id', () => {
    expect(errorsOf({ batchId: 'd' })[0]!.path).toBe('(root)');
    expect(errorsOf({ heartbeats: [heartbeat] }).map((e) => e.path)).toEqual(['batchId']);
    expect(errorsOf({ batchId: 'has space', heartbeats: [heartbeat] }).map((e) => e.path)).toEqual(['batchId']);
  });

  it('checks host:port like PowerJob server-address entries', () => {
    for (const ok of ['10.0.0.5:7700', 'powerjob-1.internal:7700', '[::1]:7700', 'h:1', 'h:65535']) {
      expect(hostPort.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['10.0.0.5', 'http://10.0.0.5:7700', 'h:0', 'h:65536', 'h:7700/x', ' h:1', '']) {
      expect(hostPort.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('turns both time forms into epoch milliseconds', () => {
    expect(toEpochMs(5)).toBe(5);
    expect(toEpochMs('1970-01-01T00:00:01Z')).toBe(1000);
    expect(toEpochMs('1970-01-01T08:00:01+08:00')).toBe(1000);
  });
});
