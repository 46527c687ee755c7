// Builds the console once before the suite, when the build is missing or older than the sources,
// and only when the run includes a test that starts Fulcrum (the files under test/): the process
// tests then never build, so two of them cannot run `next build` at once on one .next.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildState } from '../scripts/build-state.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The files that start Fulcrum processes (and so need the build). */
function processTests(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'test'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${f}`);
}

/**
 * Whether the run includes a process test. The filters are the file arguments of `vitest run`
 * (vitest matches a file when its path contains one); no filters is the whole suite. Vitest keeps
 * them in an internal field: should it move, every run builds when needed, which is safe.
 */
function needsBuild(project: TestProject): boolean {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  if (!filters || filters.length === 0) return true;
  const files = processTests();
  return filters.some((raw) => {
    const f = raw.replace(/^\.\//, '');
    return files.some((file) => file.includes(f) || path.resolve(ROOT, file) === path.resolve(f));
  });
}

export default function setup(project: TestProject): void {
  if (!needsBuild(project)) return;
  const state = buildState(ROOT);
  if (state === 'fresh') return;
  process.stdout.write(`global setup: the console build is ${state}; building it once for the process tests\n`);
  // not measured by `npm run coverage` (the build's own code is not Fulcrum's)
  const env = { ...process.env, NODE_V8_COVERAGE: undefined };
  const r = spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], { cwd: ROOT, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`the console build failed:\n${r.stdout}\n${r.stderr}`);
}
