// Notifications: the Alertmanager webhook body (version "4": receiver, status, alerts[], groupLabels,
// commonLabels, commonAnnotations, externalURL, groupKey, truncatedAlerts) so existing receivers
// work unchanged, and the outbox's retry schedule (exponential backoff, capped). Pure.
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

export function webhookBody(receiver: string, externalURL: string, alert: NotifiedAlert) {
  const groupLabels = { alertname: alert.labels.alertname ?? '' };
  return {
    version: '4',
    groupKey: `{}:{alertname="${groupLabels.alertname.replace(/"/g, '\\"')}"}`,
    truncatedAlerts: 0,
    status: alert.status,
    receiver,
    groupLabels,
    commonLabels: alert.labels,
    commonAnnotations: alert.annotations,
    externalURL,
    alerts: [{ ...alert, fingerprint: fingerprint(alert.labels) }],
  };
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
