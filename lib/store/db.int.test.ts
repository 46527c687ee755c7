// The embedded store's buffer pool is ours to size (FULCRUM_PGLITE_SHARED_BUFFERS): PGlite's own
// 128MB default lives in the process's memory (docs/performance.md, memory).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlClient, PGLITE_SHARED_BUFFERS, type SqlClient } from './db.ts';

describe('PGlite buffer pool', () => {
  let client: SqlClient | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await client?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    client = dir = undefined;
  });

  const sharedBuffers = async (size?: string) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-db-'));
    client = await openSqlClient({ dataDir: dir, pgliteSharedBuffers: size });
    const [row] = await client.query<{ sb: string; path: string }>("select current_setting('shared_buffers') as sb, current_setting('search_path') as path");
    return row!;
  };

  it(`is ${PGLITE_SHARED_BUFFERS} by default, not PostgreSQL's 128MB, and PGlite's own start parameters still apply`, async () => {
    expect(PGLITE_SHARED_BUFFERS).not.toBe('128MB');
    expect(await sharedBuffers()).toEqual({ sb: PGLITE_SHARED_BUFFERS, path: 'public' });
  });

  it('takes the configured size', async () => {
    expect((await sharedBuffers('16MB')).sb).toBe('16MB');
  });
});
