// The leader lease on a real PostgreSQL (TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres;
// unreachable fails unless FULCRUM_TEST_SKIP_POSTGRES=1), and the job runner gated by it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisoryLockLease, singleProcessLease, type LeaderLease } from './leader.ts';
import { startLeaderJobs } from '../jobs/leader.ts';
import { scratchDatabase, SKIP_POSTGRES, withPostgresAdmin } from './test-support.ts';

const skip = SKIP_POSTGRES;
const admin = withPostgresAdmin;

/** Kills the lease's backend from outside, as a dead network or a restarted database would. */
const terminateLeaseBackends = (db: string) =>
  admin((c) => c.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = 'fulcrum-leader'`, [db]));

const untilAsync = async (probe: () => Promise<boolean>, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const until = (probe: () => boolean, ms: number, what: string) => untilAsync(async () => probe(), ms, what);

describe('singleProcessLease (PGlite)', () => {
  it('is always held', async () => {
    const lease = singleProcessLease();
    expect(await lease.tryAcquire()).toBe(true);
    expect(await lease.holds()).toBe(true);
  });
});

describe.skipIf(skip)('advisoryLockLease on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  let url: string;
  const leases: LeaderLease[] = [];
  const lease = () => {
    const l = advisoryLockLease(url, { queryTimeoutMs: 2000 });
    leases.push(l);
    return l;
  };

  beforeAll(async () => {
    db = await scratchDatabase('fulcrum_lease');
    url = db.url;
  });
  afterAll(async () => {
    await Promise.all(leases.map((l) => l.release()));
    await db?.drop();
  });

  it('is held by one connection at a time, and passes on when the holder releases it', async () => {
    const a = lease();
    const b = lease();
    expect(await a.tryAcquire()).toBe(true);
    expect(await a.tryAcquire()).toBe(true); // re-entrant for its holder
    expect(await b.tryAcquire()).toBe(false);
    expect(await a.holds()).toBe(true);
    expect(await b.holds()).toBe(false);
    await a.release();
    expect(await a.holds()).toBe(false);
    expect(await b.tryAcquire()).toBe(true);
    await b.release();
  });

  it('is lost when the holder’s connection dies, and another takes it', async () => {
    const a = lease();
    const b = lease();
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await terminateLeaseBackends(db!.name);
    // pg_terminate_backend only signals the backend: wait for it to be gone
    await untilAsync(async () => !(await a.holds()), 10_000, 'the lease lost with its connection');
    // b's own connection was terminated too: it reconnects and takes the lock once the dead
    // holder's backend has exited (a's side may notice first; CI saw one tryAcquire come too early)
    await untilAsync(() => b.tryAcquire(), 10_000, 'b taking the lease after the holder’s backend is gone');
    expect(await b.holds()).toBe(true);
    await a.release();
    await b.release();
  });

  it('runs the jobs on exactly one runner, and on another once the leader loses its lease', async () => {
    const runs: string[] = [];
    const job = (who: string) => [{ name: 'tick', intervalMs: 50, run: async () => void runs.push(who) }];
    const leaders: string[] = [];
    const one = startLeaderJobs(lease(), job('one'), { retryMs: 100, checkMs: 100, onLeadership: (l) => l && leaders.push('one') });
    await until(() => one.isLeader(), 15_000, 'the first runner leading');
    const two = startLeaderJobs(lease(), job('two'), { retryMs: 100, checkMs: 100, onLeadership: (l) => l && leaders.push('two') });
    try {
      await until(() => runs.length > 3, 10_000, 'the leader running its job');
      expect(two.isLeader()).toBe(false);
      expect(new Set(runs)).toEqual(new Set(['one']));

      // the leader's connection dies (only the lock holder's backend is terminated): it stops its
      // jobs at its next check, and a runner takes the lease again. Only in this test's database:
      // pg_locks lists every database's locks, and other tests' Fulcrum processes hold the same lease key
      await admin((c) =>
        c.query(
          `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and classid = $1 and objid = 1 and objsubid = 2
             and database = (select oid from pg_database where datname = $2)`,
          [0x46756c63, db!.name],
        ),
      );
      await until(() => leaders.length >= 2, 15_000, 'a runner taking the lease again');
      // the old leader heard of its lost connection at once (it does not wait for its next check)
      await until(() => one.isLeader() !== two.isLeader(), 1000, 'exactly one runner leading');
      const mark = runs.length;
      // and from then on never both at once
      for (let i = 0; i < 20; i++) {
        expect(one.isLeader() && two.isLeader()).toBe(false);
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(one.isLeader() || two.isLeader()).toBe(true);
      expect(runs.length).toBeGreaterThan(mark); // the jobs carry on under the new leader
      expect(leaders.length).toBeGreaterThanOrEqual(2);
    } finally {
      await one.stop();
      await two.stop();
    }
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(runs.length).toBe(after); // stopped runners run nothing
  });
});
