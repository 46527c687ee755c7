// Limits failed sign-in attempts per key (an account name, or a client address) in a sliding
// window. In memory, per process; time is a parameter, so tests run hours in microseconds.

export interface AttemptLimitOptions {
  /** failures allowed within the window; the next attempt is refused until the oldest ages out */
  maxFailures: number;
  windowMs: number;
  /** keys remembered at most (oldest dropped first), so a flood of names cannot exhaust memory */
  maxKeys?: number;
}

export interface AttemptLimiter {
  /** 0 when an attempt may be made now, else how long until one may. */
  retryAfterMs(key: string, now: number): number;
  fail(key: string, now: number): void;
  reset(key: string): void;
}

export function createAttemptLimiter(options: AttemptLimitOptions): AttemptLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const list = failures.get(key);
    if (!list) return [];
    const kept = list.filter((t) => now - t < options.windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    retryAfterMs(key, now) {
      const list = recent(key, now);
      if (list.length < options.maxFailures) return 0;
      return Math.max(1, list[list.length - options.maxFailures]! + options.windowMs - now);
    },
    fail(key, now) {
      const list = recent(key, now);
      list.push(now);
      failures.delete(key);
      failures.set(key, list.slice(-options.maxFailures));
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
