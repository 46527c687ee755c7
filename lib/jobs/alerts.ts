// The alert jobs: the evaluator (every FULCRUM_ALERT_EVAL_INTERVAL, on the stored series) and the
// notifier (delivers the outbox to every kind of contact point, retrying with capped backoff, within
// each chat robot's rate limit), and the re-sender that keeps Alertmanager contact points current.
import { notificationOf, renderTemplate, type RuleBody } from '../domain/alert-rules.ts';
import { evaluateRule, isSeriesMetric, observeApps, observeSamples, type InstanceObservation } from '../domain/alert-series.ts';
import { groupForDelivery, repeatDue, retryDelayMs, ZERO_TIME, type NotifiedAlert } from '../domain/alert-notifications.ts';
import { chunkItems, isChatKind, RATE_LIMITS, RateWindow } from '../domain/contact-messages.ts';
import { sendMessage, wordsFor } from './contact-delivery.ts';
import { DEFAULT_MIX, type MixWeights } from '../domain/fairness.ts';
import { isSilenced } from '../domain/silences.ts';
import type { DueNotification, EvaluationResult, KnownInstance, StoredRule, Store } from '../store/index.ts';
import type { Job } from './runner.ts';

export interface AlertJobOptions {
  evalIntervalMs: number;
  /** how far back the newest stored sample may lie before a rule has no data */
  sampleWindowMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** a notification still undelivered this long after it was queued is given up (status failed) */
  retryForMs: number;
  externalUrl: string;
  timeoutMs?: number;
  /** transitions (and ended silences) are kept this long */
  historyMs: number;
  /** a firing instance is told again this often (Alertmanager's repeat_interval); 0 or absent: never */
  repeatMs?: number;
  /** how often Alertmanager contact points are sent the firing alerts again (Prometheus's resend delay, 1 m) */
  alertmanagerResendMs?: number;
  /** how long a firing alert sent to an Alertmanager stays valid: 4 × max(resend, evaluation interval), as Prometheus */
  alertmanagerValidForMs?: number;
}

/** The labels a notification carries: alertname, severity, the rule's labels, the instance's. */
export function alertLabels(rule: StoredRule<RuleBody>, instanceLabels: Record<string, string>): Record<string, string> {
  return { alertname: rule.name, severity: rule.rule.severity, ...rule.rule.labels, ...instanceLabels };
}

export async function evaluateAlerts(store: Store, now: Date, options: Pick<AlertJobOptions, 'sampleWindowMs' | 'externalUrl' | 'repeatMs'>) {
  const rules = await store.listAlertRules();
  if (!rules.length) return { rules: 0, transitions: 0, queued: 0 };
  const [latest, silences, mix] = await Promise.all([
    store.latestSamples(now, options.sampleWindowMs),
    store.listSilences(now),
    store.getSetting<MixWeights>('mix_weights'),
  ]);
  const silenceRules = silences.map((s) => ({ ...s, startsAt: Date.parse(s.startsAt), endsAt: Date.parse(s.endsAt) }));
  let apps: Parameters<typeof observeApps>[1] | null = null;
  let transitions = 0;
  let queued = 0;
  const failures: Error[] = [];
  for (const rule of rules) {
    try {
      const saved = await evaluateOne(rule);
      transitions += saved.transitions;
      queued += saved.queued;
    } catch (error) {
      // one rule failing does not stop the others; the job reports it after the round
      failures.push(new Error(`alert rule ${rule.id} (${rule.name}): ${(error as Error).message}`, { cause: error }));
    }
  }
  if (failures.length) throw new AggregateError(failures, failures.map((f) => f.message).join('; '));
  return { rules: rules.length, transitions, queued };

  async function evaluateOne(rule: StoredRule<RuleBody>) {
    let observed: InstanceObservation[];
    if (isSeriesMetric(rule.rule.series.metric)) {
      observed = observeSamples(rule.rule, latest?.samples ?? null, mix ?? DEFAULT_MIX);
    } else {
      apps ??= await appOwnership(store, now);
      observed = observeApps(rule.rule, apps);
    }
    return store.evaluateAlertRule(
      rule.id,
      // the rule as locked now (it may have been edited since the round began) and its instances
      (current, known) =>
        evaluateRule(current.rule, known, observed, now.getTime()).map((r): EvaluationResult => {
          const labels = alertLabels(current, r.labels);
          if (!r.transition) {
            const before = known.get(r.key);
            const due = repeatDue({
              // nodata notifies as firing too (notificationOf)
              firing: r.next.state === 'firing' || r.next.state === 'nodata',
              silencedNow: isSilenced(silenceRules, labels, now.getTime()),
              notifiedAt: before?.notifiedAt ?? null,
              now: now.getTime(),
              repeatMs: options.repeatMs ?? 0,
            });
            // told again: still firing since it began, with the value now
            const repeat = due ? { ...notified(current, labels, 'firing', before, r.next.value, now, options.externalUrl), startsAt: new Date(r.next.since).toISOString() } : null;
            return { key: r.key, labels: r.labels, next: r.next, transition: null, repeat };
          }
          const kind = notificationOf(r.transition);
          return {
            key: r.key,
            labels: r.labels,
            next: r.next,
            transition: {
              ...r.transition,
              silenced: kind !== null && isSilenced(silenceRules, labels, now.getTime()),
              notify: kind && notified(current, labels, kind, known.get(r.key), r.transition.value, now, options.externalUrl),
            },
          };
        }),
      now,
    );
  }
}

async function appOwnership(store: Store, now: Date) {
  const [apps, servers] = await Promise.all([store.listApps(now), store.listServers(now)]);
  const up = new Set(servers.filter((s) => s.health === 'up').map((s) => s.address));
  return apps.map((a) => ({
    appName: a.appName ?? String(a.appId),
    serverAddress: a.serverAddress,
    ownerUp: a.serverAddress !== null && up.has(a.serverAddress),
    claimedBy: a.claimedBy,
  }));
}

function notified(
  rule: StoredRule<RuleBody>,
  labels: Record<string, string>,
  kind: 'firing' | 'resolved',
  previous: KnownInstance | undefined,
  value: number | null,
  now: Date,
  externalUrl: string,
): NotifiedAlert {
  const description = rule.rule.description
    ? renderTemplate(rule.rule.description, { name: rule.name, value, threshold: rule.rule.threshold, labels })
    : `${rule.rule.series.metric} ${rule.rule.comparator} ${rule.rule.threshold}: ${value === null ? 'no data' : value}`;
  return {
    status: kind,
    labels,
    annotations: { description, value: value === null ? 'no data' : String(value), threshold: String(rule.rule.threshold) },
    // a resolved alert started when its instance began firing
    startsAt: kind === 'resolved' && previous ? new Date(previous.since).toISOString() : now.toISOString(),
    endsAt: kind === 'resolved' ? now.toISOString() : ZERO_TIME,
    generatorURL: `${externalUrl.replace(/\/$/, '')}/alerts?rule=${rule.id}`,
  };
}

/** Each contact point's sliding window of sent messages (the chat kinds' rate limits), per process: the notifier runs on the leader only. */
const windows = new Map<number, RateWindow>();

/**
 * Cuts the due queue (alerts and rollout events) into messages: a webhook or Alertmanager contact
 * point gets a rule's (or a rollout's) consecutive items in one body (groupForDelivery); a chat robot, which counts messages against
 * its rate limit, gets everything due for it at once, cut only where a message would be too long.
 */
function messagesOf(due: readonly DueNotification[], externalURL: string): DueNotification[][] {
  const chat = due.filter((n) => isChatKind(n.target.kind));
  const messages = groupForDelivery(due.filter((n) => !isChatKind(n.target.kind)));
  const byPoint = new Map<number, DueNotification[]>();
  for (const n of chat) byPoint.set(n.contactPointId, [...(byPoint.get(n.contactPointId) ?? []), n]);
  for (const queue of byPoint.values()) {
    const { kind, language } = queue[0]!.target;
    let at = 0;
    for (const run of chunkItems(queue.map((n) => n.item), kind as 'dingtalk' | 'feishu' | 'wecom', { words: wordsFor(language), externalURL })) {
      messages.push(queue.slice(at, at + run));
      at += run;
    }
  }
  return messages;
}

/**
 * Delivers what is due in the outbox, oldest first, in messages (messagesOf); a failure is
 * retried later, never sent twice once a receiver took it. A chat robot whose rate limit is reached
 * gets the rest later, grouped into fewer messages, never dropped. Counts are notifications (rows),
 * not bodies.
 */
export async function deliverNotifications(
  store: Store,
  now: Date,
  options: Pick<AlertJobOptions, 'retryBaseMs' | 'retryCapMs' | 'retryForMs' | 'externalUrl' | 'timeoutMs' | 'alertmanagerValidForMs'>,
  rateWindows: Map<number, RateWindow> = windows,
) {
  const due = await store.dueNotifications(now, 200);
  let sent = 0;
  let failed = 0;
  let bodies = 0;
  const blocked = new Set<number>();
  const messages = messagesOf(due, options.externalUrl);
  for (const [i, group] of messages.entries()) {
    const { contactPointId, target } = group[0]!;
    // after a failure, the rest of that contact point's queue waits behind it (order is kept)
    if (blocked.has(contactPointId)) continue;
    const limits = RATE_LIMITS[target.kind];
    if (limits.length) {
      const window = rateWindows.get(contactPointId) ?? rateWindows.set(contactPointId, new RateWindow(limits)).get(contactPointId)!;
      const free = window.nextFreeAt(now.getTime());
      if (free > now.getTime()) {
        // over the limit: this and the rest of the contact point's messages wait, to go out together then
        const rest = messages.slice(i).filter((g) => g[0]!.contactPointId === contactPointId).flat();
        await store.deferNotifications(rest.map((n) => n.id), new Date(free));
        blocked.add(contactPointId);
        continue;
      }
      window.record(now.getTime());
    }
    const error = await sendMessage(target, group.map((n) => n.item), { externalUrl: options.externalUrl, now, timeoutMs: options.timeoutMs, validForMs: options.alertmanagerValidForMs });
    bodies++;
    if (error === null) {
      await store.markNotificationsSent(group.map((n) => n.id), now);
      sent += group.length;
      continue;
    }
    failed += group.length;
    blocked.add(contactPointId);
    for (const n of group) {
      const retryAt = new Date(now.getTime() + retryDelayMs(n.attempts + 1, options.retryBaseMs, options.retryCapMs));
      const giveUp = retryAt.getTime() - n.createdAt.getTime() > options.retryForMs;
      await store.markNotification(n.id, { sent: false, error, retryAt: giveUp ? null : retryAt });
    }
  }
  return { due: due.length, sent, failed, bodies };
}

/**
 * Alertmanager contact points are told every firing alert again every `resendMs`, as Prometheus
 * re-sends (its --rules.alert.resend-delay), each valid for 4 × max(resend, evaluation interval):
 * Alertmanager resolves an alert by itself when that passes without news (Fulcrum stopped). Silenced
 * alerts are not sent. Sent straight, not through the outbox: a lost re-send is made good by the next.
 */
export async function resendToAlertmanagers(store: Store, now: Date, options: Pick<AlertJobOptions, 'externalUrl' | 'timeoutMs' | 'alertmanagerValidForMs'>) {
  const targets = await store.contactTargets({ kind: 'alertmanager', enabled: true });
  if (!targets.length) return { alerts: 0, sent: 0, failed: 0 };
  const [rules, instances, silences] = await Promise.all([store.listAlertRules(), store.listAlertInstances(), store.listSilences(now)]);
  const silenceRules = silences.map((s) => ({ ...s, startsAt: Date.parse(s.startsAt), endsAt: Date.parse(s.endsAt) }));
  const byId = new Map(rules.map((r) => [r.id, r as StoredRule<RuleBody>]));
  const alerts: NotifiedAlert[] = [];
  for (const i of instances) {
    const rule = byId.get(i.ruleId);
    if (!rule || (i.state !== 'firing' && i.state !== 'nodata')) continue;
    const labels = alertLabels(rule, i.labels);
    if (isSilenced(silenceRules, labels, now.getTime())) continue;
    alerts.push({ ...notified(rule, labels, 'firing', undefined, i.value, now, options.externalUrl), startsAt: i.since });
  }
  if (!alerts.length) return { alerts: 0, sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  for (const target of targets) {
    const error = await sendMessage(target, alerts, { externalUrl: options.externalUrl, now, timeoutMs: options.timeoutMs, validForMs: options.alertmanagerValidForMs });
    if (error === null) sent++;
    else failed++;
  }
  return { alerts: alerts.length, sent, failed };
}

export function alertJobs(store: Store, options: AlertJobOptions): Job[] {
  return [
    { name: 'evaluate-alerts', intervalMs: options.evalIntervalMs, run: (now) => evaluateAlerts(store, now, options) },
    // the outbox is polled often so a receiver that comes back is served within about a second of its retry time
    { name: 'deliver-notifications', intervalMs: Math.min(1_000, options.retryBaseMs), run: (now) => deliverNotifications(store, now, options) },
    { name: 'resend-alertmanager', intervalMs: options.alertmanagerResendMs ?? 60_000, run: (now) => resendToAlertmanagers(store, now, options) },
    // delivered notifications are kept a week for inspection; the history as long as the 1-hour series
    { name: 'alert-retention', intervalMs: 10 * 60_000, run: (now) => store.pruneAlerts(now, { historyMs: options.historyMs, outboxMs: 7 * 86_400_000 }) },
  ];
}
