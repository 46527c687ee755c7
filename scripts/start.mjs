// `npm start`: builds the console when its build is missing or stale, then runs server.ts in this
// same process (tsx compiles the TypeScript on load). `--build-only` stops after the build.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildState, markBuilt, sourceHash } from './build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildOnly = process.argv.includes('--build-only');

const state = buildState(root);
if (state !== 'fresh') {
  process.stdout.write(`fulcrum: console build is ${state}; building (next build)...\n`);
  const hash = sourceHash(root);
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    process.stderr.write('fulcrum: the console build failed; see the output above\n');
    process.exit(1);
  }
  markBuilt(root, hash);
} else if (buildOnly) {
  process.stdout.write('fulcrum: console build is up to date\n');
}

if (!buildOnly) {
  process.env.NODE_ENV ??= 'production';
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  const { register } = await import('tsx/esm/api');
  register();
  await import(path.join(root, 'server.ts'));
}
