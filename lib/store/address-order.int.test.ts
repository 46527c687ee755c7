// Workers sort by address in numeric order (10.1.0.2 before 10.1.0.19), host names after IPv4
// ones: the sort expression of queryWorkers, on the embedded PostgreSQL.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { NUMERIC_ADDRESS } from './analytics.ts';

describe('worker address order', () => {
  const db = new PGlite();
  afterAll(() => db.close());

  it('orders IPv4 addresses by their numbers and ports, then host names as text', async () => {
    await db.exec(`create table w (address text); insert into w values ('10.1.0.19:27777'), ('worker-b:1'), ('10.1.0.2:27777'), ('10.1.0.1:27778'), ('9.255.0.1:1'), ('10.1.0.1:27777'), ('worker-a:1')`);
    const asc = await db.query<{ address: string }>(`select address from w order by ${NUMERIC_ADDRESS} asc nulls last, address asc`);
    expect(asc.rows.map((r) => r.address)).toEqual(['9.255.0.1:1', '10.1.0.1:27777', '10.1.0.1:27778', '10.1.0.2:27777', '10.1.0.19:27777', 'worker-a:1', 'worker-b:1']);
    const desc = await db.query<{ address: string }>(`select address from w order by ${NUMERIC_ADDRESS} desc nulls last, address desc`);
    expect(desc.rows.map((r) => r.address).slice(0, 2)).toEqual(['10.1.0.19:27777', '10.1.0.2:27777']);
  });
});
