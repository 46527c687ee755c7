// GET /v1/assignment over real HTTP on the data plane, answering from a snapshot of a real store
// (PGlite, and PostgreSQL with TEST_DATABASE_URL) read through the source server.ts wires, with
// servers that arrived as the collector sends them. Expectations are written out independently:
// the server order by address, the cohort from docs/rollouts.md's bucket formula.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataPlane } from './server.ts';
import { createAssignments, storeAssignmentSource, type Assignments } from './assignment.ts';
import { createDecodePool, type DecodePool } from './decode-pool.ts';
import { createIngestPipeline } from './pipeline.ts';
import { storeTargets } from '../store/test-support.ts';
import type { Store } from '../store/index.ts';
import { advance, newRollout, rolloutSpec } from '../domain/rollout.ts';
import { murmur3_x86_32 } from '../domain/random.ts';
import { metrics } from '../metrics.ts';
import { eventually } from '../../test/support/process.ts';

const TOKEN = 'assignment-token-0123456789';
/** the servers the collector reports, and the baseline (ordered) order: by address */
const SERVERS = ['10.0.0.1:7700', '10.0.0.2:7700', '10.0.0.3:7700'];

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Every request of this file goes through here (the token gets added in one place). */
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

/** docs/rollouts.md: a member when murmur3_x86_32("<rolloutId>:<app>", 0) % 100 + 1 <= percent. */
const member = (rolloutId: string, app: string, percent: number) => (murmur3_x86_32(`${rolloutId}:${app}`, 0) % 100) + 1 <= percent;

const openPolls = async () => (await metrics().longPollsOpen.get()).values[0]?.value ?? 0;

describe.each(storeTargets())('assignment API on $name', (target) => {
  let env: Awaited<ReturnType<typeof target.create>>;
  let store: Store;
  let pool: DecodePool;
  let server: http.Server;
  let base: string;
  let assignments: Assignments;
  /** moves the assignment API's clock on (Fulcrum-Snapshot-Age is read from it; long polls time out by it) */
  let ahead = 0;

  async function start(id: string, spec: object) {
    await store.createRollout(newRollout(id, rolloutSpec.parse(spec)), 'test', new Date());
    const r = (await store.getRollout(id))!;
    const out = advance(r, { type: 'start' }, new Date());
    if (!out.ok) throw new Error(out.reason);
    expect(await store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'test', new Date())).toBe(true);
  }

  beforeAll(async () => {
    env = await target.create();
    store = env.store;
    pool = createDecodePool({ threads: 0, encoding: store.heartbeatEncoding });
    // as the collector sends them (its in-process path), in no particular order
    const at = new Date().toISOString();
    await createIngestPipeline(pool, () => store).ingest({ batchId: 'servers', servers: [2, 0, 1].map((i) => ({ address: SERVERS[i]!, observedAt: at, status: 'up' as const })) }, new Date());
    assignments = createAssignments({
      source: storeAssignmentSource(() => store),
      baseline: { kind: 'ordered' },
      token: TOKEN,
      minVersion: '4.3.0',
      // the periodic reload: what a rollout changed on another replica (no changed() here) waits for
      refreshMs: 300,
      now: () => Date.now() + ahead,
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
    assignments?.stop();
    if (server) await new Promise((r) => server.close(r));
    await pool?.close();
    await env?.dispose();
  });

  it('answers a worker never seen before with the baseline, as JSON or in PowerJob format', async () => {
    const r = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9');
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ app: 'order-api', worker: '10.1.0.1:27777', servers: SERVERS, strategy: { kind: 'ordered' }, rollout: null });
    // a 4.3 worker keeps the order: the first server takes every first claim, from the worker's next start
    expect(body.delivery).toEqual({ shapedFor: 'ordered', forVersions: 'below 5.1.0 (the worker keeps the order)', takesEffect: 'next-start', orderKept: true, repeats: 1, intended: SERVERS[0], firstClaim: { [SERVERS[0]!]: 1 } });
    expect(r.headers.etag).toBe(`"${body.revision}"`);
    expect(r.headers['fulcrum-stale']).toBeUndefined();
    const text = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9&format=powerjob');
    expect([text.status, text.body, text.headers['content-type']]).toEqual([200, '10.0.0.1:7700,10.0.0.2:7700,10.0.0.3:7700', 'text/plain; charset=utf-8']);
    const accept = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9', { accept: 'text/plain' });
    expect(accept.body).toBe('10.0.0.1:7700,10.0.0.2:7700,10.0.0.3:7700');
    const notModified = await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9', { 'if-none-match': r.headers.etag! });
    expect(notModified.status).toBe(304);
  });

  it('lists a cordoned server last, and in its place again once uncordoned', async () => {
    const order = async () => JSON.parse((await get(base, '/v1/assignment?app=order-api&worker=10.1.0.1:27777&version=4.3.9')).body).servers as string[];
    expect((await store.cordonServer(SERVERS[0]!, 'test', 'maintenance', new Date())).outcome).toBe('cordoned');
    // every replica's snapshot reloads on its own (refreshMs): no changed() here
    await eventually(async () => ((await order())[2] === SERVERS[0] ? true : null), 10_000, `${SERVERS[0]} listed last after its cordon`);
    expect(await order()).toEqual([SERVERS[1], SERVERS[2], SERVERS[0]]);
    expect(await store.uncordonServer(SERVERS[0]!, 'test', new Date())).toEqual({ changed: true });
    await eventually(async () => ((await order())[0] === SERVERS[0] ? true : null), 10_000, `${SERVERS[0]} first again after uncordoning it`);
    expect(await order()).toEqual(SERVERS);
  });

  it('requires the assignment token, and refuses bad parameters', async () => {
    const missing = await get(base, '/v1/assignment?app=a&worker=10.1.0.1:27777', { authorization: '' });
    expect([missing.status, missing.headers['www-authenticate']]).toEqual([401, 'Bearer realm="fulcrum-assignment"']);
    expect((await get(base, '/v1/assignment?app=a&worker=10.1.0.1:27777', { authorization: 'Bearer wrong-token-000000000' })).status).toBe(401);
    expect((await get(base, '/v1/assignment?app=a&worker=10.1.0.1:27777', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` })).status).toBe(401);
    expect((await get(base, '/v1/assignment?app=a&worker=10.1.0.1:27777')).status).toBe(200);
    const bad = await get(base, '/v1/assignment?worker=nope&wait=99');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).detail).toMatch(/app: required.*worker: required.*wait: seconds/);
  });

  it('a long poll answers as soon as this worker is put in a cohort, and old clients keep the baseline', async () => {
    await store.createRollout(newRollout('ro-a', rolloutSpec.parse({ name: 'rv', candidate: { kind: 'rendezvous' }, selector: { apps: { include: ['pay'] } }, steps: [{ percent: 100, pause: { manual: true } }] })), 'test', new Date());
    await assignments.reload();
    const first = await get(base, '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=5.1.1');
    expect(JSON.parse(first.body).rollout).toBeNull(); // a draft applies to nobody
    const before = await openPolls();
    const polled = get(base, '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=5.1.1&wait=20', { 'if-none-match': first.headers.etag! });
    await eventually(async () => ((await openPolls()) > before ? true : null), 10_000, 'the long poll waiting', 10);
    const r = (await store.getRollout('ro-a'))!;
    const out = advance(r, { type: 'start' }, new Date());
    if (!out.ok) throw new Error(out.reason);
    await store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'test', new Date());
    assignments.changed();
    const answer = await polled;
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body);
    expect(body.rollout).toEqual({ id: 'ro-a', step: 0, percent: 100, inCohort: true });
    expect(body.strategy.kind).toBe('rendezvous');
    expect([...body.servers].sort()).toEqual(SERVERS);
    // a 5.1 worker shuffles what it gets: every server stays listed, and only membership reaches it
    expect(body.delivery).toMatchObject({ shapedFor: 'shuffled', orderKept: false, takesEffect: 'next-start', intended: body.servers[0], firstClaim: Object.fromEntries(SERVERS.map((a) => [a, 0.333])) });
    expect(answer.headers.etag).not.toBe(first.headers.etag);
    // below FULCRUM_ASSIGNMENT_MIN_VERSION (or no version): the baseline, whatever the cohort
    for (const version of ['&version=4.2.1', '']) {
      const old = JSON.parse((await get(base, `/v1/assignment?app=pay&worker=10.1.0.2:27777${version}`)).body);
      expect([old.strategy.kind, old.servers, old.rollout], version || 'no version').toEqual(['ordered', SERVERS, null]);
    }
  });

  it('a rollout started elsewhere (no changed() here) reaches a long poll at the next periodic reload', async () => {
    const first = await get(base, '/v1/assignment?app=later&worker=10.1.0.4:27777&version=5.1.1');
    expect(JSON.parse(first.body).rollout).toBeNull();
    const polled = get(base, '/v1/assignment?app=later&worker=10.1.0.4:27777&version=5.1.1&wait=30', { 'if-none-match': first.headers.etag! });
    await start('ro-later', { name: 'later', candidate: { kind: 'round-robin' }, selector: { apps: { include: ['later'] } }, steps: [{ percent: 100, pause: { manual: true } }] });
    const started = Date.now();
    const answer = await polled;
    expect(answer.status, 'the long poll ran out instead').toBe(200);
    expect(JSON.parse(answer.body).rollout).toMatchObject({ id: 'ro-later', inCohort: true });
    // reloads every 300 ms; the poll would otherwise have waited 30 s
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a long poll with nothing changing ends in 304 at its timeout', async () => {
    const first = await get(base, '/v1/assignment?app=x&worker=10.1.0.3:27777&version=5.1.1');
    const started = Date.now();
    const r = await get(base, '/v1/assignment?app=x&worker=10.1.0.3:27777&version=5.1.1&wait=1', { 'if-none-match': first.headers.etag! });
    expect(r.status).toBe(304);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives a worker the candidate exactly when its app is in the cohort', async () => {
    await start('ro-b', { name: 'half', candidate: { kind: 'round-robin' }, selector: { apps: { include: ['half-*'] } }, steps: [{ percent: 50, pause: { manual: true } }] });
    await assignments.reload();
    let inside = 0;
    for (let i = 0; i < 40; i++) {
      const app = `half-${i}`;
      const body = JSON.parse((await get(base, `/v1/assignment?app=${app}&worker=10.2.0.${i}:27777&version=5.1.1`)).body);
      const expected = member('ro-b', app, 50);
      expect([body.rollout.inCohort, body.strategy.kind], app).toEqual([expected, expected ? 'round-robin' : 'ordered']);
      if (expected) inside++;
    }
    expect(inside).toBeGreaterThan(8);
    expect(inside).toBeLessThan(32);
  });

  it('keeps answering from memory when the store is unreachable, marked stale with the age of its last read', async () => {
    const path = '/v1/assignment?app=pay&worker=10.1.0.2:27777&version=5.1.1';
    ahead += 60_000;
    await assignments.reload(); // read a minute on; nothing changed since the snapshot was made
    await store.close();
    ahead += 42_000;
    await assignments.reload();
    const r = await get(base, path);
    expect(r.status).toBe(200);
    expect(r.headers['fulcrum-stale']).toBe('true');
    // 42 s since the last read (the periodic reload may have read once more just before the close)
    expect(Number(r.headers['fulcrum-snapshot-age'])).toBeGreaterThanOrEqual(42);
    expect(Number(r.headers['fulcrum-snapshot-age'])).toBeLessThanOrEqual(44);
    expect(JSON.parse(r.body).rollout.id).toBe('ro-a');
    store = await env.reopen();
    await assignments.reload();
    const back = await get(base, path);
    expect([back.headers['fulcrum-stale'], back.headers['fulcrum-snapshot-age']]).toEqual([undefined, undefined]);
  });
});
