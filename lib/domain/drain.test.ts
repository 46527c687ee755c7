import { describe, expect, it } from 'vitest';
import { DRAIN_CONFLICT_TRIES, drainPlan, drainProgress, drainRefusal, phaseFinished, reElected, restorePlan, restoreRefusal, type DrainMoveRow } from './drain.ts';
import type { RebalanceApp, RebalanceServer } from './rebalance.ts';

const servers: RebalanceServer[] = ['a:7700', 'b:7700', 'c:7700'].map((address) => ({ address, weight: 1, up: true }));
const apps = (counts: Record<string, number>): RebalanceApp[] => {
  let id = 0;
  return Object.entries(counts).flatMap(([server, n]) => Array.from({ length: n }, () => ({ id: ++id, name: `app-${id}`, server, load: 1 })));
};

describe('drainPlan', () => {
  it('moves every app of the drained server, and no other, spreading them where each adds the least', () => {
    const cluster = apps({ 'a:7700': 4, 'b:7700': 3, 'c:7700': 1 });
    const plan = drainPlan(servers, cluster, 'a:7700');
    expect(plan.map((m) => m.from)).toEqual(Array(4).fill('a:7700'));
    expect(new Set(plan.map((m) => m.appId))).toEqual(new Set([1, 2, 3, 4]));
    const to = plan.reduce<Record<string, number>>((n, m) => ({ ...n, [m.to]: (n[m.to] ?? 0) + 1 }), {});
    // b 3, c 1: c takes three and b one, so that both end at 4
    expect(to).toEqual({ 'b:7700': 1, 'c:7700': 3 });
  });

  it('never targets a down or cordoned server, and leaves out the apps it is told to skip', () => {
    const cluster = apps({ 'a:7700': 3, 'b:7700': 0, 'c:7700': 0 });
    const plan = drainPlan([servers[0]!, { ...servers[1]!, cordoned: true }, servers[2]!], cluster, 'a:7700', new Set([2]));
    expect(plan.map((m) => [m.appId, m.to])).toEqual([[1, 'c:7700'], [3, 'c:7700']]);
    expect(drainPlan([servers[0]!, { ...servers[1]!, up: false }, servers[2]!], cluster, 'a:7700').every((m) => m.to === 'c:7700')).toBe(true);
  });
});

describe('restorePlan', () => {
  it('brings back the fewest apps that balance the restored server, from the busiest first, only onto it', () => {
    const cluster = apps({ 'a:7700': 0, 'b:7700': 5, 'c:7700': 4 });
    const plan = restorePlan(servers, cluster, 'a:7700');
    // 9 apps over 3 servers: 3 each, so 2 from b and 1 from c
    expect(plan.map((m) => [m.from, m.to])).toEqual([
      ['b:7700', 'a:7700'],
      ['b:7700', 'a:7700'],
      ['c:7700', 'a:7700'],
    ]);
  });

  it('moves nothing onto a server that is down, or when it is balanced already', () => {
    expect(restorePlan([{ ...servers[0]!, up: false }, servers[1]!, servers[2]!], apps({ 'a:7700': 0, 'b:7700': 5, 'c:7700': 4 }), 'a:7700')).toEqual([]);
    expect(restorePlan(servers, apps({ 'a:7700': 3, 'b:7700': 3, 'c:7700': 3 }), 'a:7700')).toEqual([]);
  });
});

describe('drainProgress', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const at = (s: number) => new Date(now.getTime() + s * 1000);
  const move = (appId: number, status: DrainMoveRow['status'], requested: number, verified: number | null = null, detail: string | null = null): DrainMoveRow => ({ appId, appName: `app-${appId}`, toServer: 'b:7700', purpose: 'forward', status, requestedAt: at(requested), verifiedAt: verified === null ? null : at(verified), detail });
  const planned = new Map([1, 2, 3, 4, 5, 6, 7].map((id) => [id, `app-${id}`]));

  it('counts left, converging, done and skipped with the reason, and an ETA at the move rate', () => {
    const bound = [
      { id: 1, name: 'app-1', server: 'b:7700' },
      { id: 2, name: 'app-2', server: 'b:7700' },
      { id: 3, name: 'app-3', server: 'a:7700' },
      { id: 4, name: 'app-4', server: 'a:7700' },
      { id: 5, name: 'app-5', server: 'a:7700' },
      { id: 6, name: 'app-6', server: 'a:7700' },
      { id: 7, name: 'app-7', server: 'a:7700' },
    ];
    const moves = [move(1, 'verified', -120, -80), move(2, 'moved', -10), move(3, 'failed', -200, null, 'app-3 was not seen on b:7700 within 60 s; moved back to a:7700'), { ...move(3, 'reverted', -140), purpose: 'revert' as const }];
    const p = drainProgress({ phase: 'drain', server: 'a:7700', planned, apps: bound, moves, perMinute: 2, now, waiting: false, defaultVerifyMs: 60_000 });
    expect([p.total, p.left, p.converging, p.done]).toEqual([7, 4, 1, 1]);
    expect(p.skipped).toEqual([{ appId: 3, app: 'app-3', reason: 'app-3 was not seen on b:7700 within 60 s; moved back to a:7700' }]);
    expect(p.leftApps).toEqual(['app-4', 'app-5', 'app-6', 'app-7']);
    // 4 left at 2 a minute: the last moves a minute from now, verified 40 s later (the one verified move's time)
    expect(p.eta).toBe(at(60 + 40).toISOString());
    expect(phaseFinished(p)).toBe(false);
  });

  it('says why an app waits for a quiet window, skips one that never has one, and moves it anyway with allowBusy', () => {
    const bound = [1, 2, 3].map((id) => ({ id, name: `app-${id}`, server: 'a:7700' }));
    const three = new Map([1, 2, 3].map((id) => [id, `app-${id}`]));
    const held = [
      { appId: 1, app: 'app-1', never: false, reason: 'app-1 waits for a quiet window: job "j" runs at 10:00:20, before its workers can have followed a move (30 s)', code: 'drain-wait-quiet-window', params: { app: 'app-1', reason: 'r' } },
      { appId: 2, app: 'app-2', never: true, reason: 'app-2 stays on a:7700: no quiet window for a move: job "k" runs every 5 s (allow it with the drain\'s allowBusy)' },
    ];
    const input = { phase: 'drain' as const, server: 'a:7700', planned: three, apps: bound, moves: [], perMinute: 5, now, waiting: false, defaultVerifyMs: 60_000, held };
    const p = drainProgress(input);
    expect([p.left, p.leftApps, p.held.map((h) => [h.app, h.code ?? null])]).toEqual([2, ['app-1', 'app-3'], [['app-1', 'drain-wait-quiet-window']]]);
    expect(p.held[0]!.reason).toBe(held[0]!.reason);
    expect(p.skipped).toEqual([{ appId: 2, app: 'app-2', reason: held[1]!.reason }]);
    // once app-1 and app-3 are off, the drain ends incomplete: app-2 is still on the server
    const off = bound.map((a) => (a.id === 2 ? a : { ...a, server: 'b:7700' }));
    const end = drainProgress({ ...input, apps: off });
    expect([end.left, end.done, end.skipped.map((s) => s.app), phaseFinished(end)]).toEqual([0, 2, ['app-2'], true]);
    // with allowBusy the app is still to move
    const busy = drainProgress({ ...input, apps: off, allowBusy: true });
    expect([busy.left, busy.leftApps, busy.skipped, phaseFinished(busy)]).toEqual([1, ['app-2'], [], false]);
  });

  it('gives no ETA while moves wait, and is finished once nothing is left or open', () => {
    const bound = [{ id: 1, name: 'app-1', server: 'a:7700' }];
    expect(drainProgress({ phase: 'drain', server: 'a:7700', planned: new Map([[1, 'app-1']]), apps: bound, moves: [], perMinute: 5, now, waiting: true, defaultVerifyMs: 60_000 }).eta).toBeNull();
    const done = drainProgress({ phase: 'drain', server: 'a:7700', planned: new Map([[1, 'app-1']]), apps: [{ ...bound[0]!, server: 'b:7700' }], moves: [move(1, 'verified', -30, -5)], perMinute: 5, now, waiting: false, defaultVerifyMs: 60_000 });
    expect([done.done, done.eta, phaseFinished(done)]).toEqual([1, null, true]);
  });

  it('owes a drain the apps that landed on the server after it started; a restore is done with an app once it is on it', () => {
    const landed = drainProgress({ phase: 'drain', server: 'a:7700', planned: new Map(), apps: [{ id: 9, name: 'app-9', server: 'a:7700' }], moves: [], perMinute: 5, now, waiting: false, defaultVerifyMs: 60_000 });
    expect([landed.total, landed.left]).toEqual([1, 1]);
    const restore = drainProgress({ phase: 'restore', server: 'a:7700', planned: new Map([[1, 'app-1']]), apps: [{ id: 1, name: 'app-1', server: 'a:7700' }], moves: [{ ...move(1, 'verified', -30, -5), toServer: 'a:7700' }], perMinute: 5, now, waiting: false, defaultVerifyMs: 60_000 });
    expect([restore.done, restore.left]).toEqual([1, 0]);
    // a restore's app that moved elsewhere before its move is skipped, not waited for
    const moved = drainProgress({ phase: 'restore', server: 'a:7700', planned: new Map([[1, 'app-1']]), plannedFrom: new Map([[1, 'b:7700']]), apps: [{ id: 1, name: 'app-1', server: 'c:7700' }], moves: [], perMinute: 5, now, waiting: false, defaultVerifyMs: 60_000 });
    expect([moved.left, moved.skipped, phaseFinished(moved)]).toEqual([0, [{ appId: 1, app: 'app-1', reason: 'moved to c:7700 meanwhile; left there' }], true]);
  });
});

describe('drainProgress: what PowerJob does under a drain', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const at = (s: number) => new Date(now.getTime() + s * 1000);
  const move = (status: DrainMoveRow['status'], requested: number, verified: number | null = null): DrainMoveRow => ({ appId: 1, appName: 'app-1', toServer: 'b:7700', purpose: 'forward', status, requestedAt: at(requested), verifiedAt: verified === null ? null : at(verified), detail: status === 'conflict' ? 'PowerJob re-elected it meanwhile (now c:7700); left alone' : null });
  const progress = (server: string, moves: DrainMoveRow[]) => drainProgress({ phase: 'drain', server: 'a:7700', planned: new Map([[1, 'app-1']]), apps: [{ id: 1, name: 'app-1', server }], moves, perMinute: 5, now, waiting: false, defaultVerifyMs: 60_000 });

  it('owes an app again that PowerJob put back on the server after its move was verified: the drain does not end with the server owning it', () => {
    const back = progress('a:7700', [move('verified', -120, -80)]);
    expect([back.done, back.left, back.leftApps, phaseFinished(back)]).toEqual([0, 1, ['app-1'], false]);
  });

  it(`tries an app whose move met a re-election again, and skips it only after ${DRAIN_CONFLICT_TRIES} such moves; off the server it is done`, () => {
    const once = progress('a:7700', [move('conflict', -30)]);
    expect([once.left, once.skipped, phaseFinished(once)]).toEqual([1, [], false]);
    const tries = Array.from({ length: DRAIN_CONFLICT_TRIES }, (_, i) => move('conflict', -600 + i * 150));
    const given = progress('a:7700', tries);
    expect([given.left, given.skipped.map((s) => s.reason), phaseFinished(given)]).toEqual([0, ['PowerJob re-elected it meanwhile (now c:7700); left alone'], true]);
    const off = progress('c:7700', [move('conflict', -30)]);
    expect([off.done, off.skipped, phaseFinished(off)]).toEqual([1, [], true]);
  });

  it('tries again an app whose move failed its verification because PowerJob re-elected it onto the drained server (the move back met it there); one moved back by Fulcrum is skipped', () => {
    const failed = (outcome: string): DrainMoveRow => ({ ...move('failed', -90), detail: `app-1 was not seen on b:7700 within 60 s; ${outcome}`, code: 'move-failed-unseen', params: { app: 'app-1', server: 'b:7700', seconds: 60, outcome, ...(outcome === 'back-conflict' ? { current: 'a:10010' } : { from: 'a:7700' }) } });
    const reElectedOnce = progress('a:7700', [failed('back-conflict')]);
    expect([reElectedOnce.left, reElectedOnce.skipped, phaseFinished(reElectedOnce)]).toEqual([1, [], false]);
    // re-elections of either kind count together towards the tries
    const given = progress('a:7700', [move('conflict', -600), move('conflict', -400), failed('back-conflict')]);
    expect([given.left, given.skipped.length, phaseFinished(given)]).toEqual([0, 1, true]);
    const movedBack = progress('a:7700', [failed('moved-back')]);
    expect([movedBack.left, movedBack.skipped.map((s) => s.code), phaseFinished(movedBack)]).toEqual([0, ['move-failed-unseen'], true]);
    expect([reElected({ status: 'failed', params: { outcome: 'back-conflict' } }), reElected({ status: 'failed', params: null }), reElected({ status: 'conflict' }), reElected({ status: 'verified' })]).toEqual([true, false, true, false]);
  });
});

describe('refusals', () => {
  const live = (address: string, more: Partial<{ live: boolean; cordoned: boolean }> = {}) => ({ address, live: true, confirmed: true, cordoned: false, ...more });
  it('refuses an unknown server (404), one drained or being drained (409), and the last live one (409)', () => {
    expect(drainRefusal('x:7700', [live('a:7700'), live('b:7700')], null)).toMatchObject({ status: 404, code: 'server-not-found' });
    expect(drainRefusal('a:7700', [live('a:7700'), live('b:7700')], 'drained')).toMatchObject({ status: 409, code: 'drain-exists', params: { state: 'drained' } });
    expect(drainRefusal('a:7700', [live('a:7700'), live('b:7700', { cordoned: true }), live('c:7700', { live: false })], null)).toMatchObject({ status: 409, code: 'drain-last-server' });
    expect(drainRefusal('a:7700', [live('a:7700'), live('b:7700')], null)).toBeNull();
  });
  it('refuses to restore a server not drained, or one being restored', () => {
    expect(restoreRefusal('x:7700', false, null)).toMatchObject({ status: 404 });
    expect(restoreRefusal('a:7700', true, null)).toMatchObject({ status: 409, code: 'restore-not-drained' });
    expect(restoreRefusal('a:7700', true, 'restoring')).toMatchObject({ status: 409 });
    expect(restoreRefusal('a:7700', true, 'incomplete')).toBeNull();
  });
});
