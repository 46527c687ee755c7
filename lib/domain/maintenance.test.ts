import { describe, expect, it } from 'vitest';
import { ANY_TIME, applyFreeze, freezeBody, moveGate, moveWindowsBody, NOT_FROZEN, windowStatus } from './maintenance.ts';

const now = new Date('2026-12-02T14:00:00Z');

describe('freezeBody', () => {
  it('needs a reason to freeze, none to unfreeze', () => {
    expect(freezeBody.safeParse({ frozen: true, reason: 'upgrade' }).success).toBe(true);
    expect(freezeBody.safeParse({ frozen: false }).success).toBe(true);
    const missing = freezeBody.safeParse({ frozen: true });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(['reason']);
    const blank = freezeBody.safeParse({ frozen: true, reason: '   ' });
    expect(blank.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['reason', 'too_small']]);
    expect(freezeBody.safeParse({ frozen: true, reason: 'x', extra: 1 }).success).toBe(false);
    expect(freezeBody.safeParse({ reason: 'x' }).success).toBe(false);
  });
});

describe('moveGate', () => {
  it('lets moves through when not frozen', () => {
    expect(moveGate('rollout', { freeze: NOT_FROZEN }, now)).toEqual({ allowed: true });
    expect(moveGate('rollout', { freeze: applyFreeze({ frozen: false, reason: 'done' }, 'bob', now) }, now)).toEqual({ allowed: true });
  });

  it('stops them while frozen, saying by whom and why, with a key per freeze', () => {
    const freeze = applyFreeze({ frozen: true, reason: 'PowerJob upgrade' }, 'alice', now);
    expect(freeze).toEqual({ frozen: true, by: 'alice', at: '2026-12-02T14:00:00.000Z', reason: 'PowerJob upgrade' });
    const gate = moveGate('rollout', { freeze }, now);
    expect(gate).toEqual({
      allowed: false,
      cause: 'frozen',
      key: 'freeze:2026-12-02T14:00:00.000Z',
      detail: 'moves wait: frozen by alice at 2026-12-02T14:00:00.000Z: PowerJob upgrade',
      // the same as a code, which the console and notifications say in the reader's language
      text: { code: 'wait-frozen', params: { by: 'alice', at: '2026-12-02T14:00:00.000Z', reason: 'PowerJob upgrade' } },
    });
    const later = moveGate('rollout', { freeze: applyFreeze({ frozen: true, reason: 'again' }, 'alice', new Date(now.getTime() + 1000)) }, now);
    expect(later.allowed === false && later.key).not.toBe(gate.allowed === false && gate.key);
  });
});

describe('moveWindowsBody', () => {
  it('takes a zone and, per kind, null (any time) or windows', () => {
    expect(moveWindowsBody.safeParse({ timeZone: 'Asia/Shanghai', rollout: ['Mon-Fri 01:00-05:00', 'Sat,Sun 22:00-02:00'] }).success).toBe(true);
    expect(moveWindowsBody.safeParse(ANY_TIME).success).toBe(true);
    expect(moveWindowsBody.safeParse({ timeZone: 'UTC', rollout: [] }).error?.issues.map((i) => i.path.join('.'))).toEqual(['rollout']);
    // drains and steering have windows of their own (left out: any time); an unknown kind is refused
    expect(moveWindowsBody.safeParse({ timeZone: 'UTC', rollout: null, drain: ['Sat 01:00-05:00'] }).success).toBe(true);
    expect(moveWindowsBody.safeParse({ timeZone: 'UTC', rollout: null, drain: ['Sat 25:00-05:00'] }).error?.issues.map((i) => i.path.join('.'))).toEqual(['drain.0']);
    expect(moveWindowsBody.safeParse({ timeZone: 'UTC', rollout: null, steering: null }).success).toBe(true);
    expect(moveWindowsBody.safeParse({ timeZone: 'UTC', rollout: null, steering: ['Sun 24:00-01:00'] }).error?.issues.map((i) => i.path.join('.'))).toEqual(['steering.0']);
    expect(moveWindowsBody.safeParse({ timeZone: 'UTC', rollout: null, frobnicate: null }).success).toBe(false);
  });

  it('gives an error per refused window, at its index, with its key, and one for an unknown zone', () => {
    const r = moveWindowsBody.safeParse({ timeZone: 'Mars/Olympus', rollout: ['Mon-Fri 01:00-05:00', 'Mun 01:00-02:00', 'Sat 25:00-02:00'] });
    expect(r.error?.issues.map((i) => [i.path.join('.'), (i as { params?: { key?: string } }).params?.key])).toEqual([
      ['timeZone', 'timeZone'],
      ['rollout.1', 'moveWindowDays'],
      ['rollout.2', 'moveWindowTime'],
    ]);
  });
});

describe('moveGate with move windows', () => {
  const windows = { timeZone: 'Asia/Shanghai', rollout: ['Mon-Fri 01:00-05:00'] };

  it('lets moves through inside a window and any time when the kind has none', () => {
    expect(moveGate('rollout', { freeze: NOT_FROZEN, windows }, new Date('2026-12-01T18:00:00Z'))).toEqual({ allowed: true }); // Wed 02:00 local
    expect(moveGate('rollout', { freeze: NOT_FROZEN, windows: ANY_TIME }, now)).toEqual({ allowed: true });
    expect(windowStatus(ANY_TIME, 'rollout', now)).toEqual({ allowedNow: true, nextOpening: now.toISOString(), openUntil: null });
  });

  it('outside, says until when (UTC and the zone\'s wall clock), keyed by that opening', () => {
    // Wednesday 2026-12-02 22:00 in Shanghai
    expect(moveGate('rollout', { freeze: NOT_FROZEN, windows }, now)).toEqual({
      allowed: false,
      cause: 'window',
      key: 'window:2026-12-02T17:00:00.000Z',
      detail: 'moves wait: outside the rollout move windows (Mon-Fri 01:00-05:00 Asia/Shanghai) until 2026-12-02T17:00:00.000Z (Thu 01:00 Asia/Shanghai)',
      text: { code: 'wait-outside-windows', params: { kind: 'rollout', windows: 'Mon-Fri 01:00-05:00', timeZone: 'Asia/Shanghai', until: '2026-12-02T17:00:00.000Z', local: 'Thu 01:00' } },
    });
    expect(windowStatus(windows, 'rollout', now)).toEqual({ allowedNow: false, nextOpening: '2026-12-02T17:00:00.000Z', openUntil: null });
  });

  it('a freeze wins over an open window', () => {
    const gate = moveGate('rollout', { freeze: applyFreeze({ frozen: true, reason: 'incident' }, 'alice', now), windows }, new Date('2026-12-01T18:00:00Z'));
    expect(gate.allowed === false && gate.cause).toBe('frozen');
  });
});

describe('drain move windows', () => {
  it('are their own choice: rollout windows do not hold drains back, drain windows do', () => {
    const tuesdayNoon = new Date('2026-11-24T12:00:00Z');
    const rolloutsAtNight = { timeZone: 'UTC', rollout: ['daily 01:00-05:00'] };
    expect(moveGate('rollout', { freeze: NOT_FROZEN, windows: rolloutsAtNight }, tuesdayNoon).allowed).toBe(false);
    expect(moveGate('drain', { freeze: NOT_FROZEN, windows: rolloutsAtNight }, tuesdayNoon)).toEqual({ allowed: true });
    const drainsOnSaturday = { ...rolloutsAtNight, drain: ['Sat 00:00-24:00'] };
    // steering is a kind of its own: the drain windows do not hold it back, its own do
    expect(moveGate('steering', { freeze: NOT_FROZEN, windows: drainsOnSaturday }, tuesdayNoon)).toEqual({ allowed: true });
    expect(moveGate('steering', { freeze: NOT_FROZEN, windows: { ...drainsOnSaturday, steering: ['Sat 00:00-24:00'] } }, tuesdayNoon)).toMatchObject({ allowed: false, cause: 'window', detail: expect.stringContaining('outside the steering move windows') });
    expect(moveGate('drain', { freeze: NOT_FROZEN, windows: drainsOnSaturday }, tuesdayNoon)).toMatchObject({ allowed: false, cause: 'window', detail: expect.stringContaining('outside the drain move windows (Sat 00:00-24:00 UTC) until 2026-11-28T00:00:00.000Z') });
  });
});
