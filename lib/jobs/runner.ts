// Runs background jobs on their intervals. A job never overlaps itself; a failing run is logged and
// the job carries on at its next tick; stop() waits for the runs in flight.
import { metrics } from '../metrics.ts';

export interface Job {
  name: string;
  intervalMs: number;
  run(now: Date): Promise<unknown>;
}

export interface JobRunnerOptions {
  now?: () => Date;
  onResult?: (job: string, result: unknown, ms: number) => void;
  onError?: (job: string, error: unknown) => void;
}

export interface JobRunner {
  stop(): Promise<void>;
  /** Runs one job now (outside its schedule), waiting for a run in flight first. */
  runNow(name: string): Promise<unknown>;
}

export function startJobs(jobs: readonly Job[], options: JobRunnerOptions = {}): JobRunner {
  const now = options.now ?? (() => new Date());
  let stopped = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, Promise<unknown>>();

  const runOnce = (job: Job): Promise<unknown> => {
    const running = inFlight.get(job.name);
    if (running) return running.then(() => runOnce(job));
    const started = performance.now();
    const p = job
      .run(now())
      .then((result) => {
        metrics().jobSeconds.observe({ job: job.name }, (performance.now() - started) / 1000);
        options.onResult?.(job.name, result, performance.now() - started);
        return result;
      })
      .catch((error) => {
        metrics().jobSeconds.observe({ job: job.name }, (performance.now() - started) / 1000);
        metrics().jobFailures.inc({ job: job.name });
        options.onError?.(job.name, error);
        return undefined;
      })
      .finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, p);
    return p;
  };

  const schedule = (job: Job) => {
    if (stopped) return;
    timers.set(
      job.name,
      setTimeout(() => {
        void runOnce(job).finally(() => schedule(job));
      }, job.intervalMs),
    );
  };
  for (const job of jobs) schedule(job);

  return {
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      await Promise.all(inFlight.values());
    },
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`no job ${name}`));
      return runOnce(job);
    },
  };
}
