// Emulated time. The scaled clock runs `speed` times faster than real time (the CLI and the
// demo); the manual clock only moves when a test advances it, running due timers in order.
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Waits `ms` of emulated time (the 1 s ping timeout, the 500 ms lock retry, the 100 ms HTTP retry). */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
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
  cancelled: boolean;
}

export interface ManualClock extends Clock {
  /** Moves time forward, running every timer that falls due, in time order (synchronously). */
  advance(ms: number): void;
  /**
   * Like advance, but lets promise continuations and setImmediate callbacks run after each timer,
   * so async code (an election waiting out a ping timeout) schedules its next timer at the right
   * emulated instant. Use this for anything that awaits.
   */
  run(ms: number): Promise<void>;
}

/** A binary min-heap on (at, seq): 20,000 workers keep ~40,000 timers pending. */
class TimerHeap {
  private items: Timer[] = [];
  get size() {
    return this.items.length;
  }
  peek(): Timer | undefined {
    return this.items[0];
  }
  private less(a: Timer, b: Timer) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(t: Timer) {
    const h = this.items;
    h.push(t);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Timer | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

export function manualClock(start: number): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new TimerHeap();
  const nextDue = (end: number): Timer | undefined => {
    for (let t = timers.peek(); t; t = timers.peek()) {
      if (t.cancelled) {
        timers.pop();
        continue;
      }
      return t.at <= end ? timers.pop() : undefined;
    }
    return undefined;
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t: Timer = { at: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
      timers.push(t);
      return t;
    },
    clearTimeout: (h) => {
      if (h) (h as Timer).cancelled = true;
    },
    advance(ms) {
      const end = now + ms;
      for (let due = nextDue(end); due; due = nextDue(end)) {
        now = due.at;
        due.fn();
      }
      now = end;
    },
    async run(ms) {
      const end = now + ms;
      const settle = () => new Promise<void>((r) => setImmediate(r));
      await settle();
      for (let due = nextDue(end); due; due = nextDue(end)) {
        now = due.at;
        due.fn();
        // timers due at the same instant run back to back; settle once the instant is done
        const next = timers.peek();
        if (!next || next.cancelled || next.at !== now) await settle();
      }
      now = end;
      await settle();
    },
  };
}
