// The controller's texts as codes: each code's message in both languages asks for exactly the
// params the catalogue names, a row is said from its code (null: unbound; outcome, status and kind
// by messages of their own), and a row without a known code falls back to its English detail.
import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { MOVE_FAILED_OUTCOMES, reasonRow, ROLLOUT_TEXT_CODES, sayRolloutText, wordsOf, type RolloutTextCode } from './rollout-texts.ts';
import { said } from '../jobs/rollout-texts.ts';
import { messageArguments } from '../i18n/message-args.ts';

const EN = wordsOf(en.rolloutTexts);
const ZH = wordsOf(zh.rolloutTexts);
const args = (m: string | undefined) => [...messageArguments(m ?? '')].sort();

describe('rollout texts as codes', () => {
  it.each(Object.keys(ROLLOUT_TEXT_CODES) as RolloutTextCode[])('%s: its message in en and zh-CN names exactly its params', (code) => {
    const declared = ROLLOUT_TEXT_CODES[code];
    expect(args(EN(code)), `en ${code}`).toEqual([...declared].sort());
    expect(args(ZH(code)), `zh-CN ${code}`).toEqual([...declared].sort());
  });

  it.each(Object.keys(MOVE_FAILED_OUTCOMES) as (keyof typeof MOVE_FAILED_OUTCOMES)[])('outcome %s: its message in en and zh-CN names exactly its params', (o) => {
    expect(args(EN(`outcomes.${o}`))).toEqual([...MOVE_FAILED_OUTCOMES[o]].sort());
    expect(args(ZH(`outcomes.${o}`))).toEqual([...MOVE_FAILED_OUTCOMES[o]].sort());
  });

  it('says the English detail the controller wrote before the codes', () => {
    expect(said('move-made', { app: 'app-01', from: null, to: 'b:7700', status: 'moved' })).toEqual({
      code: 'move-made',
      params: { app: 'app-01', from: null, to: 'b:7700', status: 'moved' },
      detail: 'app-01: unbound → b:7700 (moved)',
    });
    expect(said('move-failed-stalled', { app: 'app-02', server: 'b:7700', seen: 1, total: 3, seconds: 95, outcome: 'back-conflict', current: 'c:7700' }).detail).toBe(
      'no further worker of app-02 reached b:7700 (1 of 3 there) within 95 s; not moved back: PowerJob re-elected it meanwhile (now c:7700)',
    );
    expect(said('hold-cordoned', { app: 'app-03', server: 'a:7700', target: 'b:7700' }).detail).toBe('app-03 stays on a:7700: b:7700 is cordoned');
    expect(said('wait-outside-windows', { kind: 'rollout', windows: 'Mon-Fri 01:00-05:00', timeZone: 'Asia/Shanghai', until: '2026-12-04T17:00:00.000Z', local: 'Fri 01:00' }).detail).toBe(
      'moves wait: outside the rollout move windows (Mon-Fri 01:00-05:00 Asia/Shanghai) until 2026-12-04T17:00:00.000Z (Fri 01:00 Asia/Shanghai)',
    );
  });

  it('says a row in Chinese: unbound, the outcome, the status and the kind in Chinese words', () => {
    expect(sayRolloutText({ code: 'move-made', params: { app: 'app-01', from: null, to: 'b:7700', status: 'conflict' } }, ZH)).toBe('app-01：未绑定 → b:7700（冲突）');
    expect(sayRolloutText({ code: 'move-failed-unseen', params: { app: 'app-02', server: 'b:7700', seconds: 95, outcome: 'moved-back', from: 'a:7700' } }, ZH)).toBe('95 秒内未在 b:7700 上看到 app-02；已迁回 a:7700');
    expect(sayRolloutText({ code: 'wait-no-window-opens', params: { kind: 'rollout', windows: 'Sat 02:00-04:00', timeZone: 'UTC' } }, ZH)).toBe('迁移等待：不在灰度发布迁移窗口内（Sat 02:00-04:00，UTC），且之后没有窗口打开');
    expect(sayRolloutText({ code: 'hold-cordoned', params: { app: 'app-03', server: null, target: 'b:7700' } }, ZH)).toBe('app-03 留在 未绑定：b:7700 已被封锁');
  });

  it('falls back (null) for an old row, an unknown code, an unknown outcome, or words without the message', () => {
    expect(sayRolloutText({ code: null, params: null }, ZH)).toBeNull();
    expect(sayRolloutText({}, ZH)).toBeNull();
    expect(sayRolloutText({ code: 'from-a-newer-version', params: {} }, ZH)).toBeNull();
    expect(sayRolloutText({ code: 'move-failed-unseen', params: { app: 'a', server: 's', seconds: 1, outcome: 'exploded' } }, ZH)).toBeNull();
    expect(sayRolloutText({ code: 'move-missing', params: {} }, wordsOf({}))).toBeNull();
  });

  it("finds the coded event a rollout's reason came from, and none for a reason no coded event says", () => {
    const failed = { detail: 'app-2 was not seen on b:7700 within 95 s; moved back to a:7700', code: 'move-failed-unseen' };
    const events = [{ detail: 'resumed', code: null }, failed, { detail: failed.detail, code: null }];
    expect(reasonRow(failed.detail, events)).toBe(failed);
    expect(reasonRow('paused by an operator', events)).toBeUndefined();
    expect(reasonRow(null, events)).toBeUndefined();
    expect(reasonRow(failed.detail, [{ detail: failed.detail, code: null }])).toBeUndefined();
  });

  it('leaves out params that are neither strings, finite numbers nor null', () => {
    expect(sayRolloutText({ code: 'move-verified', params: { app: { evil: 1 }, total: Number.NaN, server: 's:7700' } }, EN)).toBe('{app}: all {total} worker(s) seen on s:7700');
  });
});
