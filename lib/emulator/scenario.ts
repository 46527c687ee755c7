// Emulator scenarios: JSON files describing a PowerJob cluster and what happens to it over time.
// The schema is documented in docs/emulator.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseDuration } from '../domain/duration.ts';
import type { Random } from './random.ts';

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

export const eventSchema = z
  .object({
    at: durationText.describe('emulated time since the start'),
    action: z.enum(['stop', 'start', 'add', 'partition', 'heal']),
    server: z.number().int().min(0).optional().describe('index of the server (in order of creation); not for add'),
  })
  .strict();

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
        weights: z.array(z.number().positive()).optional(),
        zones: z.array(z.string()).optional(),
      })
      .strict(),
    apps: z
      .object({
        count: z.number().int().min(1).max(100_000),
        namePrefix: z.string().default('app'),
        workers: distributionSchema.describe('workers per app'),
        jobRate: distributionSchema.default(1).describe('jobs per minute per app'),
        rotatedListShare: z
          .number()
          .min(0)
          .max(1)
          .default(0)
          .describe("share of apps deployed with the server list rotated (the maintainers' advice in #181: give different apps different orders)"),
      })
      .strict(),
    /** worker client versions, with shares; before 5.1.0 workers keep the configured order, from 5.1.0 they shuffle it */
    workerVersions: z.array(z.object({ version: z.string(), share: z.number().positive() }).strict()).min(1).default([{ version: '5.1.1', share: 1 }]),
    events: z.array(eventSchema).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;

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
