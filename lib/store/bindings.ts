// Writing binding changes: the binding row and its history entry, always together.
import type { BindingChange } from '../domain/observations.ts';
import type { SqlRunner } from './db.ts';

export async function applyBindingChanges(
  tx: SqlRunner,
  changes: readonly BindingChange[],
  confirmed: readonly { appId: number; at: number }[],
): Promise<void> {
  if (changes.length) {
    const ids = changes.map((c) => c.appId);
    const to = changes.map((c) => c.toServer);
    const at = changes.map((c) => new Date(c.at).toISOString());
    await tx.query(
      `insert into bindings (app_id, server_address, since, observed_at)
       select * from unnest($1::bigint[], $2::text[], $3::timestamptz[], $3::timestamptz[])
       on conflict (app_id) do update set server_address = excluded.server_address, since = excluded.since,
         observed_at = excluded.observed_at`,
      [ids, to, at],
    );
    await tx.query(
      `insert into binding_changes (app_id, from_server, to_server, changed_at, reason)
       select * from unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])`,
      [ids, changes.map((c) => c.fromServer), to, at, changes.map((c) => c.reason)],
    );
  }
  if (confirmed.length) {
    await tx.query(
      `update bindings b set observed_at = greatest(b.observed_at, c.at)
       from unnest($1::bigint[], $2::timestamptz[]) as c(app_id, at) where b.app_id = c.app_id`,
      [confirmed.map((c) => c.appId), confirmed.map((c) => new Date(c.at).toISOString())],
    );
  }
}
