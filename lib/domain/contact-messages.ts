// What each kind of contact point is sent: DingTalk custom robot markdown, a Feishu/Lark custom bot
// interactive card, a WeCom group robot markdown, Alertmanager API v2 alerts, or the Alertmanager
// webhook body; each chat kind's rate limit as a sliding window; and how a queue of alerts is cut
// into messages no longer than the kind allows. Alerts and rollout events alike, in the contact
// point's language (its words are a parameter: the `notifications` section of messages/*.json).
// Pure: signing and sending are lib/jobs/contact-delivery.ts.
import { isRolloutNotice, ZERO_TIME, type NotifiedAlert, type OutboxItem } from './alert-notifications.ts';
import { noticeIsWarning, type RolloutNotice, type RolloutNoticeEvent } from './rollout-notices.ts';
import { fill, sayRolloutText, wordsOf } from './rollout-texts.ts';

export { fill };

export const CONTACT_KINDS = ['webhook', 'dingtalk', 'feishu', 'wecom', 'alertmanager'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** The languages a contact point's messages are written in (the console's). */
export const NOTICE_LANGUAGES = ['en', 'zh-CN'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];
export const DEFAULT_NOTICE_LANGUAGE: NoticeLanguage = 'zh-CN';

/** The words of a message in one language: the `notifications` section of messages/<language>.json. */
export interface MessageWords {
  firing: string;
  resolved: string;
  severity: string;
  since: string;
  resolvedAt: string;
  openAlert: string;
  alertsLink: string;
  andMore: string;
  openRollout: string;
  rolloutTitle: string;
  rolloutMeta: string;
  reason: string;
  rolloutEvents: Record<RolloutNoticeEvent, string>;
  rolloutLines: Record<RolloutNoticeEvent, string>;
  /** the messages' `rolloutTexts` section: a reason with a code is said in these words (else its English) */
  rolloutTexts?: unknown;
}

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

type ChatKind = 'dingtalk' | 'feishu' | 'wecom';

/** How one message is written: in which words, linking where. */
export interface MessageContext {
  words: MessageWords;
  /** the console's public URL (FULCRUM_PUBLIC_URL) */
  externalURL: string;
}

const base = (url: string) => url.replace(/\/$/, '');
/** Where a rollout's events link to: its page in the console. */
export const rolloutLink = (externalURL: string, rolloutId: string) => `${base(externalURL)}/rollouts/${encodeURIComponent(rolloutId)}`;
const utc = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')}`;
/** Why a rollout paused, aborted or a move failed, in the words given when the reason has a code they know, else as the history has it. */
const noticeReason = (n: RolloutNotice, w: MessageWords): string | null =>
  (n.reasonCode && w.rolloutTexts ? sayRolloutText({ code: n.reasonCode, params: n.reasonParams }, wordsOf(w.rolloutTexts)) : null) ?? n.reason;
const noticeTitle = (n: RolloutNotice, w: MessageWords) => fill(w.rolloutTitle, { name: n.rollout, event: w.rolloutEvents[n.event] });

function title(items: readonly OutboxItem[], w: MessageWords): string {
  const alerts = items.filter((i): i is NotifiedAlert => !isRolloutNotice(i));
  if (!alerts.length) {
    const head = noticeTitle(items[0] as RolloutNotice, w);
    return items.length > 1 ? fill(w.andMore, { first: head, count: items.length - 1 }) : head;
  }
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const names = [...new Set(alerts.map((a) => a.labels.alertname ?? ''))];
  const what = names.length === 1 ? names[0]! : fill(w.andMore, { first: names[0]!, count: names.length - 1 });
  // the bracketed state stays as Alertmanager writes it in every language: people search their chats for it
  return firing ? `[FIRING:${firing}] ${what}` : `[RESOLVED] ${what}`;
}

const instanceOf = (a: NotifiedAlert) => a.labels.server ?? a.labels.app ?? 'cluster';

/** One alert as a few markdown lines (the same for the three chat kinds). */
function alertBlock(a: NotifiedAlert, kind: ChatKind, w: MessageWords): string {
  const state = a.status === 'firing' ? w.firing : w.resolved;
  const head =
    kind === 'wecom'
      ? `<font color="${a.status === 'firing' ? 'warning' : 'info'}">${state}</font> **${a.labels.alertname}** · ${instanceOf(a)}`
      : `**${state}** · **${a.labels.alertname}** · ${instanceOf(a)}`;
  const when = [fill(w.severity, { severity: a.labels.severity ?? 'none' }), fill(w.since, { time: utc(a.startsAt) }), ...(a.status === 'resolved' ? [fill(w.resolvedAt, { time: utc(a.endsAt) })] : [])];
  return [head, `> ${a.annotations.description ?? ''}`, `> ${when.join(' · ')}`, `> [${w.openAlert}](${a.generatorURL})`].join('\n');
}

/** One rollout event as a few markdown lines: what happened, why (a pause, an abort, a failed move), where it stands, the link. */
function noticeBlock(n: RolloutNotice, kind: ChatKind, c: MessageContext): string {
  const w = c.words;
  const heading = noticeTitle(n, w);
  const head = kind === 'wecom' ? `<font color="${noticeIsWarning(n) ? 'warning' : 'info'}">${heading}</font>` : `**${heading}**`;
  const lines = [head, `> ${fill(w.rolloutLines[n.event], { percent: n.percent })}`];
  const reason = noticeReason(n, w);
  if (reason) lines.push(`> ${fill(w.reason, { reason })}`);
  lines.push(`> ${fill(w.rolloutMeta, { step: n.step, steps: n.steps, percent: n.percent, actor: n.actor, time: utc(n.at) })}`);
  lines.push(`> [${w.openRollout}](${rolloutLink(c.externalURL, n.rolloutId)})`);
  return lines.join('\n');
}

const block = (i: OutboxItem, kind: ChatKind, c: MessageContext) => (isRolloutNotice(i) ? noticeBlock(i, kind, c) : alertBlock(i, kind, c.words));

/**
 * Cuts a queue of alerts and rollout events into consecutive runs whose message text stays within
 * `maxBytes` (one too long for any message still goes, alone). Returns the runs' lengths.
 */
export function chunkItems(items: readonly OutboxItem[], kind: ChatKind, c: MessageContext, maxBytes = MAX_TEXT_BYTES[kind]): number[] {
  const runs: number[] = [];
  let size = 0;
  let n = 0;
  for (const i of items) {
    const b = bytes(block(i, kind, c)) + 2;
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

/** The link at the foot of a message: the rollout's page when it tells of one rollout only, else the Alerts page. */
function footLink(items: readonly OutboxItem[], c: MessageContext): { text: string; url: string } {
  const rollouts = new Set(items.map((i) => (isRolloutNotice(i) ? i.rolloutId : null)));
  const [only] = rollouts;
  if (rollouts.size === 1 && only) return { text: c.words.openRollout, url: rolloutLink(c.externalURL, only) };
  return { text: c.words.alertsLink, url: `${base(c.externalURL)}/alerts` };
}

function chatText(items: readonly OutboxItem[], kind: ChatKind, c: MessageContext): string {
  const blocks = items.map((i) => block(i, kind, c));
  // a message of rollout events links from each event already
  if (items.some((i) => !isRolloutNotice(i))) blocks.push(`[${c.words.alertsLink}](${base(c.externalURL)}/alerts)`);
  return blocks.join('\n\n');
}

/** DingTalk custom robot, msgtype markdown; the keywords and @mentions of its settings. */
export function dingtalkMessage(items: readonly OutboxItem[], settings: ContactSettings, c: MessageContext) {
  const heading = title(items, c.words);
  let text = `### ${heading}\n\n${chatText(items, 'dingtalk', c)}`;
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

/** Feishu's header colour: red while an alert fires, orange for a pause, an abort or a failed move, green when resolved, blue for the rest. */
function feishuTemplate(items: readonly OutboxItem[]): string {
  if (items.some((i) => !isRolloutNotice(i) && i.status === 'firing')) return 'red';
  if (items.some((i) => isRolloutNotice(i) && noticeIsWarning(i))) return 'orange';
  return items.some((i) => !isRolloutNotice(i)) ? 'green' : 'blue';
}

/** Feishu/Lark custom bot, msg_type interactive (a card: a coloured header, the items in markdown, a button to the console). */
export function feishuMessage(items: readonly OutboxItem[], c: MessageContext) {
  const link = footLink(items, c);
  return {
    msg_type: 'interactive' as const,
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: title(items, c.words) }, template: feishuTemplate(items) },
      elements: [
        { tag: 'markdown', content: items.map((i) => block(i, 'feishu', c)).join('\n\n') },
        { tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: link.text }, type: 'primary', url: link.url }] },
      ],
    },
  };
}

/** WeCom group robot, msgtype markdown (content at most 4096 bytes). */
export function wecomMessage(items: readonly OutboxItem[], c: MessageContext) {
  return { msgtype: 'markdown' as const, markdown: { content: `## ${title(items, c.words)}\n\n${chatText(items, 'wecom', c)}` } };
}

/**
 * A rollout event as an alert, for the kinds that speak Alertmanager's format (webhook,
 * Alertmanager): alertname FulcrumRollout, labelled with the rollout and the event, the words in
 * the annotations, and the rollout's page as its generatorURL. An event is not a state: it is sent
 * once, as firing, and an Alertmanager lets it end by itself (its endsAt).
 */
export function noticeAsAlert(n: RolloutNotice, c: MessageContext): NotifiedAlert {
  const w = c.words;
  const reason = noticeReason(n, w);
  const description = [fill(w.rolloutLines[n.event], { percent: n.percent }), ...(reason ? [fill(w.reason, { reason })] : [])].join(' ');
  return {
    status: 'firing',
    labels: { alertname: 'FulcrumRollout', severity: noticeIsWarning(n) ? 'warning' : 'info', rollout: n.rollout, rollout_id: n.rolloutId, event: n.event },
    annotations: { summary: noticeTitle(n, w), description, step: `${n.step}/${n.steps}`, percent: String(n.percent), actor: n.actor, ...(reason ? { reason } : {}) },
    startsAt: n.at,
    endsAt: ZERO_TIME,
    generatorURL: rolloutLink(c.externalURL, n.rolloutId),
  };
}

/** Every item as an alert (rollout events through noticeAsAlert). */
export const asAlerts = (items: readonly OutboxItem[], c: MessageContext): NotifiedAlert[] => items.map((i) => (isRolloutNotice(i) ? noticeAsAlert(i, c) : i));

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
