// Whether the console build is missing or stale: a hash of everything `next build` reads, kept
// beside the build in .next/fulcrum-build-hash.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = ['app', 'components', 'lib', 'messages', 'public', 'next.config.js', 'tsconfig.json', 'package-lock.json', 'package.json'];
const SKIP = /(^|\/)(node_modules|\.next)(\/|$)|\.test\.tsx?$/;

function* files(root, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return;
  const stat = fs.statSync(full);
  if (stat.isFile()) {
    yield rel;
    return;
  }
  for (const entry of fs.readdirSync(full).sort()) {
    const child = path.posix.join(rel, entry);
    if (!SKIP.test(child)) yield* files(root, child);
  }
}

export function sourceHash(root) {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const rel of files(root, input)) {
      hash.update(rel).update('\0').update(fs.readFileSync(path.join(root, rel))).update('\0');
    }
  }
  return hash.digest('hex');
}

const stampFile = (root) => path.join(root, '.next', 'fulcrum-build-hash');

/** 'missing', 'stale' or 'fresh'. */
export function buildState(root) {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return 'missing';
  const stamp = fs.existsSync(stampFile(root)) ? fs.readFileSync(stampFile(root), 'utf8').trim() : '';
  return stamp === sourceHash(root) ? 'fresh' : 'stale';
}

export function markBuilt(root, hash) {
  fs.writeFileSync(stampFile(root), `${hash}\n`);
}
