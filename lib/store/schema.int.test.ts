// The migrations are the schema; Drizzle's declarations must agree with them column by column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { openSqlClient, StoreOpenError, type SqlClient } from './db.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { tables } from './schema.ts';

// information_schema's names for the types Drizzle declares
const TYPE_NAMES: Record<string, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  bigserial: 'bigint',
  real: 'real',
  'double precision': 'double precision',
  boolean: 'boolean',
  jsonb: 'jsonb',
  'timestamp with time zone': 'timestamp with time zone',
};

describe('schema and migrations', () => {
  let dir: string;
  let client: SqlClient;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-schema-'));
    client = await openSqlClient({ dataDir: dir });
  });
  afterAll(async () => {
    await client?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies every migration once, in order', async () => {
    const all = loadMigrations().map((m) => m.version);
    expect(all[0]).toBe(1);
    expect(await migrate(client)).toEqual(all);
    expect(await migrate(client)).toEqual([]);
    const rows = await client.query<{ version: number }>('select version from schema_migrations order by version');
    expect(rows.map((r) => r.version)).toEqual(all);
  });

  it.each(Object.entries(tables))('declares table %s as the migrations create it', async (name, table) => {
    const config = getTableConfig(table);
    const actual = await client.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `select column_name, data_type, is_nullable from information_schema.columns
       where table_schema = 'public' and table_name = $1 order by ordinal_position`,
      [name],
    );
    expect(actual.length, `table ${name} exists`).toBeGreaterThan(0);
    const declared = config.columns.map((c) => ({
      column_name: c.name,
      data_type: TYPE_NAMES[c.getSQLType()] ?? c.getSQLType(),
      is_nullable: c.notNull ? 'NO' : 'YES',
    }));
    expect(declared.sort((a, b) => a.column_name.localeCompare(b.column_name))).toEqual(
      [...actual].sort((a, b) => a.column_name.localeCompare(b.column_name)),
    );
  });

  it('refuses a second opener of the same data directory with one clear line', async () => {
    const second = openSqlClient({ dataDir: dir });
    await expect(second).rejects.toThrow(StoreOpenError);
    await expect(second).rejects.toThrow(/already open in this process|in use by another Fulcrum process/);
  });

  it('says so when the data directory cannot be written', async () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    await expect(openSqlClient({ dataDir: path.join(file, 'data') })).rejects.toThrow(/not writable \(ENOTDIR\)/);
  });

  it('says so when PostgreSQL cannot be reached, without the password', async () => {
    const error = await openSqlClient({ dataDir: '', databaseUrl: 'postgres://fulcrum:s3cret@127.0.0.1:1/fulcrum' }).catch((e) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toMatch(/^cannot reach PostgreSQL at postgres:\/\/fulcrum:\*\*\*@127\.0\.0\.1:1\/fulcrum: ECONNREFUSED/);
    expect(error.message).not.toContain('s3cret');
    // every credential form: query parameters too
    const query = await openSqlClient({ dataDir: '', databaseUrl: 'postgres://127.0.0.1:1/fulcrum?user=fulcrum&password=s3cret&sslpassword=k3y' }).catch((e) => e);
    expect(query.message).toMatch(/^cannot reach PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/fulcrum\?user=fulcrum&password=\*\*\*&sslpassword=\*\*\*: /);
    expect(query.message).not.toMatch(/s3cret|k3y/);
  });
});

describe('0008 on a store that has alerts already', () => {
  it('takes instances firing at the upgrade as told (no burst of repeats), keeps the others untold', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-upgrade-'));
    const client = await openSqlClient({ dataDir: dir });
    try {
      const all = loadMigrations();
      await migrate(client, all.filter((m) => m.version < 8));
      await client.exec(`
        insert into alert_rules (id, name, body, version, created_at, updated_at, updated_by) values (1, 'r', '{}', 1, now(), now(), 't');
        insert into alert_transitions (id, rule_id, rule_name, key, labels, from_state, to_state, value, at, silenced) values
          (10, 1, 'r', 'a', '{}', 'pending', 'firing', 1, '2026-11-01T00:00:00Z', false),
          (11, 1, 'r', 'a', '{}', 'firing', 'resolved', 0, '2026-11-01T01:00:00Z', false),
          (12, 1, 'r', 'a', '{}', 'resolved', 'firing', 1, '2026-11-01T02:00:00Z', false),
          (13, 1, 'r', 'b', '{}', 'pending', 'firing', 1, '2026-11-01T00:00:00Z', false);
        insert into alert_instances (rule_id, key, labels, state, since, value, evaluated_at) values
          (1, 'a', '{}', 'firing', '2026-11-01T02:00:00Z', 1, now()),
          (1, 'c', '{}', 'inactive', '2026-11-01T00:00:00Z', 0, now());
      `);
      expect(await migrate(client, all)).toEqual(all.filter((m) => m.version >= 8).map((m) => m.version));
      const rows = await client.query<{ key: string; firing_transition_id: string | null; notified_at: string | null; repeats: number }>(
        'select key, firing_transition_id, notified_at, repeats from alert_instances order by key',
      );
      expect(rows.map((r) => [r.key, r.firing_transition_id === null ? null : Number(r.firing_transition_id), r.notified_at === null ? null : new Date(r.notified_at).toISOString(), r.repeats])).toEqual([
        ['a', 12, '2026-11-01T02:00:00.000Z', 0],
        ['c', null, null, 0],
      ]);
    } finally {
      await client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('0012 on a store that has silences and contact points already', () => {
  it('takes the quotes and escapes out of values saved with them, keeps the others, and makes old contact points webhooks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fulcrum-upgrade-'));
    const client = await openSqlClient({ dataDir: dir });
    try {
      const all = loadMigrations();
      await migrate(client, all.filter((m) => m.version < 12));
      // as the console saved them before: the text after the operator, quotes and all
      await client.query(
        `insert into alert_silences (id, matchers, starts_at, ends_at, created_by, comment, created_at) values
           (1, $1, now(), now() + interval '1 hour', 'a', 'quoted', now()),
           (2, $2, now(), now() + interval '1 hour', 'a', 'plain', now())`,
        [
          JSON.stringify([{ name: 'alertname', op: '=', value: '"apps skew"' }, { name: 'server', op: '=~', value: '"10\\\\.0\\\\..*"' }, { name: 'q', op: '=', value: '"say \\"hi\\""' }]),
          JSON.stringify([{ name: 'alertname', op: '=', value: 'skew' }]),
        ],
      );
      await client.exec(`insert into alert_contact_points (id, name, url, enabled, created_at, updated_at) values (1, 'hook', 'http://127.0.0.1:1/hook', true, now(), now())`);
      await migrate(client, all);
      const rows = await client.query<{ id: string; matchers: unknown }>('select id, matchers from alert_silences order by id');
      const m = rows.map((r) => (typeof r.matchers === 'string' ? JSON.parse(r.matchers) : r.matchers));
      expect(m[0]).toEqual([
        { name: 'alertname', op: '=', value: 'apps skew' },
        { name: 'server', op: '=~', value: '10\\.0\\..*' },
        { name: 'q', op: '=', value: 'say "hi"' },
      ]);
      expect(m[1]).toEqual([{ name: 'alertname', op: '=', value: 'skew' }]);
      const [cp] = await client.query<{ kind: string; settings: unknown; secret: string | null }>('select kind, settings, secret from alert_contact_points');
      expect(cp).toMatchObject({ kind: 'webhook', secret: null });
    } finally {
      await client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
