// The composition root over a real (PGlite) store: the parts it answers are wired to one another
// and published as the runtime, and close() takes everything down again.
import { afterAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, type Assembled } from './assemble.ts';
import { loadConfig } from './config.ts';
import { getRuntime } from './runtime.ts';
import { ingestBatchSchema } from './domain/ingest-batch.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = ingestBatchSchema.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/ingest.example.json'), 'utf8')));

describe('assemble', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-assemble-'));
  let parts: Assembled | undefined;
  afterAll(async () => {
    await parts?.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('wires the store, auth, the ingest pipeline and the runtime, starts the jobs and closes them all', async () => {
    const config = loadConfig({ FULCRUM_DATA_DIR: dataDir, FULCRUM_DEMO: 'off', FULCRUM_DECODE_THREADS: '0', FULCRUM_ADMIN_PASSWORD: 'assemble-test-pw' });
    parts = await assemble(config, { root: ROOT, dataPlanePort: 0, startedAt: new Date() });
    const { store } = parts;
    expect(store.kind).toBe('pglite');
    // the runtime route handlers read is the one assembled here, over the same store
    expect(getRuntime()?.store, 'the runtime holds the assembled store').toBe(store);
    expect(getRuntime()?.auth, 'the runtime holds the assembled auth').toBe(parts.auth);
    // the admin was bootstrapped with the configured password
    expect(await parts.auth.signIn('admin', 'assemble-test-pw', '127.0.0.1')).toMatchObject({ ok: true });
    // the pipeline stores into that store
    await parts.pipeline.ingest(example, new Date());
    expect((await store.listServers(new Date())).map((s) => s.address)).toEqual(expect.arrayContaining((example.servers ?? []).map((s) => s.address)));
    expect(example.servers?.length, 'the example names servers').toBeGreaterThan(0);
    // a file generated the ingest token since none was configured
    expect(parts.ingestTokens.length, 'an ingest token exists').toBeGreaterThan(0);

    const jobs = parts.start();
    // the one replica takes the lease and runs the background jobs
    await vi.waitFor(() => expect(jobs.isLeader(), 'the jobs did not take the leader lease').toBe(true), { timeout: 10_000, interval: 50 });
    const closing = parts;
    parts = undefined;
    await closing.close();
    expect(getRuntime(), 'close() clears the runtime').toBeUndefined();
    await expect(store.listServers(new Date()), 'the store is closed').rejects.toThrow();
  });
});
