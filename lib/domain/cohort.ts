// Cohort membership for rollouts: the Unleash-style bucket (murmur3_x86_32 of "<rolloutId>:<key>",
// seed 0, mod 100, plus 1) and the selector that narrows which apps and workers are eligible.
import { z } from 'zod';
import { murmur3_x86_32 } from './random.ts';

/** 1..100; the same function as Unleash's normalizedStrategyValue, so raising a percent only adds members. */
export function bucketOf(rolloutId: string, key: string): number {
  return (murmur3_x86_32(`${rolloutId}:${key}`, 0) % 100) + 1;
}

export function inCohort(rolloutId: string, key: string, percent: number): boolean {
  return percent > 0 && bucketOf(rolloutId, key) <= percent;
}

/** An IPv4 address range: a CIDR block (10.0.0.0/8) or an inclusive span (10.0.0.5-10.0.0.9). */
const addressRange = z.string().refine((s) => parseRange(s) !== null, 'an IPv4 CIDR (10.0.0.0/8) or range (10.0.0.5-10.0.0.9)');
const version = z.string().regex(/^\d+(\.\d+)*([-.+].*)?$/, 'a dotted version like 4.3.9');

/**
 * Which apps and workers a rollout may touch. Patterns are globs (`*` any run, `?` one
 * character) on the app name; every list is optional and an absent one does not narrow.
 */
export const cohortSelector = z
  .object({
    apps: z.object({ include: z.array(z.string().min(1)).optional(), exclude: z.array(z.string().min(1)).optional() }).strict().optional(),
    tags: z.object({ include: z.array(z.string().min(1)).optional(), exclude: z.array(z.string().min(1)).optional() }).strict().optional(),
    addresses: z.object({ include: z.array(addressRange).optional(), exclude: z.array(addressRange).optional() }).strict().optional(),
    versions: z.object({ min: version.optional(), below: version.optional() }).strict().optional(),
  })
  .strict();
export type CohortSelector = z.infer<typeof cohortSelector>;

export interface CohortCandidate {
  app: string;
  /** the worker, when the question is about one (the assignment API); app-level checks leave it out */
  worker?: { address: string; tag?: string | null; version?: string | null };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

const globCache = new Map<string, RegExp>();
export function globMatch(pattern: string, value: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    if (globCache.size > 10_000) globCache.clear();
    re = globToRegExp(pattern);
    globCache.set(pattern, re);
  }
  return re.test(value);
}

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** [low, high] as unsigned integers, or null when the text is not a range. */
export function parseRange(range: string): [number, number] | null {
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(range.trim());
  if (cidr) {
    const base = ipv4ToInt(cidr[1]!);
    const bits = Number(cidr[2]);
    if (base === null || bits > 32) return null;
    const size = 2 ** (32 - bits);
    const low = Math.floor(base / size) * size;
    return [low, low + size - 1];
  }
  const span = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(range.trim());
  if (span) {
    const a = ipv4ToInt(span[1]!);
    const b = ipv4ToInt(span[2]!);
    if (a === null || b === null || a > b) return null;
    return [a, b];
  }
  const one = ipv4ToInt(range.trim());
  return one === null ? null : [one, one];
}

export function addressInRange(address: string, range: string): boolean {
  const host = address.includes(':') ? address.slice(0, address.lastIndexOf(':')) : address;
  const ip = ipv4ToInt(host);
  const r = parseRange(range);
  return ip !== null && r !== null && ip >= r[0] && ip <= r[1];
}

/** Numeric comparison of dotted versions (4.3.10 > 4.3.9); a suffix after the numbers is ignored. */
export function compareVersions(a: string, b: string): number {
  const nums = (v: string) => (/^[\d.]+/.exec(v)?.[0] ?? '0').split('.').filter(Boolean).map(Number);
  const x = nums(a);
  const y = nums(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Whether the selector admits an app (and, when given, one of its workers). Worker conditions
 * (tag, address, version) are not checked for an app-only question: they narrow workers.
 */
export function matchesSelector(selector: CohortSelector | undefined, c: CohortCandidate): boolean {
  if (!selector) return true;
  const { apps, tags, addresses, versions } = selector;
  if (apps?.include?.length && !apps.include.some((p) => globMatch(p, c.app))) return false;
  if (apps?.exclude?.some((p) => globMatch(p, c.app))) return false;
  const w = c.worker;
  if (!w) return true;
  if (tags?.include?.length && !(w.tag && tags.include.includes(w.tag))) return false;
  if (tags?.exclude?.length && w.tag && tags.exclude.includes(w.tag)) return false;
  if (addresses?.include?.length && !addresses.include.some((r) => addressInRange(w.address, r))) return false;
  if (addresses?.exclude?.some((r) => addressInRange(w.address, r))) return false;
  if (versions?.min && !(w.version && compareVersions(w.version, versions.min) >= 0)) return false;
  if (versions?.below && !(w.version && compareVersions(w.version, versions.below) < 0)) return false;
  return true;
}

/** Whether the selector says anything about workers (tags, addresses, versions). */
export function narrowsWorkers(selector: CohortSelector | undefined): boolean {
  return Boolean(selector?.tags?.include?.length || selector?.tags?.exclude?.length || selector?.addresses?.include?.length || selector?.addresses?.exclude?.length || selector?.versions);
}

/**
 * Whether a selector takes a whole app (PowerJob moves whole apps): its name matches and, when the
 * selector narrows workers, the app has workers and every one of them matches. An app with no
 * worker known is not taken by a worker condition: nothing says it meets it.
 */
export function selectsApp(selector: CohortSelector | undefined, app: { name: string; workers: readonly NonNullable<CohortCandidate['worker']>[] }): boolean {
  if (!matchesSelector(selector, { app: app.name })) return false;
  if (!narrowsWorkers(selector)) return true;
  return app.workers.length > 0 && app.workers.every((w) => matchesSelector(selector, { app: app.name, worker: w }));
}

export type BucketKey = 'app' | 'worker';

/** The key a candidate is bucketed by: the app name (PowerJob binds whole apps) or the worker address. */
export function keyOf(key: BucketKey, c: { app: string; worker?: { address: string } }): string {
  return key === 'worker' && c.worker ? c.worker.address : c.app;
}

/** Eligible and in the cohort at `percent`. */
export function isMember(rolloutId: string, selector: CohortSelector | undefined, key: BucketKey, percent: number, c: CohortCandidate): boolean {
  return matchesSelector(selector, c) && inCohort(rolloutId, keyOf(key, c), percent);
}

/**
 * The workers two selectors both admit, out of the known ones: the overlap that forbids two
 * running rollouts at once. Two selectors that narrow nothing overlap even with no worker known.
 */
export function overlapping(
  a: CohortSelector | undefined,
  b: CohortSelector | undefined,
  workers: readonly { app: string; address: string; tag?: string | null; version?: string | null }[],
): { workers: string[]; everything: boolean } {
  const everything = !a?.apps?.include?.length && !b?.apps?.include?.length && !narrowsWorkers(a) && !narrowsWorkers(b) && !a?.apps?.exclude?.length && !b?.apps?.exclude?.length;
  const both: string[] = [];
  for (const w of workers) {
    const c = { app: w.app, worker: { address: w.address, tag: w.tag, version: w.version } };
    if (matchesSelector(a, c) && matchesSelector(b, c)) both.push(`${w.app}/${w.address}`);
  }
  return { workers: both, everything };
}
