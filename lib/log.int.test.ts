// The log as an operator's collector reads it: JSON lines from a real process, info and warnings
// on stdout, errors on stderr, each line once, child bindings (request ids) on every line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('log', () => {
  it('writes one JSON object per line, errors to stderr only, with the request id of a child', () => {
    const script = `
      import { log, errorFields } from './lib/log.ts';
      log.info('ready', { console: 'http://localhost:3000' });
      log.child({ reqId: 'req-1' }).warn('slow', { ms: 12 });
      log.error('ingest failed', { reqId: 'req-2', ...errorFields(new Error('store down')) });
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const err = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ level: 'info', msg: 'ready', console: 'http://localhost:3000', pid: r.pid });
    expect(new Date(out[0]!.time as string).toISOString()).toBe(out[0]!.time);
    expect(out[1]).toMatchObject({ level: 'warn', msg: 'slow', reqId: 'req-1', ms: 12 });
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ level: 'error', msg: 'ingest failed', reqId: 'req-2', error: 'store down' });
  });
});
