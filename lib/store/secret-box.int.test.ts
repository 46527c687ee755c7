// Contact point secrets at rest (lib/store/secret-box.ts) in a real store, PGlite and (unless
// FULCRUM_TEST_SKIP_POSTGRES=1) PostgreSQL: with FULCRUM_SECRET_KEY the column holds only the
// sealed value and the notifier reads the secret; a store opened with a key seals the secrets
// stored before it; without the key (or with another) a sealed secret is not read and nothing is sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlClient, type SqlClient } from './db.ts';
import { openStore } from './index.ts';
import { parseSecretKey } from './secret-box.ts';
import { scratchDatabase, SKIP_POSTGRES } from './test-support.ts';
import { sendMessage } from '../jobs/contact-delivery.ts';

const KEY = parseSecretKey('0f'.repeat(32))!;
const OTHER = parseSecretKey('f0'.repeat(32))!;
const SECRET = 'SEC0123456789abcdef';

interface Place {
  name: string;
  options(): Promise<{ dataDir: string; databaseUrl?: string }>;
}
const cleanups: (() => Promise<void> | void)[] = [];
const places: Place[] = [
  {
    name: 'pglite',
    async options() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-secrets-'));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      return { dataDir: dir };
    },
  },
  ...(SKIP_POSTGRES
    ? []
    : [
        {
          name: 'postgres',
          async options() {
            const scratch = await scratchDatabase('fulcrum_secrets');
            cleanups.push(() => scratch.drop());
            return { dataDir: '', databaseUrl: scratch.url };
          },
        },
      ]),
];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** The secret column as stored, read over a connection of its own once the store is closed. */
async function storedSecrets(options: { dataDir: string; databaseUrl?: string }): Promise<string[]> {
  const client: SqlClient = await openSqlClient(options);
  try {
    return (await client.query<{ secret: string }>('select secret from alert_contact_points where secret is not null order by id')).map((r) => r.secret);
  } finally {
    await client.close();
  }
}

describe.each(places.map((p) => [p.name, p] as const))('contact point secrets at rest (%s)', (_name, place) => {
  it('sealed under the key, read by the notifier; plain ones sealed at open; not read without the key', { timeout: 120_000 }, async () => {
    const options = await place.options();
    // before the key is set: stored as typed
    let store = await openStore({ ...options, staleAfterMs: 30_000 });
    await store.createContactPoint({ name: 'before', kind: 'dingtalk', url: 'http://127.0.0.1:9/robot/send?access_token=a', enabled: true, secret: SECRET }, new Date());
    await store.close();
    expect(await storedSecrets(options)).toEqual([SECRET]);

    // with the key: the old secret is sealed at open, a new one sealed when saved
    store = await openStore({ ...options, staleAfterMs: 30_000, secretKey: KEY });
    const after = (await store.createContactPoint({ name: 'after', kind: 'feishu', url: 'http://127.0.0.1:9/open-apis/bot/v2/hook/x', enabled: true, secret: `${SECRET}-2` }, new Date()))!;
    expect(after.secretSet).toBe(true);
    expect((await store.contactTargets()).map((t) => [t.name, t.secret, t.secretError])).toEqual([
      ['before', SECRET, undefined],
      ['after', `${SECRET}-2`, undefined],
    ]);
    // an edit that does not send the secret keeps it, sealed
    await store.updateContactPoint(after.id, { name: 'after', kind: 'feishu', url: 'http://127.0.0.1:9/open-apis/bot/v2/hook/y', enabled: true }, new Date());
    expect((await store.contactTargets({ id: after.id }))[0]!.secret).toBe(`${SECRET}-2`);
    await store.close();
    const stored = await storedSecrets(options);
    expect(stored).toHaveLength(2);
    for (const s of stored) {
      expect(s).toMatch(/^enc:v1:/);
      expect(s, 'no part of the secret in the column').not.toContain('SEC0123');
    }

    // without the key, or with another: not read, and a send says why without sending
    for (const secretKey of [null, OTHER]) {
      store = await openStore({ ...options, staleAfterMs: 30_000, secretKey });
      const [target] = await store.contactTargets({ id: after.id });
      expect(target!.secret).toBeNull();
      expect(target!.secretError).toMatch(secretKey ? /another FULCRUM_SECRET_KEY/ : /FULCRUM_SECRET_KEY is not set/);
      expect(await sendMessage(target!, [], { externalUrl: 'http://fulcrum.test', now: new Date(), timeoutMs: 1_000 })).toBe(target!.secretError);
      await store.close();
    }
    // and the sealed values were left as they were
    expect(await storedSecrets(options)).toEqual(stored);
  });
});
