// Shared by the real-PowerJob tests: build the console once, read the emulator's documented
// differences, measure when workers follow a move, and print figures where CI's log shows them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/process.ts';
import type { RealApp, RealCluster } from '../../powerjob/cluster.ts';

export function buildOnce(): void {
  const build = spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`console build failed:\n${build.stdout}\n${build.stderr}`);
}

/** The lines between `<!-- differences:start -->` and `<!-- differences:end -->` that start with "- `…`". */
export function documentedDifferences(markdown: string): Set<string> {
  const start = markdown.indexOf('<!-- differences:start -->');
  const end = markdown.indexOf('<!-- differences:end -->');
  if (start < 0 || end < start) throw new Error('docs/emulator.md has no <!-- differences:start --> … <!-- differences:end --> section');
  const out = new Set<string>();
  for (const line of markdown.slice(start, end).split('\n')) {
    const m = /^- `(.+?)`/.exec(line.trim());
    if (m) out.add(m[1]!);
  }
  return out;
}

/** Prints a figure (and its details) to the test log and to test-results/powerjob.txt. */
export function report(title: string, details: string[] = []): void {
  const text = `${title}\n${details.map((d) => `  ${d}\n`).join('')}`;
  process.stdout.write(`[powerjob] ${text}`);
  const dir = path.join(ROOT, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'powerjob.txt'), `${new Date().toISOString()} ${text}`);
}

/**
 * Milliseconds after `movedAt` at which each worker of `app` was first seen heartbeating to server
 * `to` (its /server/hello?debug=true lists the worker with a lastActiveTime after the move), sorted.
 */
export async function followTimes(cluster: RealCluster, to: number, app: RealApp, movedAt: number, timeoutMs: number): Promise<number[]> {
  const seen = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < app.workers.length) {
    if (Date.now() > deadline) {
      const missing = app.workers.filter((w) => !seen.has(w));
      throw new Error(`workers of ${app.name} not on ${cluster.servers[to]!.web} within ${timeoutMs / 1000} s: ${missing.join(', ')}`);
    }
    const r = await cluster.get(to, '/server/hello?debug=true').catch(() => null);
    const info = (r?.body as { data?: { appId2ClusterInfo?: Record<string, { allWorkers?: Record<string, { lastActiveTime?: number }> }> } } | null)?.data?.appId2ClusterInfo;
    const workers = info?.[String(app.id)]?.allWorkers ?? {};
    for (const w of app.workers) {
      const at = workers[w]?.lastActiveTime;
      if (!seen.has(w) && typeof at === 'number' && at > movedAt) seen.set(w, at - movedAt);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return [...seen.values()].sort((a, b) => a - b);
}
