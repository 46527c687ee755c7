// Rollout events reach the contact points the rollout chose, through the alert outbox and its
// notifier, over real HTTP to loopback robots that check the vendors' signatures and shapes
// (robot-test-support.ts), each in its contact point's language. A rollout starts (an operator),
// reaches its next step (its timed pause ends) and is paused by an alert guardrail (the controller),
// on PGlite and, with TEST_DATABASE_URL, PostgreSQL. The outbox rows are written with the
// transitions: they outlive a restart of the store before anything was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, newRollout, rolloutSpec } from '../domain/rollout.ts';
import type { RateWindow } from '../domain/contact-messages.ts';
import type { Store } from '../store/index.ts';
import { storeTargets, type StoreTarget } from '../store/test-support.ts';
import { deliverNotifications } from './alerts.ts';
import { createRolloutController } from './rollout-controller.ts';
import { robot, ROBOT_SECRET } from './robot-test-support.ts';
import { said } from './rollout-texts.ts';

const OPTIONS = { externalUrl: 'http://fulcrum.test', retryBaseMs: 1_000, retryCapMs: 4_000, retryForMs: 3_600_000, timeoutMs: 5_000 };

describe.each(storeTargets().map((t) => [t.name, t] as const))('rollout events to contact points (%s)', (_name, target: StoreTarget) => {
  let env: Awaited<ReturnType<StoreTarget['create']>>;
  let store: Store;
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const robots: Awaited<ReturnType<typeof robot>>[] = [];
  beforeAll(async () => {
    env = await target.create();
    store = env.store;
  });
  afterAll(async () => {
    for (const r of robots) await r.close();
    await env?.dispose();
  });

  /** Delivers the outbox until `done` holds, on the test's clock (a second a round); fails saying what it waited for. */
  async function deliverUntil(done: () => boolean, what: string) {
    for (let i = 0; i < 60 && !done(); i++) {
      clock += 1_000;
      await deliverNotifications(store, new Date(clock), OPTIONS, windows);
    }
    expect(done(), `waited 60 delivery rounds for ${what}`).toBe(true);
  }
  const windows = new Map<number, RateWindow>();

  it('started, step reached and paused by a guardrail (with its reason) reach DingTalk and WeCom in Chinese, Feishu in English; an unchosen robot gets nothing', { timeout: 120_000 }, async () => {
    const ding = await robot('dingtalk', () => clock);
    const feishu = await robot('feishu', () => clock);
    const wecom = await robot('wecom', () => clock);
    const other = await robot('wecom', () => clock);
    robots.push(ding, feishu, wecom, other);
    const at = () => new Date(clock);
    const d = (await store.createContactPoint({ name: 'ops-dingtalk', kind: 'dingtalk', url: ding.url, enabled: true, settings: { keywords: ['Fulcrum告警'], atMobiles: ['13800000000'] }, secret: ROBOT_SECRET, language: 'zh-CN' }, at()))!;
    const f = (await store.createContactPoint({ name: 'ops-feishu', kind: 'feishu', url: feishu.url, enabled: true, secret: ROBOT_SECRET, language: 'en' }, at()))!;
    // no language given: the default, Chinese
    const w = (await store.createContactPoint({ name: 'ops-wecom', kind: 'wecom', url: wecom.url, enabled: true }, at()))!;
    await store.createContactPoint({ name: 'not-chosen', kind: 'wecom', url: other.url, enabled: true }, at());
    expect(w.language).toBe('zh-CN');

    const spec = rolloutSpec.parse({
      name: 'rendezvous-gray',
      candidate: { kind: 'rendezvous', params: {} },
      steps: [
        { percent: 10, pause: { seconds: 30 } },
        { percent: 50, pause: { manual: true } },
      ],
      guardrails: [{ kind: 'alert', ruleId: '7', action: 'pause' }],
      notify: { contactPoints: [d.id, f.id, w.id] },
    });
    await store.createRollout(newRollout('ro-notify', spec), 'alice', at());
    // an operator starts it, as POST /api/rollouts/{id}/start does
    const draft = (await store.getRollout('ro-notify'))!;
    const started = advance(draft, { type: 'start' }, at());
    if (!started.ok) throw new Error(started.reason);
    expect(await store.saveRolloutTransition(started.rollout, draft.revision, started.transition!, 'alice', at())).toBe(true);
    await deliverUntil(() => ding.messages.length >= 1 && feishu.messages.length >= 1 && wecom.messages.length >= 1, 'the start at the three robots');

    let firing = new Set<string>();
    const controller = createRolloutController({ store, actuator: null, planMoves: null, firingRuleIds: async () => firing });
    // the timed pause ends: the controller moves it to its next step
    clock += 31_000;
    expect((await controller.tick(at())).transitions).toBe(1);
    await deliverUntil(() => ding.messages.length >= 2 && feishu.messages.length >= 2 && wecom.messages.length >= 2, 'the step at the three robots');

    // the guardrail's rule fires: paused, and the store restarts before anything is sent
    firing = new Set(['7']);
    clock += 10_000;
    expect((await controller.tick(at())).transitions).toBe(1);
    expect((await store.getRollout('ro-notify'))!.state).toBe('paused');
    expect((await store.outboxCounts()).pending, 'the pause queued for the three contact points').toBe(3);
    store = await env.reopen();
    await deliverUntil(() => ding.messages.length >= 3 && feishu.messages.length >= 3 && wecom.messages.length >= 3, 'the pause at the three robots after a restart');

    for (const rx of [ding, feishu, wecom]) expect(rx.refusals, 'the robots refused nothing').toEqual([]);
    expect(other.messages, 'a robot the rollout did not choose').toEqual([]);
    const link = 'http://fulcrum.test/rollouts/ro-notify';
    const texts = (rx: typeof ding) => rx.messages.map((m) => m.text);
    for (const rx of [ding, wecom]) {
      const [s, step, paused] = texts(rx);
      expect(s).toContain('灰度发布 rendezvous-gray：已开始');
      expect(s).toContain('第 1/2 步 · 10% · 操作者 alice');
      expect(step).toContain('灰度发布 rendezvous-gray：进入新的步骤');
      expect(step).toContain('灰度组扩大到 50%。');
      expect(step).toContain('操作者 system:rollout-controller');
      expect(paused).toContain('灰度发布 rendezvous-gray：已暂停');
      // the guardrail's reason by its code, in Chinese too (issue 21, 0021)
      expect(paused).toContain('原因：护栏：告警规则 7 正在触发');
      for (const t of [s, step, paused]) expect(t).toContain(`(${link})`);
    }
    const [s, step, paused] = texts(feishu);
    expect(s).toContain('Rollout rendezvous-gray: started');
    expect(step).toContain('The cohort grew to 50%.');
    expect(paused).toContain('Reason: guardrail: alert rule 7 is firing');
    const card = feishu.messages[2]!.body.card as { header: { template: string; title: { content: string } }; elements: { actions?: { url: string }[] }[] };
    expect(card.header).toEqual({ title: { tag: 'plain_text', content: 'Rollout rendezvous-gray: paused' }, template: 'orange' });
    expect(card.elements[1]!.actions![0]!.url).toBe(link);
    // every row sent once, none left
    expect(await store.outboxCounts()).toMatchObject({ pending: 0, failed: 0, sent: 9 });
  });

  it('a rollout with no contact points, or with the events it tells narrowed, queues only those', { timeout: 60_000 }, async () => {
    const before = (await store.outboxCounts()).sent;
    const cp = (await store.listContactPoints()).find((c) => c.name === 'ops-wecom')!;
    const make = async (id: string, notify?: unknown) => {
      await store.createRollout(newRollout(id, rolloutSpec.parse({ name: id, candidate: { kind: 'rendezvous', params: {} }, steps: [{ percent: 100, pause: { manual: true } }], ...(notify ? { notify } : {}) })), 'alice', new Date(clock));
      for (const type of ['start', 'pause', 'abort'] as const) {
        const r = (await store.getRollout(id))!;
        const out = advance(r, { type }, new Date(clock));
        if (!out.ok) throw new Error(out.reason);
        await store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'alice', new Date(clock));
      }
    };
    await make('ro-silent');
    await make('ro-aborts-only', { contactPoints: [cp.id], events: ['aborted'] });
    const counts = await store.outboxCounts();
    expect(counts.pending + counts.sent - before, 'rows queued: the abort of ro-aborts-only only').toBe(1);
  });

  it('a failed move of a rollout that keeps balancing is queued with the move\'s record', { timeout: 60_000 }, async () => {
    const cp = (await store.listContactPoints()).find((c) => c.name === 'ops-wecom')!;
    const spec = rolloutSpec.parse({ name: 'standing', candidate: { kind: 'rendezvous', params: {} }, steps: [{ percent: 100, pause: { manual: true } }], moves: { enabled: true, keepBalanced: true }, notify: { contactPoints: [cp.id], events: ['move-failed'] } });
    await store.createRollout(newRollout('ro-standing', spec), 'alice', new Date(clock));
    for (const e of [{ type: 'start' as const }, { type: 'promote-full' as const, confirm: true }]) {
      const r = (await store.getRollout('ro-standing'))!;
      const out = advance(r, e, new Date(clock));
      if (!out.ok) throw new Error(out.reason);
      await store.saveRolloutTransition(out.rollout, r.revision, out.transition!, 'alice', new Date(clock));
    }
    const r = (await store.getRollout('ro-standing'))!;
    expect(r.state).toBe('balancing');
    const before = await store.outboxCounts();
    // as the controller records it (lib/jobs/rollout-controller.ts): the event with the move's failure, its code and params, in one transaction
    const failure = said('move-failed-unseen', { app: 'app-3', server: 'b:7700', seconds: 95, outcome: 'moved-back', from: 'a:7700' });
    expect(failure.detail).toBe('app-3 was not seen on b:7700 within 95 s; moved back to a:7700');
    await store.recordMoveWithHistory({
      event: { rolloutId: r.id, at: new Date(clock), actor: 'system:rollout-controller', action: 'move-failed', fromState: r.state, toState: r.state, step: r.step, percent: r.percent, ...failure },
    });
    // a move of the same rollout tells nothing
    await store.recordMoveWithHistory({ event: { rolloutId: r.id, at: new Date(clock), actor: 'system:rollout-controller', action: 'move', fromState: r.state, toState: r.state, step: r.step, percent: r.percent, detail: 'app-4: a → b (moved)' } });
    const after = await store.outboxCounts();
    expect(after.pending - before.pending, 'queued: the failed move only').toBe(1);
    const wecom = robots[2]!;
    const seen = wecom.messages.length;
    await deliverUntil(() => wecom.messages.length > seen, 'the failed move at the WeCom robot');
    expect(wecom.messages.at(-1)!.text).toContain('灰度发布 standing：一次迁移失败');
    // the WeCom robot's contact point is zh-CN: the reason is said from its code, in Chinese
    expect(wecom.messages.at(-1)!.text).toContain('原因：95 秒内未在 b:7700 上看到 app-3；已迁回 a:7700');
    // and the stored event keeps the code beside its English detail
    const [stored] = (await store.listRolloutEvents(r.id)).filter((e) => e.action === 'move-failed');
    expect([stored?.code, stored?.params, stored?.detail]).toEqual([failure.code, failure.params, failure.detail]);
  });
});
