// GET /v1/assignment over real HTTP on the data plane, with its snapshot read from a real store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataPlane } from './server.ts';
import { createAssignments, type Assignments } from './assignment.ts';
import { storeTargets } from '../store/test-support.ts';
import type { Store } from '../store/index.ts';
import { advance, newRollout, rolloutSpec } from '../domain/rollout.ts';
import { workerInCohort } from '../domain/rollout-plan.ts';

const TOKEN = 'assignment-token-0123456789';

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Every request of this file goes through here (credentials get added in one place). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('assignment API', () => {
  let env: Awaited<ReturnType<ReturnType<typeof storeTargets>[number]['create']>>;
  let store: Store;
  let server: http.Server;
  let base: string;
  let assignments: Assignments;
  let storeDown = false;
  const servers = ['10.0.0.1:7700', '10.0.0.2:7700', '10.0.0.3:7700'];

  beforeAll(async () => {
    env = await storeTargets()[0]!.create();
    store = env.store;
    assignments = createAssignments({
      source: {
        servers: async () => {
          if (storeDown) throw new Error('store unreachable');
          return servers.map((address) => ({ address, weight: 1, up: true, appsOwned: 0 }));
        },
        rollouts: async () => {
          if (storeDown) throw new Error('store unreachable');
          return store.listRollouts({ states: ['running', 'paused', 'completed'] });
        },
      },
      baseline: { kind: 'ordered' },
      token: TOKEN,
      minVersion: '4.3.0',
      refreshMs: 60_000,
    });
    await assignments.start();
    server = createDataPlane({
      decode: async () => {
        throw new Error('unused');
      },
      ingest: async () => {
        throw new Error('unused');
      },
      ingestTokens: () => [],
      maxBodyBytes: 1024,
      health: () => ({ status: 'ok' }),
      assignment: () => assignments.handle,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    assignments.stop();
    await new Promise((r) => server.close(r));
    await env.dispose();
  });

  it('answers a worker never seen before with the baseline, as JSON or in PowerJob format', async () => {
    const r = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9');
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ app: 'order-api', worker: '10.1.0.1:27777', servers, strategy: { kind: 'ordered' }, rollout: null });
    expect(r.headers.etag).toBe(`"${body.revision}"`);
    const text = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9&format=powerjob');
    expect([text.status, text.body, text.headers['content-type']]).toEqual([200, servers.join(','), 'text/plain; charset=utf-8']);
    const accept = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9', { accept: 'text/plain' });
    expect(accept.body).toBe(servers.join(','));
    const notModified = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9', { 'if-none-match': r.headers.etag! });
    expect(notModified.status).toBe(304);
  });

  it('refuses a missing token and bad parameters', async () => {
    expect((await get(base, '/v1/assignment?app=a&worker=10.1.0.1:27777', { authorization: '' })).status).toBe(401);
    expect((await get(base, '/v1/assignment?app=a&worker=10.1.0.1:27777', { authorization: 'Bearer wrong-token-000000000' })).status).toBe(401);
    const bad = await get(base, '/v1/assignment?worker=nope&wait=99');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).detail).toMatch(/app: required.*worker: required.*wait: seconds/);
  });

  it('a long poll answers as soon as this worker is put in a cohort, and old clients keep the baseline', async () => {
    const spec = rolloutSpec.parse({ name: 'rv', candidate: { kind: 'rendezvous' }, steps: [{ percent: 100, pause: { manual: true } }] });
    await store.createRollout(newRollout('ro-a', spec), 'test', new Date());
    const first = await get(base, '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=5.1.1');
    expect(JSON.parse(first.body).rollout).toBeNull(); // a draft applies to nobody
    const started = Date.now();
    const polled = get(base, '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=5.1.1&wait=20', { 'if-none-match': first.headers.etag! });
    await new Promise((r) => setTimeout(r, 300));
    const r = (await store.getRollout('ro-a'))!;
    const out = advance(r, { type: 'start' }, new Date());
    if (!out.ok) throw new Error(out.reason);
    await store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'test', new Date());
    assignments.changed();
    const answer = await polled;
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    const body = JSON.parse(answer.body);
    expect(body.rollout).toEqual({ id: 'ro-a', step: 0, percent: 100, inCohort: true });
    expect(body.strategy.kind).toBe('rendezvous');
    expect(answer.headers.etag).not.toBe(first.headers.etag);
    // below FULCRUM_ASSIGNMENT_MIN_VERSION (or no version): the baseline, whatever the cohort
    const old = JSON.parse((await get(base, '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=4.2.1')).body);
    expect([old.strategy.kind, old.rollout]).toEqual(['ordered', null]);
  });

  it('a long poll with nothing changing ends in 304 at its timeout', async () => {
    const first = await get(base, '/v1/assignment?app=x&worker=10.1.0.3:27777&version=5.1.1');
    const started = Date.now();
    const r = await get(base, '/v1/assignment?app=x&worker=10.1.0.3:27777&version=5.1.1&wait=1', { 'if-none-match': first.headers.etag! });
    expect(r.status).toBe(304);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('keeps answering from memory, marked stale, when the store is unreachable', async () => {
    storeDown = true;
    await assignments.reload();
    const r = await get(base, '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=5.1.1');
    expect(r.status).toBe(200);
    expect(r.headers['fulcrum-stale']).toBe('true');
    expect(JSON.parse(r.body).rollout.id).toBe('ro-a');
    storeDown = false;
    await assignments.reload();
    expect((await get(base, '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=5.1.1')).headers['fulcrum-stale']).toBeUndefined();
  });

  it('gives a worker the candidate exactly when its bucket is in the cohort', async () => {
    const spec = rolloutSpec.parse({ name: 'half', candidate: { kind: 'round-robin' }, selector: { apps: { include: ['half-*'] } }, steps: [{ percent: 50, pause: { manual: true } }] });
    const r = newRollout('ro-b', spec);
    await store.createRollout(r, 'test', new Date());
    const s = (await store.getRollout('ro-b'))!;
    const out = advance(s, { type: 'start' }, new Date());
    if (!out.ok) throw new Error(out.reason);
    await store.saveRolloutTransition(out.rollout, s.revision, out.transition!, 'test', new Date());
    await assignments.reload();
    let inside = 0;
    for (let i = 0; i < 40; i++) {
      const app = `half-${i}`;
      const body = JSON.parse((await get(base, `/v1/assignment?app=${app}&worker=10.2.0.${i}:27777&version=5.1.1`)).body);
      const expected = workerInCohort({ ...out.rollout, percent: 50 }, app, { address: `10.2.0.${i}:27777` });
      expect(body.rollout.inCohort).toBe(expected);
      expect(body.strategy.kind).toBe(expected ? 'round-robin' : 'ordered');
      if (expected) inside++;
    }
    expect(inside).toBeGreaterThan(8);
    expect(inside).toBeLessThan(32);
  });
});
