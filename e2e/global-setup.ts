// Builds the console once, only when the build is missing or older than the sources.
import { spawnSync } from 'node:child_process';

export default function globalSetup() {
  const r = spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the console build failed');
}
