// What each kind of contact point is sent: DingTalk custom robot markdown, a Feishu/Lark custom bot
// interactive card, a WeCom group robot markdown, Alertmanager API v2 alerts, or the Alertmanager
// webhook body; each chat kind's rate limit as a sliding window; and how a queue of alerts is cut
// into messages no longer than the kind allows. Pure: signing and sending are lib/jobs/contact-delivery.ts.
import type { NotifiedAlert } from './alert-notifications.ts';

export const CONTACT_KINDS = ['webhook', 'dingtalk', 'feishu', 'wecom', 'alertmanager'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface ContactSettings {
  /** DingTalk "custom keywords" security setting: every message must contain one of them */
  keywords?: string[];
  /** DingTalk: mobiles to @mention (they are written into the text too, as DingTalk requires) */
  atMobiles?: string[];
  /** DingTalk: @all */
  atAll?: boolean;
}

export interface RateLimit {
  count: number;
  windowMs: number;
}

/** The documented limits: DingTalk 20 messages a minute per robot, Feishu 100 a minute and 5 a second, WeCom 20 a minute. */
export const RATE_LIMITS: Record<ContactKind, readonly RateLimit[]> = {
  webhook: [],
  alertmanager: [],
  dingtalk: [{ count: 20, windowMs: 60_000 }],
  feishu: [
    { count: 100, windowMs: 60_000 },
    { count: 5, windowMs: 1_000 },
  ],
  wecom: [{ count: 20, windowMs: 60_000 }],
};

/**
 * Longest message text, in UTF-8 bytes: WeCom's markdown content is at most 4096 bytes; DingTalk's
 * and Feishu's limits are higher (about 20,000 bytes), kept lower here so that a message stays readable.
 */
export const MAX_TEXT_BYTES: Record<'dingtalk' | 'feishu' | 'wecom', number> = { dingtalk: 8_000, feishu: 8_000, wecom: 4_000 };

export const isChatKind = (k: ContactKind): k is 'dingtalk' | 'feishu' | 'wecom' => k === 'dingtalk' || k === 'feishu' || k === 'wecom';

/** A sliding window over the messages sent to one contact point. */
export class RateWindow {
  private sent: number[] = [];
  constructor(private readonly limits: readonly RateLimit[]) {}

  /** When the next message may go: `now` when it may go now. */
  nextFreeAt(now: number): number {
    let at = now;
    for (const l of this.limits) {
      const inWindow = this.sent.filter((t) => t > now - l.windowMs);
      if (inWindow.length >= l.count) at = Math.max(at, inWindow[inWindow.length - l.count]! + l.windowMs);
    }
    return at;
  }

  record(now: number): void {
    this.sent.push(now);
    const longest = Math.max(0, ...this.limits.map((l) => l.windowMs));
    this.sent = this.sent.filter((t) => t > now - longest);
  }
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

function title(alerts: readonly NotifiedAlert[]): string {
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const names = [...new Set(alerts.map((a) => a.labels.alertname ?? ''))];
  const what = names.length === 1 ? names[0]! : `${names[0]} and ${names.length - 1} more`;
  return firing ? `[FIRING:${firing}] ${what}` : `[RESOLVED] ${what}`;
}

const instanceOf = (a: NotifiedAlert) => a.labels.server ?? a.labels.app ?? 'cluster';

/** One alert as a few markdown lines (the same for the three chat kinds). */
function alertBlock(a: NotifiedAlert, kind: 'dingtalk' | 'feishu' | 'wecom'): string {
  const state = a.status === 'firing' ? 'FIRING' : 'RESOLVED';
  const head =
    kind === 'wecom'
      ? `<font color="${a.status === 'firing' ? 'warning' : 'info'}">${state}</font> **${a.labels.alertname}** · ${instanceOf(a)}`
      : `**${state}** · **${a.labels.alertname}** · ${instanceOf(a)}`;
  const lines = [head, `> ${a.annotations.description ?? ''}`, `> severity ${a.labels.severity ?? 'none'} · since ${a.startsAt.slice(0, 19).replace('T', ' ')} UTC${a.status === 'resolved' ? ` · resolved ${a.endsAt.slice(0, 19).replace('T', ' ')} UTC` : ''}`];
  lines.push(`> [Open in Fulcrum](${a.generatorURL})`);
  return lines.join('\n');
}

/**
 * Cuts a queue of alerts into consecutive runs whose message text stays within `maxBytes` (an
 * alert too long for any message still goes, alone). Returns the runs' lengths.
 */
export function chunkAlerts(alerts: readonly NotifiedAlert[], kind: 'dingtalk' | 'feishu' | 'wecom', maxBytes = MAX_TEXT_BYTES[kind]): number[] {
  const runs: number[] = [];
  let size = 0;
  let n = 0;
  for (const a of alerts) {
    const b = bytes(alertBlock(a, kind)) + 2;
    if (n > 0 && size + b + 200 > maxBytes) {
      runs.push(n);
      n = 0;
      size = 0;
    }
    n++;
    size += b;
  }
  if (n) runs.push(n);
  return runs;
}

function chatText(alerts: readonly NotifiedAlert[], kind: 'dingtalk' | 'feishu' | 'wecom', externalURL: string): string {
  return [...alerts.map((a) => alertBlock(a, kind)), `[Fulcrum alerts](${externalURL.replace(/\/$/, '')}/alerts)`].join('\n\n');
}

/** DingTalk custom robot, msgtype markdown; the keywords and @mentions of its settings. */
export function dingtalkMessage(alerts: readonly NotifiedAlert[], settings: ContactSettings, externalURL: string) {
  const heading = title(alerts);
  let text = `### ${heading}\n\n${chatText(alerts, 'dingtalk', externalURL)}`;
  const keywords = (settings.keywords ?? []).filter(Boolean);
  // the robot refuses a message without one of its keywords (errcode 310000)
  if (keywords.length && !keywords.some((k) => text.includes(k) || heading.includes(k))) text = `${keywords[0]}\n\n${text}`;
  const mobiles = (settings.atMobiles ?? []).filter(Boolean);
  // a mention shows only when the text holds @<mobile>
  if (mobiles.length) text += `\n\n${mobiles.map((m) => `@${m}`).join(' ')}`;
  return {
    msgtype: 'markdown' as const,
    markdown: { title: heading, text },
    at: { atMobiles: mobiles, isAtAll: settings.atAll === true },
  };
}

/** Feishu/Lark custom bot, msg_type interactive (a card: a coloured header, the alerts in markdown, a button to the console). */
export function feishuMessage(alerts: readonly NotifiedAlert[], externalURL: string) {
  const firing = alerts.some((a) => a.status === 'firing');
  return {
    msg_type: 'interactive' as const,
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: title(alerts) }, template: firing ? 'red' : 'green' },
      elements: [
        { tag: 'markdown', content: alerts.map((a) => alertBlock(a, 'feishu')).join('\n\n') },
        { tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: 'Open in Fulcrum' }, type: 'primary', url: `${externalURL.replace(/\/$/, '')}/alerts` }] },
      ],
    },
  };
}

/** WeCom group robot, msgtype markdown (content at most 4096 bytes). */
export function wecomMessage(alerts: readonly NotifiedAlert[], externalURL: string) {
  return { msgtype: 'markdown' as const, markdown: { content: `## ${title(alerts)}\n\n${chatText(alerts, 'wecom', externalURL)}` } };
}

/**
 * Alertmanager API v2 `POST /api/v2/alerts` items. A firing alert carries `endsAt` = `validUntil`, as
 * Prometheus sends it (its last evaluation + 4 × the resend delay), so that Alertmanager resolves it
 * by itself if Fulcrum stops re-sending; a resolved one carries when it resolved.
 */
export function alertmanagerAlerts(alerts: readonly NotifiedAlert[], validUntil: string) {
  return alerts.map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: a.status === 'firing' ? validUntil : a.endsAt,
    generatorURL: a.generatorURL,
  }));
}

/** Whether a chat robot's JSON answer says it took the message (DingTalk and WeCom: errcode 0; Feishu: code 0, or StatusCode 0 from older bots). */
export function chatAnswerError(kind: 'dingtalk' | 'feishu' | 'wecom', answer: unknown): string | null {
  const a = (answer ?? {}) as Record<string, unknown>;
  if (kind === 'feishu') {
    const code = a.code ?? a.StatusCode;
    return code === 0 ? null : `Feishu code ${String(code)}: ${String(a.msg ?? a.StatusMessage ?? 'no message')}`;
  }
  return a.errcode === 0 ? null : `${kind === 'dingtalk' ? 'DingTalk' : 'WeCom'} errcode ${String(a.errcode)}: ${String(a.errmsg ?? 'no message')}`;
}
