// The election rules of powerjob.md §2, with a manual clock: fast path, sticky owner, usurp on a
// dead owner after the 1 s ping timeout, the server_elect lock and its 500 ms retry.
import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { PowerJobDatabase } from './database.ts';
import { elect, pingThrough, type ElectionContext, type Elector } from './election.ts';
import type { Random } from '../domain/random.ts';

const server = (ip: string) => ({ defaultAddress: `${ip}:10010`, protocols: { HTTP: `${ip}:10010`, AKKA: `${ip}:10086` } });
const A = server('10.0.0.1');
const B = server('10.0.0.2');

/** draws: < 50 is "accurate" */
const draws = (...values: number[]): Random => ({ next: () => 0, int: () => values.shift() ?? 0, shuffle: (x) => [...x] });

function setup(alive: Elector[], random: Random = draws()) {
  const clock = manualClock(0);
  const db = new PowerJobDatabase();
  const app = db.addApp('app-01');
  const up = new Set<Elector>(alive);
  const all: Elector[] = [A, B];
  const ctx: ElectionContext = {
    db,
    appInfo: db,
    clock,
    random,
    ping: pingThrough(clock, (owner) => all.find((s) => s.defaultAddress === owner && up.has(s))?.protocols ?? null),
  };
  return { clock, db, app, up, ctx };
}

describe('elect', () => {
  it('the first server asked for an app without owner usurps it, writing its default address', async () => {
    const { ctx, db, app } = setup([A, B]);
    expect(await elect(ctx, A, { appId: app.id, protocol: 'HTTP', currentServer: null })).toEqual({ ok: true, address: A.protocols.HTTP });
    expect(db.apps.get(app.id)!.currentServer).toBe(A.defaultAddress);
    // sticky: B answers with the live owner
    expect(await elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: null })).toEqual({ ok: true, address: A.protocols.HTTP });
    // the owner's address for the worker's protocol; the DB keeps the default one
    expect(await elect(ctx, B, { appId: app.id, protocol: 'AKKA', currentServer: null })).toEqual({ ok: true, address: A.protocols.AKKA });
    expect(db.apps.get(app.id)!.currentServer).toBe(A.defaultAddress);
  });

  it('fast path: when the draw is not accurate and the worker names this server, it answers without the DB', async () => {
    const { ctx, db, app } = setup([A, B], draws(99));
    db.setCurrentServer(app.id, A.defaultAddress, 0);
    // B is named by a stale worker: B says yes without looking, although A owns the app
    expect(await elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: B.protocols.HTTP })).toEqual({ ok: true, address: B.protocols.HTTP });
    expect(db.apps.get(app.id)!.currentServer).toBe(A.defaultAddress);
  });

  it('accurate path: the same request is redirected to the owner', async () => {
    const { ctx, db, app } = setup([A, B], draws(10));
    db.setCurrentServer(app.id, A.defaultAddress, 0);
    expect(await elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: B.protocols.HTTP })).toEqual({ ok: true, address: A.protocols.HTTP });
  });

  it('usurps when the owner does not answer its ping, after the 1 s timeout in emulated time', async () => {
    const { ctx, db, app, clock } = setup([B]);
    db.setCurrentServer(app.id, A.defaultAddress, 0);
    const pending = elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: A.protocols.HTTP });
    await clock.run(999);
    expect(db.apps.get(app.id)!.currentServer).toBe(A.defaultAddress);
    await clock.run(1);
    expect(await pending).toEqual({ ok: true, address: B.protocols.HTTP });
    expect(db.apps.get(app.id)!.currentServer).toBe(B.defaultAddress);
    expect(db.locks.size).toBe(0); // unlocked
  });

  it('waits 500 ms when another server holds server_elect_{appId}, then sees its result', async () => {
    const { ctx, db, app, clock } = setup([A, B]);
    db.tryLock(`server_elect_${app.id}`, 'another', 30_000, 0);
    const pending = elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: null });
    await clock.run(300);
    db.setCurrentServer(app.id, A.defaultAddress, clock.now()); // the other elector finished
    db.unlock(`server_elect_${app.id}`);
    await clock.run(200);
    expect(await pending).toEqual({ ok: true, address: A.protocols.HTTP });
  });

  it('two servers electing at once: one usurps, the other follows it', async () => {
    const { ctx, db, app, clock } = setup([A, B]);
    db.setCurrentServer(app.id, '10.0.0.9:10010', 0); // a dead owner
    const a = elect(ctx, A, { appId: app.id, protocol: 'HTTP', currentServer: null });
    const b = elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: null });
    await clock.run(2000);
    const [ra, rb] = [await a, await b];
    expect(ra).toEqual(rb);
    expect(db.apps.get(app.id)!.currentServer).toBe(A.defaultAddress);
  });

  it('fails after 10 loops when the lock stays taken, and breaks a lock older than 30 s', async () => {
    const { ctx, db, app, clock } = setup([A, B]);
    db.tryLock(`server_elect_${app.id}`, 'stuck', 30_000, 0);
    const pending = elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: null });
    await clock.run(5000);
    expect(await pending).toEqual({ ok: false, message: `server elect failed for app ${app.id}` });
    await clock.run(25_001);
    const later = elect(ctx, B, { appId: app.id, protocol: 'HTTP', currentServer: null });
    await clock.run(10);
    expect(await later).toEqual({ ok: true, address: B.protocols.HTTP });
  });

  it('does not usurp for a protocol it does not speak', async () => {
    const { ctx, app, clock } = setup([A, B]);
    const httpOnly: Elector = { defaultAddress: A.defaultAddress, protocols: { HTTP: A.protocols.HTTP } };
    const pending = elect(ctx, httpOnly, { appId: app.id, protocol: 'AKKA', currentServer: null });
    await clock.run(6000);
    expect(await pending).toMatchObject({ ok: false });
  });

  it('an unknown app is an error', async () => {
    const { ctx } = setup([A]);
    expect(await elect(ctx, A, { appId: 99, protocol: 'HTTP', currentServer: null })).toEqual({ ok: false, message: '99 is not registered!' });
  });
});
