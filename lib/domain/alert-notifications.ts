// Notifications: the Alertmanager webhook body (version "4": receiver, status, alerts[], groupLabels,
// commonLabels, commonAnnotations, externalURL, groupKey, truncatedAlerts) so existing receivers
// work unchanged, and the outbox's retry schedule (exponential backoff, capped). Pure.
import type { RolloutNotice } from './rollout-notices.ts';

export interface NotifiedAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** when the alert began firing */
  startsAt: string;
  /** when it resolved; Alertmanager sends the zero time for a firing alert */
  endsAt: string;
  generatorURL: string;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** What one outbox row carries: an alert's transition (or repeat), or a rollout's event. */
export type OutboxItem = NotifiedAlert | RolloutNotice;
export const isRolloutNotice = (i: OutboxItem): i is RolloutNotice => (i as RolloutNotice).type === 'rollout';

/** What items group by: an alert's rule (alertname), a rollout's id. */
const groupOf = (i: OutboxItem) => (isRolloutNotice(i) ? `rollout\u0000${i.rolloutId}` : `alert\u0000${i.labels.alertname ?? ''}`);
/** What a group may hold once: an alert (by its labels); a rollout event is never queued twice. */
const onceKey = (i: OutboxItem) => (isRolloutNotice(i) ? `${i.rolloutId}\u0000${i.at}\u0000${i.event}` : fingerprint(i.labels));

/** Like Alertmanager's, a 64-bit hash of the sorted label set as 16 hex digits (here FNV-1a over UTF-16 units). */
export function fingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u00ff${labels[k]}\u00ff`)
    .join('');
  const mask = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & mask;
  return h.toString(16).padStart(16, '0');
}

/** The labels (or annotations) every one of the records has, with the same value. */
function common(records: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((r) => r[k] === v)));
}

/**
 * One Alertmanager webhook body for a group of alerts of one rule (group_by alertname): status is
 * firing while any alert of it fires; commonLabels and commonAnnotations are what they all share.
 */
export function webhookBody(receiver: string, externalURL: string, alerts: readonly NotifiedAlert[]) {
  const groupLabels = { alertname: alerts[0]?.labels.alertname ?? '' };
  return {
    version: '4',
    groupKey: `{}:{alertname="${groupLabels.alertname.replace(/"/g, '\\"')}"}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? ('firing' as const) : ('resolved' as const),
    receiver,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL,
    alerts: alerts.map((a) => ({ ...a, fingerprint: fingerprint(a.labels) })),
  };
}

/**
 * Splits a contact point's queue (in queue order) into webhook bodies: consecutive notifications
 * of the same rule (alertname), or of the same rollout, for the same contact point go together, so
 * a failover that makes 40 apps unowned at once is one body of 40 alerts, not 40 bodies. A group
 * never holds the same alert twice (its firing and then its resolved go out in order, in separate
 * bodies), nor more than `max`.
 */
export function groupForDelivery<T extends { contactPointId: number; item: OutboxItem }>(queue: readonly T[], max = 100): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let seen = new Set<string>();
  for (const n of queue) {
    const head = current[0];
    const key = onceKey(n.item);
    const joins = head !== undefined && head.contactPointId === n.contactPointId && groupOf(head.item) === groupOf(n.item) && !seen.has(key) && current.length < max;
    if (!joins) {
      if (current.length > 0) groups.push(current);
      current = [];
      seen = new Set();
    }
    current.push(n);
    seen.add(key);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export type WebhookBody = ReturnType<typeof webhookBody>;

/** Delay before attempt number `attempts + 1` (attempts already failed ≥ 1): base·2^(attempts−1), at most cap. */
export function retryDelayMs(attempts: number, baseMs: number, capMs: number): number {
  const exp = Math.min(30, Math.max(0, attempts - 1));
  return Math.min(capMs, baseMs * 2 ** exp);
}

/**
 * Whether a firing (or nodata) instance that made no transition this round is told again now: it fires, no
 * silence covers it now, and either it was never told (its firing was silenced and the silence is
 * over) or `repeatMs` has passed since it was last told (0: never repeat).
 */
export function repeatDue(input: { firing: boolean; silencedNow: boolean; notifiedAt: number | null; now: number; repeatMs: number }): boolean {
  const { firing, silencedNow, notifiedAt, now, repeatMs } = input;
  if (!firing || silencedNow) return false;
  if (notifiedAt === null) return true;
  return repeatMs > 0 && now - notifiedAt >= repeatMs;
}
