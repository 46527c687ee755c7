// PowerJob's CRON expressions (Quartz's dialect, which PowerJob's CronExpression keeps): seconds,
// minutes, hours, day of month, month, day of week (1 = Sunday) and an optional year, with `*`,
// `?`, lists, ranges, steps and month and day names. `L`, `W` and `#` are not read: parseCron
// answers null, and callers treat such a job as one whose runs they cannot foresee.

export interface Cron {
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  /** null: `?` (the day is chosen by daysOfWeek) */
  daysOfMonth: ReadonlySet<number> | null;
  months: ReadonlySet<number>;
  /** Quartz's numbering, 1 = Sunday … 7 = Saturday; null: `?` */
  daysOfWeek: ReadonlySet<number> | null;
  /** null: every year */
  years: ReadonlySet<number> | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function value(token: string, min: number, max: number, names?: readonly string[]): number | null {
  const named = names?.indexOf(token.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + min : /^\d+$/.test(token) ? Number(token) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** One field: a set of the values it allows, `'?'` for a `?`, or null when it cannot be read. */
function field(text: string, min: number, max: number, options: { names?: readonly string[]; question?: boolean } = {}): Set<number> | '?' | null {
  if (text === '?') return options.question ? '?' : null;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') return null;
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : NaN;
    if (!Number.isInteger(step) || step < 1) return null;
    let from: number | null;
    let to: number | null;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) return null;
      from = value(a!, min, max, options.names);
      to = value(b!, min, max, options.names);
    } else {
      from = value(range, min, max, options.names);
      // `a/n`: from a to the end of the field, every n
      to = stepText === undefined ? from : max;
    }
    if (from === null || to === null || from > to) return null;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** Parses a Quartz CRON expression (6 or 7 fields); null when it is not one this reads. */
export function parseCron(expression: string): Cron | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6 && parts.length !== 7) return null;
  const [s, mi, h, dom, mo, dow, y] = parts as [string, string, string, string, string, string, string | undefined];
  const seconds = field(s, 0, 59);
  const minutes = field(mi, 0, 59);
  const hours = field(h, 0, 23);
  const daysOfMonth = field(dom, 1, 31, { question: true });
  const months = field(mo, 1, 12, { names: MONTHS });
  const daysOfWeek = field(dow, 1, 7, { names: DAYS, question: true });
  const years = y === undefined || y === '*' ? null : field(y, 1970, 2199);
  if (!(seconds instanceof Set) || !(minutes instanceof Set) || !(hours instanceof Set) || !(months instanceof Set)) return null;
  if (daysOfMonth === null || daysOfWeek === null || (y !== undefined && y !== '*' && !(years instanceof Set))) return null;
  // Quartz needs exactly one of the two day fields to be `?` (it refuses both set, and both `?`)
  if ((daysOfMonth === '?') === (daysOfWeek === '?')) return null;
  return {
    seconds,
    minutes,
    hours,
    daysOfMonth: daysOfMonth === '?' ? null : daysOfMonth,
    months,
    daysOfWeek: daysOfWeek === '?' ? null : daysOfWeek,
    years: years instanceof Set ? years : null,
  };
}

function dayMatches(cron: Cron, d: Date): boolean {
  if (!cron.months.has(d.getUTCMonth() + 1)) return false;
  if (cron.years && !cron.years.has(d.getUTCFullYear())) return false;
  return cron.daysOfMonth ? cron.daysOfMonth.has(d.getUTCDate()) : cron.daysOfWeek!.has(d.getUTCDay() + 1);
}

/** Whether the cron fires at `atMs` (whole seconds), read in a zone `utcOffsetMs` ahead of UTC. */
export function firesAt(cron: Cron, atMs: number, utcOffsetMs = 0): boolean {
  const d = new Date(atMs + utcOffsetMs);
  return cron.seconds.has(d.getUTCSeconds()) && cron.minutes.has(d.getUTCMinutes()) && cron.hours.has(d.getUTCHours()) && dayMatches(cron, d);
}

/** Every fire time in [fromMs, toMs], whole seconds, in order (a day, hour or minute that cannot match is skipped whole). */
export function fireTimes(cron: Cron, fromMs: number, toMs: number, utcOffsetMs = 0, limit = Infinity): number[] {
  const out: number[] = [];
  // walk in the zone's wall time (a fixed offset over the range)
  const end = toMs + utcOffsetMs;
  let t = Math.ceil((fromMs + utcOffsetMs) / 1000) * 1000;
  while (t <= end && out.length < limit) {
    const d = new Date(t);
    if (!dayMatches(cron, d)) t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    else if (!cron.hours.has(d.getUTCHours())) t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
    else if (!cron.minutes.has(d.getUTCMinutes())) t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes() + 1);
    else {
      if (cron.seconds.has(d.getUTCSeconds())) out.push(t - utcOffsetMs);
      t += 1000;
    }
  }
  return out;
}

/** The first fire time after `afterMs` (strictly), within `withinMs`; null if none. */
export function nextFireTime(cron: Cron, afterMs: number, withinMs = 366 * 86_400_000, utcOffsetMs = 0): number | null {
  return fireTimes(cron, afterMs + 1, afterMs + withinMs, utcOffsetMs, 1)[0] ?? null;
}
