// What the alert routes answer: rules with their current state (and their creation, edits and
// removal), backtests over the stored series, the 409 of a stale edit, history, contact-point tests.
import { z } from 'zod';
import type { RuleBody, ruleUpdateBody } from '../domain/alert-rules.ts';
import { backtest, isSeriesMetric } from '../domain/alert-series.ts';
import { ZERO_TIME } from '../domain/alert-notifications.ts';
import { formatMatchers } from '../domain/matchers.ts';
import { matches, silenceActive, type Matcher } from '../domain/silences.ts';
import { DEFAULT_MIX, type MixWeights } from '../domain/fairness.ts';
import type { AlertInstanceView, ContactPoint, SilenceView, StoredRule } from '../store/index.ts';
import type { Runtime } from '../runtime.ts';
import { alertLabels } from '../jobs/alerts.ts';
import { sendMessage } from '../jobs/contact-delivery.ts';
import { orNotFound, PROBLEM_CONTENT_TYPE, problem } from '../domain/problem.ts';
import type { alertHistoryQuery } from './schemas.ts';
import { principalOf } from './principal.ts';
import { roleAllows } from '../domain/access.ts';
import { redactWebhookUrl } from '../domain/redact.ts';

const STATE_RANK: Record<string, number> = { firing: 4, nodata: 3, pending: 2, resolved: 1, inactive: 0 };

export function ruleView(rule: StoredRule<RuleBody>, instances: readonly AlertInstanceView[] = [], lastChange: string | null = null) {
  const mine = instances.filter((i) => i.ruleId === rule.id);
  const worst = mine.reduce<AlertInstanceView | null>((w, i) => (!w || STATE_RANK[i.state]! > STATE_RANK[w.state]! ? i : w), null);
  return {
    id: rule.id,
    version: rule.version,
    ...rule.rule,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
    updatedBy: rule.updatedBy,
    status: {
      state: worst?.state ?? 'inactive',
      value: worst?.value ?? null,
      instances: mine.length,
      firing: mine.filter((i) => i.state === 'firing').length,
      lastChange,
    },
  };
}

export async function listRuleViews(runtime: Runtime) {
  const [rules, active, inactive, history] = await Promise.all([
    runtime.store.listAlertRules(),
    runtime.store.listAlertInstances(),
    runtime.store.listAlertInstances({ state: 'inactive' }),
    runtime.store.listAlertTransitions({ limit: 1000 }),
  ]);
  const last = new Map<number, string>();
  for (const t of history) if (!last.has(t.ruleId)) last.set(t.ruleId, t.at);
  const instances = [...active, ...inactive];
  return rules.map((r) => ruleView(r, instances, last.get(r.id) ?? null));
}

export async function ruleViewOf(runtime: Runtime, rule: StoredRule<RuleBody>) {
  const [instances, history] = await Promise.all([
    runtime.store.listAlertInstances({ ruleId: rule.id }),
    runtime.store.listAlertTransitions({ ruleId: rule.id, limit: 1 }),
  ]);
  return ruleView(rule, instances, history[0]?.at ?? null);
}

const NO_SUCH_RULE = 'no such alert rule';

export async function findRule(runtime: Runtime, id: number): Promise<StoredRule<RuleBody>> {
  return orNotFound(await runtime.store.getAlertRule(id), NO_SUCH_RULE);
}

export async function addRule(runtime: Runtime, body: RuleBody, actor: string): Promise<StoredRule<RuleBody>> {
  return runtime.store.createAlertRule(body, actor, runtime.now());
}

/** Replaces a rule when `version` is current; otherwise the 409 with the current rule and what differs. */
export async function replaceRule(runtime: Runtime, id: number, body: z.infer<typeof ruleUpdateBody>, actor: string): Promise<{ before: StoredRule<RuleBody>; updated: StoredRule<RuleBody> } | { conflict: Response }> {
  const { version, ...rule } = body;
  const result = orNotFound(await runtime.store.updateAlertRule(id, version, rule, actor, runtime.now()), NO_SUCH_RULE);
  if ('conflict' in result) return { conflict: conflictResponse(await ruleViewOf(runtime, result.conflict), rule, result.conflict.rule, version) };
  return result;
}

/** Removes a rule (its history stays); answers what it was. */
export async function removeRule(runtime: Runtime, id: number): Promise<StoredRule<RuleBody>> {
  return orNotFound(await runtime.store.deleteAlertRule(id), NO_SUCH_RULE);
}

/** Every transition of every instance, newest first, with the value that caused it. */
export async function alertHistory(runtime: Runtime, query: z.infer<typeof alertHistoryQuery>) {
  return { transitions: await runtime.store.listAlertTransitions(query) };
}

/** Top-level fields whose values differ between two rule bodies. */
export function changedFields(a: RuleBody, b: RuleBody): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k as keyof RuleBody]) !== JSON.stringify(b[k as keyof RuleBody])).sort();
}

/** 409 for a stale edit: the current rule and which fields differ from what was sent. */
export function conflictResponse(current: ReturnType<typeof ruleView>, sent: RuleBody, currentBody: RuleBody, basedOn: number): Response {
  const body = {
    ...problem(409, `the rule changed since version ${basedOn} (now version ${current.version}, by ${current.updatedBy}); nothing was saved`),
    current,
    changed: changedFields(sent, currentBody),
  };
  return new Response(JSON.stringify(body), { status: 409, headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' } });
}

export const BACKTEST_RANGES = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000 } as const;
export const backtestQuery = z.object({ range: z.enum(['1h', '6h', '24h']).default('24h') }).strict();

export async function backtestFor(runtime: Runtime, rule: RuleBody, range: keyof typeof BACKTEST_RANGES) {
  const to = runtime.now().getTime();
  const from = to - BACKTEST_RANGES[range];
  if (!isSeriesMetric(rule.series.metric)) {
    return { range, from, to, supported: false as const, reason: `${rule.series.metric} is read from the current bindings, not kept as a series`, fired: null, evaluations: 0, firingEvaluations: 0, series: [], firings: [] };
  }
  const started = performance.now();
  const [moments, mix] = await Promise.all([runtime.store.sampleMoments(new Date(from), new Date(to)), runtime.store.getSetting<MixWeights>('mix_weights')]);
  const sampleMs = runtime.config.FULCRUM_SAMPLE_INTERVAL;
  const result = backtest(rule, moments, { from, to, gapMs: 2 * sampleMs + runtime.config.FULCRUM_ALERT_EVAL_INTERVAL, maxPoints: 360, mix: mix ?? DEFAULT_MIX });
  return { range, from, to, supported: true as const, moments: moments.length, ms: Math.round(performance.now() - started), ...result };
}

/** Sends a test notification straight to a contact point (not through the outbox, not counted against its rate limit). */
export async function testContactPoint(runtime: Runtime, cp: ContactPoint) {
  const now = runtime.now();
  const external = runtime.config.FULCRUM_PUBLIC_URL ?? `http://localhost:${runtime.config.PORT}`;
  const [target] = await runtime.store.contactTargets({ id: cp.id });
  if (!target) return { answer: { ok: false, error: 'no such contact point', ms: null }, detail: 'failed: deleted meanwhile' };
  const alert = {
    status: 'firing' as const,
    labels: { alertname: 'FulcrumTestNotification', severity: 'info' },
    annotations: { description: `A test notification from Fulcrum to the contact point "${cp.name}".` },
    startsAt: now.toISOString(),
    endsAt: ZERO_TIME,
    generatorURL: `${external.replace(/\/$/, '')}/alerts`,
  };
  const started = performance.now();
  // an Alertmanager keeps the test alert for a minute only
  const error = await sendMessage(target, [alert], { externalUrl: external, now, timeoutMs: 5_000, validForMs: 60_000 });
  const ms = Math.round(performance.now() - started);
  // the caller learns only delivered or not: how it failed (refused, timed out, an HTTP status)
  // would map the network behind the console; that detail goes to the audit log
  return error === null ? { answer: { ok: true, error: null, ms }, detail: 'delivered' } : { answer: { ok: false, error: 'the receiver did not take the test notification (the audit log has the reason)', ms: null }, detail: `failed: ${error}` };
}

/** The labels a notification of this instance carries, and the active silences that cover it now. */
function silencing(rules: ReadonlyMap<number, StoredRule<RuleBody>>, silences: readonly SilenceView[], now: number) {
  const active = silences.filter((s) => silenceActive({ ...s, startsAt: Date.parse(s.startsAt), endsAt: Date.parse(s.endsAt) }, now));
  return (i: AlertInstanceView) => {
    const rule = rules.get(i.ruleId);
    const labels = rule ? alertLabels(rule, i.labels) : { alertname: i.ruleName, ...i.labels };
    const by = active.filter((s) => matches(s.matchers, labels)).map((s) => s.id);
    return { labels, silencedBy: by };
  };
}

/** Alert instances for GET /api/alerts, each saying whether a silence covers it now. */
export async function alertViews(runtime: Runtime, filter: { ruleId?: number; state?: AlertInstanceView['state'] }) {
  const now = runtime.now();
  const [instances, rules, silences] = await Promise.all([runtime.store.listAlertInstances(filter), runtime.store.listAlertRules(), runtime.store.listSilences(now)]);
  const of = silencing(new Map(rules.map((r) => [r.id, r as StoredRule<RuleBody>])), silences, now.getTime());
  return instances.map((i) => {
    const { silencedBy } = of(i);
    return { ...i, silenced: silencedBy.length > 0, silencedBy };
  });
}

/** The active alerts (pending, firing, no data) a silence with these matchers would cover, with the labels it was matched on. */
export async function previewSilence(runtime: Runtime, matchers: readonly Matcher[]) {
  const [instances, rules] = await Promise.all([runtime.store.listAlertInstances(), runtime.store.listAlertRules()]);
  const byId = new Map(rules.map((r) => [r.id, r as StoredRule<RuleBody>]));
  const active = instances.filter((i) => i.state === 'firing' || i.state === 'pending' || i.state === 'nodata');
  const matched = active
    .map((i) => ({ i, labels: byId.has(i.ruleId) ? alertLabels(byId.get(i.ruleId)!, i.labels) : { alertname: i.ruleName, ...i.labels } }))
    .filter(({ labels }) => matches(matchers, labels))
    .map(({ i, labels }) => ({ ruleId: i.ruleId, ruleName: i.ruleName, key: i.key, state: i.state, value: i.value, labels }));
  return { matchers, text: formatMatchers(matchers), active: active.length, alerts: matched };
}

/** A contact point as the caller may see it: never its secret; the webhook URL (which may carry a robot token) only for operators and admins. */
export function contactPointView(cp: ContactPoint, request: Request): ContactPoint {
  const p = principalOf(request);
  return p && roleAllows(p.role, 'operator') ? cp : { ...cp, url: redactWebhookUrl(cp.url) };
}

/** A contact point as the audit log keeps it (viewers read the log): its URL redacted. */
export const auditedContactPoint = (cp: ContactPoint): ContactPoint => ({ ...cp, url: redactWebhookUrl(cp.url) });
