// The generated ingest token over a real store: written to an owner-only file, never to the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeTargets } from '../store/test-support.ts';
import type { Store } from '../store/index.ts';
import { INGEST_TOKEN_FILE, ingestTokens } from './ingest-token.ts';

describe('bootstrap ingest token', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-ingest-token-'));
  const logged: string[] = [];
  const log = { warn: (m: string, f?: Record<string, unknown>) => void logged.push(JSON.stringify([m, f])), info: (m: string, f?: Record<string, unknown>) => void logged.push(JSON.stringify([m, f])) };
  beforeAll(async () => {
    ({ store, dispose } = await storeTargets()[0]!.create());
  });
  afterAll(async () => {
    await dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a generated token out of the log at first start and after, and says where it is', async () => {
    const [first] = await ingestTokens({ store, configured: undefined, dataDir, log });
    const file = path.join(dataDir, INGEST_TOKEN_FILE);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const [again] = await ingestTokens({ store, configured: undefined, dataDir, log });
    expect(again).toBe(first);
    expect(logged).toHaveLength(2);
    for (const line of logged) {
      expect(line, 'the log names the file').toContain(file);
      expect(line, 'the log never holds the token').not.toContain(first);
    }
    expect(await ingestTokens({ store, configured: 'configured-token-0123456789', dataDir, log })).toEqual(['configured-token-0123456789']);
  });
});
