// Runs the background jobs only while this process holds the leader lease (lib/store/leader.ts).
// A follower tries to take the lease every `retryMs`; a leader checks it still holds it every
// `checkMs` and stops its jobs the moment it does not. With several replicas on one PostgreSQL,
// exactly one runs the jobs; when it dies, another takes over within retryMs of the database
// releasing its lock (at once when the process is killed: its socket closes).
import type { LeaderLease } from '../store/leader.ts';
import { metrics } from '../metrics.ts';
import { startJobs, type Job, type JobRunner, type JobRunnerOptions } from './runner.ts';

export interface LeaderJobsOptions extends JobRunnerOptions {
  /** how often a follower tries to take the lease (default 2 s) */
  retryMs?: number;
  /** how often the leader checks it still holds the lease (default 2 s) */
  checkMs?: number;
  onLeadership?: (leader: boolean) => void;
}

export interface LeaderJobRunner extends JobRunner {
  isLeader(): boolean;
}

export function startLeaderJobs(lease: LeaderLease, jobs: readonly Job[], options: LeaderJobsOptions = {}): LeaderJobRunner {
  const retryMs = options.retryMs ?? 2000;
  const checkMs = options.checkMs ?? 2000;
  let runner: JobRunner | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let tick: Promise<void> = Promise.resolve();

  const become = async (leader: boolean) => {
    if (leader && !runner) {
      runner = startJobs(jobs, options);
      metrics().leader.set(1);
      options.onLeadership?.(true);
    } else if (!leader && runner) {
      const r = runner;
      runner = null;
      metrics().leader.set(0);
      options.onLeadership?.(false);
      await r.stop();
    }
  };

  const step = async () => {
    if (stopped) return;
    if (runner) {
      if (!(await lease.holds())) {
        await become(false);
        await lease.release(); // a fresh connection for the next attempt
      }
    } else if (await lease.tryAcquire()) {
      await become(true);
    }
  };

  const loop = () => {
    if (stopped) return;
    tick = step()
      .catch((error) => options.onError?.('leader-lease', error))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, runner ? checkMs : retryMs);
      });
  };
  // a dropped lease connection stops the jobs at once, not at the next check
  lease.onLost(() => {
    if (!runner) return;
    options.onError?.('leader-lease', new Error('the lease connection was lost; stopping the background jobs'));
    void become(false);
  });
  loop();

  return {
    isLeader: () => runner !== null,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await tick;
      await become(false);
      await lease.release();
    },
    async runNow(name) {
      // a follower runs nothing; the leader runs it as its runner would (after the first lease attempt)
      await tick;
      return runner ? runner.runNow(name) : undefined;
    },
  };
}
