// Move windows: the times of day and week when moves may happen, as an operator writes them
// (`Mon-Fri 01:00-05:00`, `Sat,Sun 22:00-02:00`, `daily 00:00-24:00`) in one IANA time zone.
// A window is judged on the zone's wall clock: an instant is inside when its local weekday and time
// are, so a window keeps its hours across DST changes (longer by the repeated hour in autumn,
// shorter by the skipped one in spring). A window whose end is at or before its start ends the next
// day. Pure: `now` is a parameter.

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_MINUTES = 24 * 60;

export interface MoveWindow {
  /** weekdays (0 Sunday … 6 Saturday) on which the window starts */
  days: ReadonlySet<number>;
  /** minutes since local midnight */
  start: number;
  /** minutes since local midnight, up to 1440; at or before `start`: the next day */
  end: number;
  /** as written */
  text: string;
}

/** Why a window is refused: a key the console says in the operator's language, and the English. */
export interface WindowError {
  key: 'moveWindowFormat' | 'moveWindowDays' | 'moveWindowTime' | 'moveWindowEmpty';
  message: string;
}

const FORMAT = /^\s*(\S+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/;

function parseDays(text: string): Set<number> | string {
  const lower = text.toLowerCase();
  if (lower === 'daily' || lower === '*') return new Set([0, 1, 2, 3, 4, 5, 6]);
  const days = new Set<number>();
  for (const part of lower.split(',')) {
    const [a, b, ...rest] = part.split('-');
    if (rest.length) return part;
    const from = WEEKDAYS.indexOf(a as (typeof WEEKDAYS)[number]);
    const to = b === undefined ? from : WEEKDAYS.indexOf(b as (typeof WEEKDAYS)[number]);
    if (from < 0) return a || part;
    if (to < 0) return b || part;
    // a range may wrap the week: Fri-Mon is Fri, Sat, Sun, Mon
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days;
}

/** One window from its text, or why not. */
export function parseWindow(text: string): { ok: true; window: MoveWindow } | { ok: false; error: WindowError } {
  const m = FORMAT.exec(text);
  if (!m) return { ok: false, error: { key: 'moveWindowFormat', message: `"${text}" is not "<days> HH:MM-HH:MM" (for example "Mon-Fri 01:00-05:00")` } };
  const days = parseDays(m[1]!);
  if (typeof days === 'string') return { ok: false, error: { key: 'moveWindowDays', message: `"${days}" is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges (Mon-Fri), lists (Sat,Sun) or daily` } };
  const [h1, m1, h2, m2] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
  if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 > 0)) return { ok: false, error: { key: 'moveWindowTime', message: `a time of day is 00:00 to 23:59 (an end may be 24:00)` } };
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (start === end) return { ok: false, error: { key: 'moveWindowEmpty', message: 'start and end are the same: write 00:00-24:00 for a whole day' } };
  return { ok: true, window: { days, start, end, text: text.trim() } };
}

/** Every window parsed, with an error for each one that is refused (by its index). */
export function parseWindows(texts: readonly string[]): { windows: MoveWindow[]; errors: { index: number; error: WindowError }[] } {
  const windows: MoveWindow[] = [];
  const errors: { index: number; error: WindowError }[] = [];
  texts.forEach((text, index) => {
    const r = parseWindow(text);
    if (r.ok) windows.push(r.window);
    else errors.push({ index, error: r.error });
  });
  return { windows, errors };
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at `ms`: the local time as if it were UTC (`naive`), and the local weekday. */
function wallClock(timeZone: string, ms: number): { naive: number; weekday: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  const naive = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) + (ms % 1000 + 1000) % 1000;
  return { naive, weekday: WEEKDAYS.indexOf(parts.weekday!.toLowerCase() as (typeof WEEKDAYS)[number]) };
}

/** Whether moves may happen at `now` under these windows (none: never). */
export function movesAllowed(windows: readonly MoveWindow[], timeZone: string, now: Date): boolean {
  const { naive, weekday } = wallClock(timeZone, now.getTime());
  const minute = Math.floor((((naive % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  const yesterday = (weekday + 6) % 7;
  return windows.some((w) => {
    const crosses = w.end <= w.start;
    if (w.days.has(weekday) && minute >= w.start && minute < (crosses ? DAY_MINUTES : w.end)) return true;
    return crosses && w.days.has(yesterday) && minute < w.end;
  });
}

/**
 * The instants at which the zone's wall clock reads `naive`: two in the repeated autumn hour, and
 * for a time the spring change skips, the end of the gap (the first instant that reads later).
 */
function instantsOf(timeZone: string, naive: number): number[] {
  const offsetAt = (ms: number) => wallClock(timeZone, ms).naive - ms;
  const offsets = [...new Set([offsetAt(naive - 86_400_000), offsetAt(naive), offsetAt(naive + 86_400_000)])];
  const exact = offsets.map((o) => naive - o).filter((t) => wallClock(timeZone, t).naive === naive);
  if (exact.length) return [...new Set(exact)].sort((a, b) => a - b);
  // a skipped time: the wall clock jumps over it, forward only, between these two instants
  let lo = naive - Math.max(...offsets);
  let hi = naive - Math.min(...offsets);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (wallClock(timeZone, mid).naive >= naive) hi = mid;
    else lo = mid;
  }
  return [hi];
}

/** When moves may next happen: `now` when they may now, null when no window ever opens. */
export function nextOpening(windows: readonly MoveWindow[], timeZone: string, now: Date): Date | null {
  if (movesAllowed(windows, timeZone, now)) return now;
  const today = Math.floor(wallClock(timeZone, now.getTime()).naive / 86_400_000) * 86_400_000;
  let best: number | null = null;
  // a week and a day ahead holds every window's next start
  for (let day = 0; day <= 8; day++) {
    const midnight = today + day * 86_400_000;
    const weekday = new Date(midnight).getUTCDay();
    for (const w of windows) {
      if (!w.days.has(weekday)) continue;
      // a start the spring change skips opens at the end of the gap, if the window is still open then
      for (const t of instantsOf(timeZone, midnight + w.start * 60_000)) {
        if (t > now.getTime() && (best === null || t < best) && movesAllowed(windows, timeZone, new Date(t))) best = t;
      }
    }
  }
  return best === null ? null : new Date(best);
}

/** When the window open at `now` closes (the first instant after it outside every window), or null when none is open or none ever closes. */
export function openUntil(windows: readonly MoveWindow[], timeZone: string, now: Date): Date | null {
  if (!movesAllowed(windows, timeZone, now)) return null;
  const today = Math.floor(wallClock(timeZone, now.getTime()).naive / 86_400_000) * 86_400_000;
  // candidate closings are window ends; the first one after `now` outside every window
  const ends: number[] = [];
  for (let day = -1; day <= 8; day++) {
    const midnight = today + day * 86_400_000;
    const weekday = new Date(midnight).getUTCDay();
    for (const w of windows) {
      if (!w.days.has(weekday)) continue;
      const endDay = w.end <= w.start ? midnight + 86_400_000 : midnight;
      for (const t of instantsOf(timeZone, endDay + w.end * 60_000)) if (t > now.getTime()) ends.push(t);
    }
  }
  ends.sort((a, b) => a - b);
  for (const t of ends) if (!movesAllowed(windows, timeZone, new Date(t))) return new Date(t);
  return null;
}
