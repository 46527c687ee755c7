// The controller's texts as codes: each code's message in both languages asks for exactly the
// params the catalogue names, a row is said from its code (null: unbound; outcome, status and kind
// by messages of their own), and a row without a known code falls back to its English detail.
import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { MOVE_FAILED_OUTCOMES, reasonRow, ROLLOUT_TEXT_CODES, sayRolloutText, wordsOf, type RolloutText, type RolloutTextCode } from './rollout-texts.ts';
import { advance, evaluateGuardrails, newRollout, rolloutSpec, type Rollout, type RolloutEvent } from './rollout.ts';
import { jobFailureVerdict } from './job-guardrail.ts';
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

describe("a rollout's own texts (its changes and the reasons it pauses for)", () => {
  const base = rolloutSpec.parse({ name: 'r', candidate: { kind: 'bounded-load' }, steps: [{ percent: 10, pause: { seconds: 60 } }, { percent: 100, pause: { manual: true } }] });
  const balancing = rolloutSpec.parse({ ...base, moves: { enabled: true, keepBalanced: true } });
  const t0 = new Date('2026-12-04T00:00:00Z');
  const alert = { kind: 'alert', ruleId: '7', action: 'pause' } as const;
  const fairness = { kind: 'fairness', metric: 'maxMean', threshold: 1.5, action: 'abort' } as const;
  const jobs = jobFailureVerdict([
    { appId: 1, name: 'orders', before: { runs: 40, bad: 0 }, after: { runs: 8, bad: 2 } },
    ...Array.from({ length: 6 }, (_, i) => ({ appId: 10 + i, name: `app-${i}`, before: { runs: 10, bad: 0 }, after: { runs: 10, bad: 3 } })),
  ])!;
  const english = /\b(guardrail|jobs|fail(ed)?|runs|lost|since|before|paused|aborted|above|below|operator|started|promoted|step|completed|resumed|stopped|cohort|baseline|and|more)\b/i;

  /** every transition of a walk through the states, with the rollout it leads to */
  function walk(): { detail: string; text?: RolloutText; reason: string | null; reasonText?: RolloutText | null }[] {
    const out: { detail: string; text?: RolloutText; reason: string | null; reasonText?: RolloutText | null }[] = [];
    const go = (r: Rollout, e: RolloutEvent, s = 0): Rollout => {
      const a = advance(r, e, new Date(t0.getTime() + s * 1000));
      if (!a.ok) throw new Error(a.reason);
      if (a.transition) out.push({ detail: a.transition.detail, text: a.transition.text, reason: a.rollout.reason, reasonText: a.rollout.reasonText });
      return a.rollout;
    };
    let r = go(newRollout('r1', base), { type: 'start' });
    r = go(r, { type: 'pause' });
    r = go(r, { type: 'resume' });
    r = go(r, { type: 'tick' }, 61);
    r = go(r, { type: 'abort' });
    r = go(r, { type: 'retry' });
    r = go(r, { type: 'tick', fired: { action: 'pause', reason: 'guardrail: alert rule 7 is firing', text: { code: 'guardrail-alert', params: { rule: '7' } }, guardrail: alert } });
    r = go(r, { type: 'promote' });
    go(r, { type: 'promote-full', confirm: true });
    const evaluated = evaluateGuardrails([fairness], new Set(), { maxMean: 1.83333, cv: 0, gini: 0, jain: 1 })!;
    go(go(newRollout('r2', base), { type: 'start' }), { type: 'tick', fired: evaluated });
    const jobsFired = evaluateGuardrails([{ kind: 'jobs', action: 'pause' }], new Set(), null, jobs)!;
    go(go(newRollout('r3', base), { type: 'start' }), { type: 'tick', fired: jobsFired });
    go(go(go(newRollout('r4', balancing), { type: 'start' }), { type: 'promote-full', confirm: true }), { type: 'stop' });
    return out;
  }

  it('gives every change the controller makes a code whose English is its detail, and the reason one whose English is the reason', () => {
    const all = walk();
    expect(all.length).toBeGreaterThan(10);
    for (const t of all) {
      expect(t.text, t.detail).toBeDefined();
      expect(sayRolloutText(t.text!, EN)).toBe(t.detail);
      if (t.reasonText) expect(sayRolloutText(t.reasonText, EN)).toBe(t.reason);
    }
    const reasons = all.filter((t) => t.reasonText).map((t) => t.reason);
    expect(reasons).toEqual(expect.arrayContaining(['paused by an operator', 'aborted by an operator', 'guardrail: alert rule 7 is firing', 'guardrail: maxMean 1.833 is above 1.5', jobs.reason]));
  });

  it('says them all in Chinese, with no English reason words', () => {
    for (const t of walk()) {
      const zh = sayRolloutText(t.text!, ZH)!;
      expect(zh, t.detail).not.toMatch(english);
      if (t.reasonText) expect(sayRolloutText(t.reasonText, ZH), t.reason ?? '').not.toMatch(english);
    }
    expect(sayRolloutText(jobs.text, ZH)).toBe(
      `护栏：已迁移应用的任务失败：app-0 迁移后 10 次运行中有 3 次失败或丢失（迁移前：10 次中 0 次）；app-1 迁移后 10 次运行中有 3 次失败或丢失（迁移前：10 次中 0 次）；app-2 迁移后 10 次运行中有 3 次失败或丢失（迁移前：10 次中 0 次）；app-3 迁移后 10 次运行中有 3 次失败或丢失（迁移前：10 次中 0 次）；app-4 迁移后 10 次运行中有 3 次失败或丢失（迁移前：10 次中 0 次）；另有 2 个`,
    );
    expect(sayRolloutText({ code: 'guardrail-aborted', params: { reason: { code: 'guardrail-fairness', params: { metric: 'maxMean', value: 1.833, op: 'above', threshold: 1.5 } } } }, ZH)).toBe('护栏：最大/平均 为 1.833，高于 1.5；已中止');
  });

  it("keeps an operator's own reason as written, with no code", () => {
    const started = advance(newRollout('r', base), { type: 'start' }, t0);
    if (!started.ok) throw new Error(started.reason);
    const r = advance(started.rollout, { type: 'pause', reason: 'waiting for the DBA' }, t0);
    expect(r.ok && [r.rollout.reason, r.rollout.reasonText, r.transition?.text]).toEqual(['waiting for the DBA', null, undefined]);
    const a = advance(started.rollout, { type: 'abort', reason: 'wrong cohort' }, t0);
    expect(a.ok && sayRolloutText(a.transition!.text!, ZH)).toBe('wrong cohort；灰度组回到基线策略，已迁移的应用迁回');
  });

  it('does not say a text whose inner text it cannot say (the English detail is shown instead)', () => {
    expect(sayRolloutText({ code: 'guardrail-paused', params: { reason: { code: 'from-a-newer-version', params: {} } } }, ZH)).toBeNull();
    expect(sayRolloutText({ code: 'guardrail-jobs', params: { apps: [{ code: 'job-app-failing', params: {} }, 'not a text'] } }, EN)).toBeNull();
  });
});
