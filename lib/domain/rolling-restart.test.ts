import { describe, expect, it } from 'vitest';
import {
  advanceRollingRestart,
  allowedActions,
  drainIdOf,
  newRollingRestart,
  rollingRestartBody,
  rollingRestartProgress,
  rollingRestartRefusal,
  type RestartObservation,
  type RollingRestart,
  type RollingRestartEvent,
} from './rolling-restart.ts';
import type { DrainCandidate } from './drain.ts';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const A = 'a:7700';
const B = 'b:7700';
const C = 'c:7700';

const fresh = (servers = [A, B]) => newRollingRestart({ id: 'rr-0123456789', servers, by: 'alice', reason: 'kernel', perMinute: 5, restartTimeoutMs: 30 * 60_000, now: at(0) });
const obs = (o: Partial<RestartObservation> = {}): RollingRestartEvent => ({ type: 'tick', observed: { drain: null, health: 'up', openMoves: 0, ...o } });

/** Applies the event, expecting it to pass, and returns the step. */
function step(rr: RollingRestart, e: RollingRestartEvent, s: number) {
  const out = advanceRollingRestart(rr, e, at(s));
  if (!out.ok) throw new Error(out.refusal.detail);
  return out;
}

/** One server through every phase, as the tick sees it; returns the restart after its restore is seen done. */
function cycle(rr: RollingRestart, index: number, t: number) {
  const id = drainIdOf(rr.id, index);
  const address = rr.servers[index]!.address;
  let out = step(rr, obs(), t);
  expect(out.effect).toEqual({ type: 'start-drain', server: address, drainId: id });
  out = step(out.next, obs({ drain: { id, state: 'draining' } }), t + 5);
  expect(out.effect).toBeNull();
  out = step(out.next, obs({ drain: { id, state: 'drained' } }), t + 60);
  expect(out.next.note?.code).toBe('safe-to-restart');
  out = step(out.next, obs({ drain: { id, state: 'drained' }, health: 'down' }), t + 70);
  expect(out.next.servers[index]!.phase).toBe('down');
  out = step(out.next, obs({ drain: { id, state: 'drained' }, health: 'up' }), t + 100);
  expect(out.next.servers[index]).toMatchObject({ phase: 'back', backBy: 'collector' });
  out = step(out.next, obs({ drain: { id, state: 'drained' } }), t + 105);
  expect(out.effect).toEqual({ type: 'start-restore', server: address, drainId: id });
  out = step(out.next, obs({ drain: { id, state: 'restoring' } }), t + 110);
  expect(out.next.servers[index]!.phase).toBe('restoring');
  out = step(out.next, obs({ drain: { id, state: 'restored' } }), t + 200);
  expect(out.next.servers[index]!.phase).toBe('done');
  return out;
}

describe('rolling restart: the phases of each server', () => {
  it('drains, says safe, waits for down then up, restores, and goes to the next server; completes after the last', () => {
    const first = cycle(fresh(), 0, 0);
    expect(first.next.state).toBe('running');
    expect(first.audit.map((a) => a.action)).toEqual(['rolling-restart.server-done']);
    const second = cycle(first.next, 1, 300);
    expect(second.next.state).toBe('completed');
    expect(second.next.endedAt).toBe(at(500).toISOString());
    expect(second.audit.map((a) => a.action)).toEqual(['rolling-restart.server-done', 'rolling-restart.completed']);
    // a finished restart does nothing more
    expect(step(second.next, obs(), 600)).toMatchObject({ effect: null, audit: [] });
  });

  it('says it is safe to restart only once the drain is drained, with the timeout in the note', () => {
    let rr = step(fresh(), obs(), 0).next;
    rr = step(rr, obs({ drain: { id: drainIdOf(rr.id, 0), state: 'draining' }, health: 'down' }), 5).next;
    // a server that goes down while it is still draining is not taken for restarted
    expect(rr.servers[0]).toMatchObject({ phase: 'draining', downAt: null });
    const safe = step(rr, obs({ drain: { id: drainIdOf(rr.id, 0), state: 'drained' } }), 10);
    expect(safe.next.note).toMatchObject({ code: 'safe-to-restart', params: { address: A, minutes: 30 } });
    expect(safe.audit).toEqual([{ action: 'rolling-restart.safe', detail: `${A} owns no app: safe to restart now; waiting up to 30 min for it to go down and report again` }]);
  });

  it('takes stale as down, and does not take up for back before it was seen down', () => {
    const id = drainIdOf('rr-0123456789', 0);
    let rr = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'drained' } }), 5).next;
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'up' }), 10).next;
    expect(rr.servers[0]!.phase).toBe('restart');
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'unknown' }), 15).next;
    expect(rr.servers[0]!.phase, 'unknown is neither down nor up').toBe('restart');
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'stale' }), 20).next;
    expect(rr.servers[0]).toMatchObject({ phase: 'down', downAt: at(20).toISOString() });
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'stale' }), 25).next;
    expect(rr.servers[0]!.downAt, 'the first time it was seen down').toBe(at(20).toISOString());
  });

  it('is overdue when the server does not come back within the timeout, and still goes on when it does', () => {
    const id = drainIdOf('rr-0123456789', 0);
    let rr = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'drained' } }), 5).next;
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'down' }), 10).next;
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'down' }), 5 + 30 * 60).next;
    expect(rr.servers[0]!.phase, 'at the timeout exactly').toBe('down');
    const late = step(rr, obs({ drain: { id, state: 'drained' }, health: 'down' }), 6 + 30 * 60);
    expect(late.next.servers[0]!.phase).toBe('overdue');
    expect(late.next.note).toMatchObject({ code: 'overdue', params: { address: A, minutes: 30, down: 1 } });
    expect(late.audit.map((a) => a.action)).toEqual(['rolling-restart.overdue']);
    expect(rollingRestartProgress(late.next, at(7 + 30 * 60)).eta, 'no ETA while overdue').toBeNull();
    expect(allowedActions(late.next)).toEqual(['pause', 'continue', 'abort']);
    const back = step(late.next, obs({ drain: { id, state: 'drained' }, health: 'up' }), 40 * 60);
    expect(back.next.servers[0]).toMatchObject({ phase: 'back', backBy: 'collector' });
  });

  it('says how it is overdue when the server was never seen going down, and takes the down then up after that', () => {
    const id = drainIdOf('rr-0123456789', 0);
    let rr = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'drained' } }), 5).next;
    const late = step(rr, obs({ drain: { id, state: 'drained' } }), 6 + 30 * 60);
    expect(late.next.note!.detail).toBe(`${A} was not seen going down within 30 min: start it, or continue once it is back, or abort`);
    rr = step(late.next, obs({ drain: { id, state: 'drained' }, health: 'down' }), 31 * 60).next;
    expect(rr.servers[0]).toMatchObject({ phase: 'overdue', downAt: at(31 * 60).toISOString() });
    expect(step(rr, obs({ drain: { id, state: 'drained' }, health: 'up' }), 32 * 60).next.servers[0]!.phase).toBe('back');
  });

  it("takes the operator's word that the server is back (skip the wait) in any waiting phase", () => {
    const id = drainIdOf('rr-0123456789', 0);
    const rr = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'drained' } }), 5).next;
    const out = step(rr, { type: 'continue', by: 'bob' }, 6);
    expect(out.next.servers[0]).toMatchObject({ phase: 'back', backBy: 'bob', backAt: at(6).toISOString(), downAt: null });
    expect(out.audit[0]!.action).toBe('rolling-restart.back');
    expect(step(out.next, obs({ drain: { id, state: 'drained' } }), 7).effect).toEqual({ type: 'start-restore', server: A, drainId: id });
  });

  it('pauses when a drain ends incomplete, and continues only when the operator says so', () => {
    const id = drainIdOf('rr-0123456789', 0);
    const out = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'incomplete' } }), 5);
    expect(out.next).toMatchObject({ state: 'paused', note: { code: 'drain-incomplete' } });
    expect(out.next.servers[0]!.phase).toBe('draining');
    expect(step(out.next, obs({ drain: { id, state: 'incomplete' } }), 10).audit, 'said once').toEqual([]);
    const go = step(out.next, { type: 'continue', by: 'bob' }, 11);
    expect(go.next).toMatchObject({ state: 'running', note: { code: 'safe-to-restart' } });
    expect(go.next.servers[0]).toMatchObject({ phase: 'restart', safeAt: at(11).toISOString() });
  });

  it('adopts a drain or a restore it started when the save of that step was lost (a crash), starting neither twice', () => {
    const id = drainIdOf('rr-0123456789', 0);
    const rr = fresh();
    const adopted = step(rr, obs({ drain: { id, state: 'draining' } }), 3);
    expect(adopted.effect).toBeNull();
    expect(adopted.next.servers[0]).toMatchObject({ phase: 'draining', drainStartedAt: at(3).toISOString() });
    // a drain of the server that is not ours is not adopted: ours is started (and the store refuses it if the other holds it)
    expect(step(rr, obs({ drain: { id: 'dr-other', state: 'draining' } }), 3).effect).toEqual({ type: 'start-drain', server: A, drainId: id });
    let back = step(step(rr, obs(), 0).next, obs({ drain: { id, state: 'drained' } }), 5).next;
    back = step(back, { type: 'continue', by: 'bob' }, 6).next;
    const restoring = step(back, obs({ drain: { id, state: 'restoring' } }), 7);
    expect(restoring.effect).toBeNull();
    expect(restoring.next.servers[0]!.phase).toBe('restoring');
  });

  it('takes a restore made from the server page while it waited as its own', () => {
    const id = drainIdOf('rr-0123456789', 0);
    const rr = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'drained' } }), 5).next;
    const out = step(rr, obs({ drain: { id, state: 'restoring' } }), 6);
    expect(out.next.servers[0]!.phase).toBe('restoring');
    expect(out.next.note?.code).toBe('outside-restore');
    expect(step(out.next, obs({ drain: { id, state: 'restored' } }), 7).next.servers[0]!.phase).toBe('done');
  });
});

describe('rolling restart: operator actions', () => {
  it('pauses and resumes; a paused one records what it sees but starts no drain or restore', () => {
    const paused = step(fresh(), { type: 'pause', by: 'bob' }, 1);
    expect(paused.next).toMatchObject({ state: 'paused', note: { code: 'paused', params: { by: 'bob' } } });
    expect(step(paused.next, obs(), 2)).toMatchObject({ effect: null });
    expect(step(paused.next, obs(), 2).next.servers[0]!.phase).toBe('pending');
    const resumed = step(paused.next, { type: 'resume', by: 'bob' }, 3);
    expect(resumed.next.state).toBe('running');
    expect(step(resumed.next, obs(), 4).effect).toMatchObject({ type: 'start-drain' });
    // while paused, a drained server is still said safe, and its return is still seen
    const id = drainIdOf('rr-0123456789', 0);
    let rr = step(step(fresh(), obs(), 0).next, { type: 'pause', by: 'bob' }, 1).next;
    rr = step(rr, obs({ drain: { id, state: 'drained' } }), 5).next;
    expect(rr.servers[0]!.phase).toBe('restart');
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'down' }), 6).next;
    rr = step(rr, obs({ drain: { id, state: 'drained' }, health: 'up' }), 7).next;
    expect(rr.servers[0]!.phase).toBe('back');
    expect(step(rr, obs({ drain: { id, state: 'drained' } }), 8).effect, 'no restore while paused').toBeNull();
  });

  it('refuses actions that do not fit, with the action, state and phase, nothing changed', () => {
    const rr = fresh();
    const refusal = (e: RollingRestartEvent, r = rr) => {
      const out = advanceRollingRestart(r, e, at(1));
      if (out.ok) throw new Error(`${e.type} passed`);
      return out.refusal;
    };
    expect(refusal({ type: 'resume', by: 'bob' })).toMatchObject({ status: 409, code: 'rolling-restart-action-not-allowed', params: { action: 'resume', state: 'running', phase: 'pending' } });
    expect(refusal({ type: 'continue', by: 'bob' }).params.action).toBe('continue');
    const paused = step(rr, { type: 'pause', by: 'bob' }, 1).next;
    expect(refusal({ type: 'pause', by: 'bob' }, paused).params).toMatchObject({ action: 'pause', state: 'paused' });
    const aborted = step(rr, { type: 'abort', by: 'bob' }, 1).next;
    for (const type of ['pause', 'resume', 'abort', 'continue'] as const) expect(refusal({ type, by: 'bob' }, aborted).params).toMatchObject({ action: type, state: 'aborted' });
    expect(allowedActions(aborted)).toEqual([]);
  });

  it('aborts at once before a drain started or while the server waits, leaving it drained and saying so', () => {
    const before = step(fresh(), { type: 'abort', by: 'bob' }, 1);
    expect(before).toMatchObject({ effect: null, next: { state: 'aborted', endedAt: at(1).toISOString(), note: { detail: 'aborted by bob' } } });
    const id = drainIdOf('rr-0123456789', 0);
    const waiting = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'drained' } }), 5).next;
    const out = step(waiting, { type: 'abort', by: 'bob' }, 6);
    expect(out.effect).toBeNull();
    expect(out.next.note!.detail).toBe(`aborted by bob; ${A} stays drained (restore it from its page once it is back)`);
  });

  it('aborts a drain in flight by stopping it, and ends only when its open moves are verified', () => {
    const id = drainIdOf('rr-0123456789', 0);
    const draining = step(step(fresh(), obs(), 0).next, obs({ drain: { id, state: 'draining' } }), 5).next;
    const out = step(draining, { type: 'abort', by: 'bob' }, 6);
    expect(out.effect).toEqual({ type: 'stop-drain', server: A, drainId: id, from: 'draining' });
    expect(out.next.state).toBe('aborting');
    const waiting = step(out.next, obs({ drain: { id, state: 'incomplete' }, openMoves: 1 }), 10);
    expect(waiting.next.state, 'a move still open').toBe('aborting');
    const ended = step(waiting.next, obs({ drain: { id, state: 'incomplete' }, openMoves: 0 }), 60);
    expect(ended.next).toMatchObject({ state: 'aborted', endedAt: at(60).toISOString() });
    expect(ended.audit.map((a) => a.action)).toEqual(['rolling-restart.aborted']);
    // a restore in flight likewise
    let restoring = step(draining, obs({ drain: { id, state: 'drained' } }), 7).next;
    restoring = step(restoring, { type: 'continue', by: 'bob' }, 8).next;
    restoring = step(restoring, obs({ drain: { id, state: 'drained' } }), 9).next;
    expect(step(restoring, { type: 'abort', by: 'bob' }, 10).effect).toEqual({ type: 'stop-drain', server: A, drainId: id, from: 'restoring' });
  });

  it('pauses with the reason when its drain or restore is refused, and tries again on resume', () => {
    const started = step(fresh(), obs(), 0);
    const out = step(fresh(), { type: 'refused', refusal: { status: 409, code: 'drain-exists', params: { address: A, state: 'drained' }, detail: `${A} is drained already; restore it first; nothing was changed` } }, 0);
    expect(started.effect?.type).toBe('start-drain');
    expect(out.next).toMatchObject({ state: 'paused', note: { code: 'refused', params: { address: A, code: 'drain-exists' } } });
    expect(out.next.servers[0]!.phase).toBe('pending');
    expect(step(step(out.next, { type: 'resume', by: 'bob' }, 1).next, obs(), 2).effect).toMatchObject({ type: 'start-drain' });
  });
});

describe('rolling restart: progress and ETA', () => {
  it('says which server, its phase since when, how many are done, and no ETA before the first is done', () => {
    const rr = step(fresh([A, B, C]), obs(), 0).next;
    expect(rollingRestartProgress(rr, at(10))).toEqual({ total: 3, done: 0, current: { address: A, phase: 'draining', index: 0, since: at(0).toISOString() }, eta: null });
  });

  it('estimates the servers left at the median cycle of those done', () => {
    // A took 200 s (cycle starts at 0, done at 200)
    const one = cycle(fresh([A, B, C]), 0, 0).next;
    const p = rollingRestartProgress(one, at(200));
    expect(p).toMatchObject({ done: 1, current: { address: B, phase: 'pending', index: 1 } });
    // B and C left at 200 s each
    expect(p.eta).toBe(at(600).toISOString());
    // B drained for 50 s: 150 s of it left, then C's 200
    const b = step(one, obs(), 200).next;
    expect(rollingRestartProgress(b, at(250)).eta).toBe(at(250 + 150 + 200).toISOString());
    expect(rollingRestartProgress(step(b, { type: 'pause', by: 'bob' }, 251).next, at(251)).eta, 'none while paused').toBeNull();
  });
});

describe('rolling restart: refusals', () => {
  const known: DrainCandidate[] = [A, B, C].map((address) => ({ address, live: true, confirmed: true, cordoned: false }));

  it('refuses a second one while one runs (409), an unknown server (404), one drained by another drain (409), the last live one (409)', () => {
    expect(rollingRestartRefusal([A], known, new Map(), { id: 'rr-1', state: 'paused' })).toMatchObject({ status: 409, code: 'rolling-restart-exists', params: { id: 'rr-1', state: 'paused' } });
    expect(rollingRestartRefusal([A, 'x:7700'], known, new Map(), null)).toMatchObject({ status: 404, code: 'server-not-found', params: { address: 'x:7700' }, detail: 'no server x:7700: no rolling restart was started' });
    expect(rollingRestartRefusal([A, B], known, new Map([[B, 'drained']]), null)).toMatchObject({ status: 409, code: 'drain-exists', params: { address: B, state: 'drained' } });
    const alone: DrainCandidate[] = [{ address: A, live: true, confirmed: true, cordoned: false }, { address: B, live: false, confirmed: true, cordoned: false }];
    expect(rollingRestartRefusal([A], alone, new Map(), null)).toMatchObject({ status: 409, code: 'drain-last-server', params: { address: A } });
    expect(rollingRestartRefusal([A, B, C], known, new Map(), null)).toBeNull();
  });

  it('refuses an empty or duplicated list and unknown fields in the body, naming the field', () => {
    const errors = (body: unknown) => {
      const r = rollingRestartBody.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(errors({ servers: [] })).toEqual(['servers']);
    expect(errors({})).toEqual(['servers']);
    expect(errors({ servers: [A, B, A] })).toEqual(['servers.2']);
    expect(errors({ servers: [A], perMinute: 0 })).toEqual(['perMinute']);
    expect(errors({ servers: [A], restartTimeoutMinutes: 0 })).toEqual(['restartTimeoutMinutes']);
    expect(errors({ servers: [A], force: true })).toEqual(['']);
    expect(rollingRestartBody.parse({ servers: [` ${A} `, B] }).servers).toEqual([A, B]);
  });
});
