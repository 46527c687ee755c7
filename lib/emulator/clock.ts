// Emulated time. The scaled clock runs `speed` times faster than real time (the CLI and the
// demo); the manual clock only moves when a test advances it, running due timers in order.
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export function scaledClock(speed = 1, start = Date.now()): Clock {
  const realStart = Date.now();
  return {
    now: () => start + (Date.now() - realStart) * speed,
    setTimeout: (fn, ms) => {
      const t = setTimeout(fn, Math.max(0, ms / speed));
      t.unref?.();
      return t;
    },
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export interface ManualClock extends Clock {
  /** Moves time forward, running every timer that falls due, in time order. */
  advance(ms: number): void;
}

export function manualClock(start: number): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Set<Timer>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + Math.max(0, ms), seq: seq++, fn };
      timers.add(t);
      return t;
    },
    clearTimeout: (h) => void timers.delete(h as Timer),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due: Timer | undefined;
        for (const t of timers) if (t.at <= end && (!due || t.at < due.at || (t.at === due.at && t.seq < due.seq))) due = t;
        if (!due) break;
        timers.delete(due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}
