import { describe, expect, it } from 'vitest';
import { applyFreeze, freezeBody, moveGate, NOT_FROZEN } from './maintenance.ts';

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
    expect(moveGate('rollout', { freeze: NOT_FROZEN })).toEqual({ allowed: true });
    expect(moveGate('rollout', { freeze: applyFreeze({ frozen: false, reason: 'done' }, 'bob', now) })).toEqual({ allowed: true });
  });

  it('stops them while frozen, saying by whom and why, with a key per freeze', () => {
    const freeze = applyFreeze({ frozen: true, reason: 'PowerJob upgrade' }, 'alice', now);
    expect(freeze).toEqual({ frozen: true, by: 'alice', at: '2026-12-02T14:00:00.000Z', reason: 'PowerJob upgrade' });
    const gate = moveGate('rollout', { freeze });
    expect(gate).toEqual({ allowed: false, cause: 'frozen', key: 'freeze:2026-12-02T14:00:00.000Z', detail: 'moves wait: frozen by alice at 2026-12-02T14:00:00.000Z: PowerJob upgrade' });
    const later = moveGate('rollout', { freeze: applyFreeze({ frozen: true, reason: 'again' }, 'alice', new Date(now.getTime() + 1000)) });
    expect(later.allowed === false && later.key).not.toBe(gate.allowed === false && gate.key);
  });
});
