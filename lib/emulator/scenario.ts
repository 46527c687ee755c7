// Emulator scenarios: JSON files describing a PowerJob cluster and what happens to it over time.
// The schema is documented in docs/emulator.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseDuration } from '../domain/duration.ts';
import type { Random } from '../domain/random.ts';

const durationText = z.string().refine((s) => parseDuration(s) !== null, 'expected a duration like 30s or 2m');

/** A number, or a distribution to draw one per app from. */
export const distributionSchema = z.union([
  z.number().min(0),
  z.object({ dist: z.literal('uniform'), min: z.number().min(0), max: z.number().min(0) }).strict(),
  z
    .object({
      dist: z.literal('zipf'),
      s: z.number().positive(),
      min: z.number().min(0).default(1),
      max: z.number().min(1),
      total: z.number().positive().optional().describe('scale so the values add up to this (whole numbers for worker counts)'),
    })
    .strict(),
]);
export type Distribution = z.infer<typeof distributionSchema>;

const serverIndex = z.number().int().min(0).describe('index of the server, in order of creation (added servers follow the scenario\'s)');

export const eventSchema = z.discriminatedUnion('action', [
  z
    .object({
      at: durationText.describe('emulated time since the start'),
      action: z.enum(['stop', 'start', 'partition', 'heal']).describe('partition: cut off from workers and servers, still running; heal ends it'),
      server: serverIndex,
    })
    .strict(),
  z.object({ at: durationText, action: z.literal('add').describe('a new server; workers know it only if their list names it') }).strict(),
  z
    .object({
      at: durationText,
      action: z.literal('rolling-restart'),
      servers: z.array(serverIndex).min(1).describe('restarted one by one, in this order'),
      replaceWith: z.array(serverIndex).optional().describe('replacements (created stopped): each starts, then the server it replaces stops'),
      every: durationText.default('60s').describe('time between two steps'),
      downFor: durationText.default('20s').describe('restart in place: how long each server stays down'),
      overlap: durationText.default('10s').describe('replacement: how long the new server runs before the old one stops'),
    })
    .strict(),
]);
export type ScenarioEvent = z.infer<typeof eventSchema>;

/** A timed action on one server, after rolling restarts are unrolled into their steps. */
export interface ServerAction {
  atMs: number;
  action: 'stop' | 'start' | 'partition' | 'heal' | 'add';
  server: number;
}

export function unrollEvents(events: readonly ScenarioEvent[]): ServerAction[] {
  const out: ServerAction[] = [];
  for (const e of events) {
    const at = parseDuration(e.at)!;
    if (e.action === 'add') out.push({ atMs: at, action: 'add', server: -1 });
    else if (e.action !== 'rolling-restart') out.push({ atMs: at, action: e.action, server: e.server });
    else {
      const every = parseDuration(e.every)!;
      e.servers.forEach((server, i) => {
        const step = at + i * every;
        const replacement = e.replaceWith?.[i];
        if (replacement === undefined) {
          out.push({ atMs: step, action: 'stop', server }, { atMs: step + parseDuration(e.downFor)!, action: 'start', server });
        } else {
          out.push({ atMs: step, action: 'start', server: replacement }, { atMs: step + parseDuration(e.overlap)!, action: 'stop', server });
        }
      });
    }
  }
  // stable: same-instant actions keep the order they were written in
  return out.map((a, i) => ({ a, i })).sort((x, y) => x.a.atMs - y.a.atMs || x.i - y.i).map((x) => x.a);
}

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.number().int().default(1),
    serverVersion: z.string().default('5.1.1').describe('4.x servers have no login; 5.x servers require one for the console API'),
    password: z.string().default('powerjob').describe('password of the built-in ADMIN user'),
    servers: z
      .object({
        count: z.number().int().min(1).max(250),
        /** servers created stopped, started later by an event (e.g. the new nodes of a rolling restart) */
        startStopped: z.array(z.number().int().min(0)).default([]),
        weights: z.array(z.number().positive()).optional().describe('per server, for weighted strategies; PowerJob\'s election ignores them'),
        zones: z.array(z.string()).optional().describe('per server, for zone-aware strategies; PowerJob\'s election ignores them'),
      })
      .strict(),
    apps: z
      .object({
        count: z.number().int().min(1).max(100_000),
        namePrefix: z.string().default('app'),
        workers: distributionSchema.describe('workers per app'),
        jobRate: distributionSchema.default(1).describe('jobs per minute per app, spread over its workers'),
        jobSeconds: z.number().positive().default(30).describe('how long one job instance runs'),
        rotatedListShare: z
          .number()
          .min(0)
          .max(1)
          .default(0)
          .describe("share of apps deployed with the server list rotated (the maintainers' advice in #181: give different apps different orders)"),
        schedules: z
          .union([
            z.literal(false),
            z
              .object({
                periodsSeconds: z.array(z.number().int().min(1).max(86_400)).min(1).optional().describe('CRON periods drawn from, one per app (default 5 s to 1 h)'),
                fixedRateShare: z.number().min(0).max(1).default(0.1).describe('share of apps with a FIXED_RATE job every 10 s instead'),
              })
              .strict(),
          ])
          .default(false)
          .describe('one timed job per app, scheduled and dispatched as PowerJob does (lib/emulator/scheduler.ts)'),
      })
      .strict(),
    accuratePercentage: z.number().int().min(0).max(100).default(50).describe("the servers' oms.accurate.select.server.percentage"),
    /** the worker client version of every worker: before 5.1.0 workers keep the configured order, from 5.1.0 they shuffle it */
    clientVersion: z.string().optional().describe('shorthand for workerVersions: [{version, share: 1}]'),
    /** worker client versions, with shares */
    workerVersions: z.array(z.object({ version: z.string(), share: z.number().positive() }).strict()).min(1).optional(),
    events: z.array(eventSchema).default([]),
  })
  .strict()
  .transform(({ clientVersion, workerVersions, ...rest }) => ({
    ...rest,
    workerVersions: workerVersions ?? [{ version: clientVersion ?? '5.1.1', share: 1 }],
  }));

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;

const SCENARIO_DIR = fileURLToPath(new URL('./scenarios/', import.meta.url));

export function scenarioNames(): string[] {
  return fs
    .readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A shipped scenario by name, or a JSON file by path; throws with every bad field named. */
export function loadScenario(nameOrPath: string): Scenario {
  const file = /[/\\]|\.json$/.test(nameOrPath) ? path.resolve(nameOrPath) : path.join(SCENARIO_DIR, `${nameOrPath}.json`);
  if (!fs.existsSync(file)) throw new Error(`no scenario "${nameOrPath}" (shipped: ${scenarioNames().join(', ')})`);
  const parsed = scenarioSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`scenario ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Draws per-app values; Zipf ranks the apps so app 0 is the largest. */
export function draw(dist: Distribution, count: number, random: Random): number[] {
  if (typeof dist === 'number') return new Array(count).fill(dist);
  if (dist.dist === 'uniform') return Array.from({ length: count }, () => dist.min + random.next() * (dist.max - dist.min));
  const raw = Array.from({ length: count }, (_, rank) => Math.max(dist.min, dist.max / (rank + 1) ** dist.s));
  if (dist.total === undefined) return raw;
  return scaleToTotal(raw, dist.total, dist.min);
}

/** Whole numbers of at least `min`, in the same proportions, that add up to `total` exactly. */
function scaleToTotal(values: number[], total: number, min: number): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  const scaled = values.map((v) => Math.max(min, Math.floor((v * total) / sum)));
  let rest = total - scaled.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % scaled.length, rest--) scaled[i]!++;
  for (let i = scaled.length - 1; rest < 0 && i >= 0; i--) {
    if (scaled[i]! > min) {
      scaled[i]!--;
      rest++;
      i++;
    }
  }
  return scaled;
}

export function versionFor(scenario: Scenario, random: Random): string {
  const total = scenario.workerVersions.reduce((n, v) => n + v.share, 0);
  let pick = random.next() * total;
  for (const v of scenario.workerVersions) {
    pick -= v.share;
    if (pick < 0) return v.version;
  }
  return scenario.workerVersions.at(-1)!.version;
}

/** PowerJob shuffles the server list per worker process from 5.1.0 on (commit fea19740). */
export function shufflesServerList(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  return major > 5 || (major === 5 && minor >= 1);
}
