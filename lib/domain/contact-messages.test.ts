import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { ZERO_TIME, type NotifiedAlert } from './alert-notifications.ts';
import { asAlerts, chunkItems, dingtalkMessage, feishuMessage, fill, noticeAsAlert, wecomMessage, type MessageContext } from './contact-messages.ts';
import type { RolloutNotice } from './rollout-notices.ts';

const EN: MessageContext = { words: en.notifications, externalURL: 'http://fulcrum.test/' };
const ZH: MessageContext = { words: zh.notifications, externalURL: 'http://fulcrum.test' };

const paused: RolloutNotice = {
  type: 'rollout',
  rolloutId: 'ro-1a2b',
  rollout: 'rendezvous',
  event: 'paused',
  step: 1,
  steps: 3,
  percent: 10,
  reason: 'guardrail: maxMean 1.6 is above 1.5',
  actor: 'rollout-controller',
  at: '2026-12-01T10:00:00.000Z',
};
const started: RolloutNotice = { ...paused, event: 'started', reason: null, actor: 'alice' };
const alert: NotifiedAlert = {
  status: 'firing',
  labels: { alertname: 'apps skew', severity: 'warning', server: 'a:7700' },
  annotations: { description: 'a:7700 carries 75 %' },
  startsAt: '2026-12-01T09:58:00.000Z',
  endsAt: ZERO_TIME,
  generatorURL: 'http://fulcrum.test/alerts?rule=1',
};

describe('messages of rollout events', () => {
  it('fill() replaces the named placeholders and leaves unknown ones', () => {
    expect(fill('{a} and {b}, {c}', { a: 1, b: 'x' })).toBe('1 and x, {c}');
  });

  it('DingTalk: the event, its reason, where the rollout stands and a link to it, in English', () => {
    const m = dingtalkMessage([paused], {}, EN);
    expect(m.markdown.title).toBe('Rollout rendezvous: paused');
    expect(m.markdown.text).toBe(
      [
        '### Rollout rendezvous: paused',
        '',
        '**Rollout rendezvous: paused**',
        '> The rollout is paused: no step and no move until it is resumed.',
        '> Reason: guardrail: maxMean 1.6 is above 1.5',
        '> step 1 of 3 · 10% · by rollout-controller · 2026-12-01 10:00:00 UTC',
        '> [Open the rollout in Fulcrum](http://fulcrum.test/rollouts/ro-1a2b)',
      ].join('\n'),
    );
  });

  it('the same in Chinese, with the reason as the history has it', () => {
    const m = dingtalkMessage([paused], { keywords: ['Fulcrum'] }, ZH);
    expect(m.markdown.title).toBe('灰度发布 rendezvous：已暂停');
    expect(m.markdown.text).toContain('> 原因：guardrail: maxMean 1.6 is above 1.5');
    expect(m.markdown.text).toContain('> 第 1/3 步 · 10% · 操作者 rollout-controller · 2026-12-01 10:00:00 UTC');
    expect(m.markdown.text).toContain('[在 Fulcrum 中查看此灰度发布](http://fulcrum.test/rollouts/ro-1a2b)');
    // the keyword is in the link text: nothing is put in front
    expect(m.markdown.text.startsWith('### ')).toBe(true);
  });

  it('a failed move whose reason has a code is said in the contact point\'s language; without the texts, as the history has it', () => {
    const failed: RolloutNotice = {
      ...paused,
      event: 'move-failed',
      reason: 'app-02 was not seen on b:7700 within 95 s; moved back to a:7700',
      reasonCode: 'move-failed-unseen',
      reasonParams: { app: 'app-02', server: 'b:7700', seconds: 95, outcome: 'moved-back', from: 'a:7700' },
    };
    const zhTexts: MessageContext = { ...ZH, words: { ...zh.notifications, rolloutTexts: zh.rolloutTexts } };
    expect(dingtalkMessage([failed], {}, zhTexts).markdown.text).toContain('> 原因：95 秒内未在 b:7700 上看到 app-02；已迁回 a:7700');
    expect(wecomMessage([failed], zhTexts).markdown.content).toContain('95 秒内未在 b:7700 上看到 app-02；已迁回 a:7700');
    expect(noticeAsAlert(failed, zhTexts).annotations.reason).toBe('95 秒内未在 b:7700 上看到 app-02；已迁回 a:7700');
    // the English texts say what the history says
    expect(dingtalkMessage([failed], {}, { ...EN, words: { ...en.notifications, rolloutTexts: en.rolloutTexts } }).markdown.text).toContain(`> Reason: ${failed.reason}`);
    // words without the texts (or a code they do not know): the reason as stored
    expect(dingtalkMessage([failed], {}, ZH).markdown.text).toContain(`> 原因：${failed.reason}`);
    expect(dingtalkMessage([{ ...failed, reasonCode: 'from-a-newer-version' }], {}, zhTexts).markdown.text).toContain(`> 原因：${failed.reason}`);
  });

  it('Feishu: an orange card for a pause, blue for a start, its button to the rollout', () => {
    const card = feishuMessage([paused], ZH).card;
    expect(card.header).toEqual({ title: { tag: 'plain_text', content: '灰度发布 rendezvous：已暂停' }, template: 'orange' });
    expect(card.elements[1]).toMatchObject({ actions: [{ text: { content: '在 Fulcrum 中查看此灰度发布' }, url: 'http://fulcrum.test/rollouts/ro-1a2b' }] });
    expect(feishuMessage([started], EN).card.header.template).toBe('blue');
    expect(feishuMessage([started, alert], EN).card).toMatchObject({ header: { template: 'red' }, elements: [{}, { actions: [{ url: 'http://fulcrum.test/alerts' }] }] });
  });

  it('WeCom: the event coloured as a warning, several events of one rollout under one heading', () => {
    const m = wecomMessage([started, paused], EN).markdown.content;
    expect(m.split('\n')[0]).toBe('## Rollout rendezvous: started and 1 more');
    expect(m).toContain('<font color="info">Rollout rendezvous: started</font>');
    expect(m).toContain('<font color="warning">Rollout rendezvous: paused</font>');
  });

  it('webhook and Alertmanager kinds get an event as a FulcrumRollout alert', () => {
    expect(noticeAsAlert(paused, EN)).toEqual({
      status: 'firing',
      labels: { alertname: 'FulcrumRollout', severity: 'warning', rollout: 'rendezvous', rollout_id: 'ro-1a2b', event: 'paused' },
      annotations: {
        summary: 'Rollout rendezvous: paused',
        description: 'The rollout is paused: no step and no move until it is resumed. Reason: guardrail: maxMean 1.6 is above 1.5',
        step: '1/3',
        percent: '10',
        actor: 'rollout-controller',
        reason: 'guardrail: maxMean 1.6 is above 1.5',
      },
      startsAt: paused.at,
      endsAt: ZERO_TIME,
      generatorURL: 'http://fulcrum.test/rollouts/ro-1a2b',
    });
    expect(asAlerts([alert, started], EN).map((a) => a.labels.alertname)).toEqual(['apps skew', 'FulcrumRollout']);
  });
});

describe('messages of alerts, in each language', () => {
  it('English keeps the words it had; Chinese says them in Chinese; the [FIRING:n] title stays', () => {
    const e = dingtalkMessage([alert], {}, EN).markdown.text;
    expect(e).toContain('**FIRING** · **apps skew** · a:7700\n> a:7700 carries 75 %\n> severity warning · since 2026-12-01 09:58:00 UTC\n> [Open in Fulcrum](http://fulcrum.test/alerts?rule=1)');
    expect(e.endsWith('[Fulcrum alerts](http://fulcrum.test/alerts)')).toBe(true);
    const z = dingtalkMessage([alert], {}, ZH);
    expect(z.markdown.title).toBe('[FIRING:1] apps skew');
    expect(z.markdown.text).toContain('**告警** · **apps skew** · a:7700\n> a:7700 carries 75 %\n> 级别 warning · 开始于 2026-12-01 09:58:00 UTC\n> [在 Fulcrum 中查看]');
  });

  it('chunks alerts and events alike by the bytes their text takes', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...paused, at: `2026-12-01T10:${String(i).padStart(2, '0')}:00.000Z` }));
    const runs = chunkItems([alert, ...many], 'wecom', ZH);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(61);
    expect(runs.length).toBeGreaterThan(1);
    let at = 0;
    for (const n of runs) {
      const items = [alert, ...many].slice(at, at + n);
      expect(new TextEncoder().encode(wecomMessage(items, ZH).markdown.content).length, 'a WeCom message within 4096 bytes').toBeLessThanOrEqual(4096);
      at += n;
    }
  });
});
