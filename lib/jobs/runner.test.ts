import { afterEach, describe, expect, it, vi } from 'vitest';
import { startJobs } from './runner.ts';

describe('job runner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs each job on its interval, never overlapping itself', async () => {
    vi.useFakeTimers();
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const runner = startJobs([
      {
        name: 'slow',
        intervalMs: 100,
        run: async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 250));
          running--;
          runs++;
        },
      },
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(maxRunning).toBe(1);
    // each run takes 250 ms and the next starts 100 ms after it ends
    expect(runs).toBe(2);
    // a third run is in flight at 1000 ms; stop() waits for it to end
    const stopped = runner.stop();
    await vi.advanceTimersByTimeAsync(100);
    await stopped;
    expect(runs).toBe(3);
  });

  it('keeps a failing job going and reports each failure', async () => {
    vi.useFakeTimers();
    const errors: string[] = [];
    let calls = 0;
    const runner = startJobs(
      [{ name: 'flaky', intervalMs: 10, run: async () => { calls++; throw new Error(`boom ${calls}`); } }],
      { onError: (job, e) => errors.push(`${job}: ${(e as Error).message}`) },
    );
    await vi.advanceTimersByTimeAsync(35);
    expect(errors).toEqual(['flaky: boom 1', 'flaky: boom 2', 'flaky: boom 3']);
    await runner.stop();
  });

  it('passes the injected clock and waits for runs in flight on stop', async () => {
    const seen: number[] = [];
    let finished = false;
    const runner = startJobs(
      [{ name: 'j', intervalMs: 1, run: async (now) => { seen.push(now.getTime()); await new Promise((r) => setTimeout(r, 50)); finished = true; } }],
      { now: () => new Date(42) },
    );
    await new Promise((r) => setTimeout(r, 10));
    await runner.stop();
    expect(finished).toBe(true);
    expect(seen).toEqual([42]);
    await expect(runner.runNow('nope')).rejects.toThrow('no job nope');
  });
});
