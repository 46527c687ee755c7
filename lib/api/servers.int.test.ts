// Forgetting a server through the API's function, over a real store (PGlite, and PostgreSQL with
// TEST_DATABASE_URL): refused while up or a source, done when down; history kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { ingestBatchSchema } from '../domain/ingest-batch.ts';
import { createSources } from '../powerjob/sources.ts';
import type { Runtime } from '../runtime.ts';
import { prepareBatch } from '../store/ingest.ts';
import { storeTargets } from '../store/test-support.ts';
import { forgetServer } from './servers.ts';

const example = ingestBatchSchema.parse(JSON.parse(fs.readFileSync(new URL('../../docs/ingest.example.json', import.meta.url), 'utf8')));
const T0 = Date.parse('2026-11-24T09:30:00.000Z');

describe.each(storeTargets())('forgetting a server on $name', (target) => {
  let env: Awaited<ReturnType<typeof target.create>>;
  let runtime: Runtime;
  const demoServers: string[] = [];

  beforeAll(async () => {
    env = await target.create();
    const { store } = env;
    await store.ingest(prepareBatch(example, new Date(T0), store.heartbeatEncoding, (a) => store.transportAddresses()[a] ?? a), new Date(T0));
    const settings = new Map<string, unknown>();
    const sources = createSources({ getSetting: async (k: string) => settings.get(k) as never, putSetting: async (k: string, v: unknown) => void settings.set(k, v) }, ['10.0.0.7:7700']);
    // what the collector polls: the sources, and (in the demo) the demo's servers
    const collector = { status: () => [...sources.list(), ...demoServers.map((address) => ({ address, origin: 'demo' }))] };
    runtime = { store, sources, collector, now: () => new Date(T0 + 5_000) } as unknown as Runtime;
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('refuses an unknown server (404), one that is up (409), and one the collector polls (409)', async () => {
    await expect(forgetServer(runtime, '10.0.0.9:7700')).rejects.toMatchObject({ httpStatus: 404 });
    await expect(forgetServer(runtime, '10.0.0.5:7700')).rejects.toMatchObject({ httpStatus: 409, message: expect.stringContaining('is up') });
    await runtime.sources.add('10.0.0.6:7700');
    await expect(forgetServer(runtime, '10.0.0.6:7700')).rejects.toMatchObject({ httpStatus: 409, message: expect.stringContaining('Sources') });
    await runtime.sources.remove('10.0.0.6:7700');
    demoServers.push('10.0.0.6:7700');
    await expect(forgetServer(runtime, '10.0.0.6:7700')).rejects.toMatchObject({ httpStatus: 409, message: expect.stringContaining('demo cluster') });
    demoServers.length = 0;
    expect((await runtime.store.listServers(runtime.now())).map((s) => s.address)).toEqual(['10.0.0.5:7700', '10.0.0.6:7700']);
  });

  it('forgets a server that is down, saying how many apps PowerJob still binds to it', async () => {
    const { forgotten } = await forgetServer(runtime, '10.0.0.6:7700');
    expect(forgotten).toMatchObject({ address: '10.0.0.6:7700', health: 'down', appsStillBound: 0 });
    expect((await runtime.store.listServers(runtime.now())).map((s) => s.address)).toEqual(['10.0.0.5:7700']);
    await expect(forgetServer(runtime, '10.0.0.6:7700')).rejects.toMatchObject({ httpStatus: 404 });
  });
});
