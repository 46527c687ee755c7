// Three Fulcrum replicas on one PostgreSQL: a rollout started on one wakes a long poll on another
// through the change bus; exactly one runs the background jobs; SIGKILL it and another takes over
// within 15 s. PostgreSQL: TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres
// (unreachable fails unless FULCRUM_TEST_SKIP_POSTGRES=1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminJson, eventually, startServer, type RunningServer } from './support/process.ts';
import { scratchDatabase, SKIP_POSTGRES } from '../lib/store/test-support.ts';

const skip = SKIP_POSTGRES;

const api = adminJson;

const health = async (s: RunningServer): Promise<{ leader: boolean } | null> => {
  try {
    const r = await fetch(`${s.dataPlaneUrl}/healthz`);
    return r.status === 200 ? ((await r.json()) as { leader: boolean }) : null;
  } catch {
    return null;
  }
};


describe.skipIf(skip)('replicas on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  let url: string;
  const replicas: RunningServer[] = [];

  beforeAll(async () => {
    db = await scratchDatabase('fulcrum_replicas');
    url = db.url;
    // one first, so the migrations are applied once; then the other two at the same time
    replicas.push(await startServer({ direct: true, env: { DATABASE_URL: url, FULCRUM_INGEST_TOKEN: 'replica-test-token-0123456789', FULCRUM_ASSIGNMENT_RELOAD: '60s' } }));
    replicas.push(
      ...(await Promise.all(
        [0, 1].map(() => startServer({ direct: true, env: { DATABASE_URL: url, FULCRUM_INGEST_TOKEN: 'replica-test-token-0123456789', FULCRUM_ASSIGNMENT_RELOAD: '60s' } })),
      )),
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    await db?.drop().catch(() => undefined);
  });

  it('a long poll on another replica is woken by the change bus when a rollout starts', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const url = `${b.dataPlaneUrl}/v1/assignment?app=app-01&worker=10.1.0.0:27777&version=5.1.1`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(((await first.json()) as { rollout: unknown }).rollout).toBeNull();

    const created = await api(a, 'POST', '/api/rollouts', { name: 'everyone', candidate: { kind: 'rendezvous' }, steps: [{ percent: 100, pause: { manual: true } }] });
    expect(created.status).toBe(201);
    const poll = fetch(`${url}&wait=30`, { headers: { 'if-none-match': etag } });
    const openPolls = async () => Number(/^fulcrum_assignment_long_polls_open (\d+)$/m.exec(await (await fetch(`${b.dataPlaneUrl}/metrics`)).text())?.[1] ?? 0);
    await eventually(async () => ((await openPolls()) === 1 ? true : null), 10_000, 'the long poll waiting on b', 50);
    const started = performance.now();
    const start = await api(a, 'POST', `/api/rollouts/${created.json.id as string}/start`);
    expect(start.json).toMatchObject({ state: 'running', percent: 100 });
    const answered = await poll;
    const ms = performance.now() - started;
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { rollout: { inCohort: boolean } }).rollout).toMatchObject({ inCohort: true, percent: 100 });
    process.stdout.write(`long poll on another replica answered ${ms.toFixed(0)} ms after the start was answered\n`);
    // b reloads by itself only every minute here (FULCRUM_ASSIGNMENT_RELOAD), and the poll waits up
    // to 30 s: an answer within 10 s came by the change bus (NOTIFY, or its 1 s polling fallback)
    expect(ms, 'the long poll on b was not woken by the change bus').toBeLessThan(10_000);
    await api(a, 'POST', `/api/rollouts/${created.json.id as string}/abort`);
  });

  it('runs the jobs on exactly one replica, and another takes over within 15 s of a SIGKILL', async () => {
    // exactly one leader once they have all made their first attempt
    let leaders: RunningServer[] = [];
    const deadline = Date.now() + 20_000;
    for (;;) {
      const states = await Promise.all(replicas.map(health));
      leaders = replicas.filter((_, i) => states[i]?.leader === true);
      if (leaders.length === 1 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(leaders).toHaveLength(1);
    const [old] = leaders as [RunningServer];
    expect(old.output()).toContain('leader: running the background jobs');
    for (const r of replicas.filter((x) => x !== old)) expect(r.output()).not.toContain('leader: running the background jobs');
    // /metrics says the same
    const gauges = await Promise.all(replicas.map(async (r) => /^fulcrum_leader (\d)$/m.exec(await (await fetch(`${r.dataPlaneUrl}/metrics`)).text())?.[1]));
    expect(gauges.filter((g) => g === '1')).toHaveLength(1);
    expect(gauges[replicas.indexOf(old)]).toBe('1');
    // stays that way
    await new Promise((r) => setTimeout(r, 3000));
    expect((await Promise.all(replicas.map(health))).filter((h) => h?.leader)).toHaveLength(1);

    const killedAt = Date.now();
    await old.stop('SIGKILL');
    const rest = replicas.filter((x) => x !== old);
    let next: RunningServer | undefined;
    while (!next && Date.now() - killedAt < 15_000) {
      const states = await Promise.all(rest.map(health));
      const now = rest.filter((_, i) => states[i]?.leader === true);
      expect(now.length).toBeLessThanOrEqual(1);
      next = now[0];
      if (!next) await new Promise((r) => setTimeout(r, 100));
    }
    const takeoverMs = Date.now() - killedAt;
    expect(next, `no replica took over within 15 s`).toBeDefined();
    expect(takeoverMs).toBeLessThan(15_000);
    expect(next!.output()).toContain('leader: running the background jobs');
    process.stdout.write(`leader takeover after SIGKILL: ${takeoverMs} ms\n`);
    // and the survivors agree on one leader for a while
    for (let i = 0; i < 10; i++) {
      expect((await Promise.all(rest.map(health))).filter((h) => h?.leader)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
