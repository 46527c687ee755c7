// Sends one message to one contact point of any kind: signs it where the kind has a signed mode
// (DingTalk: the URL; Feishu: the body), POSTs it, and reads the robot's JSON answer. Errors are
// reported without the URL or the secret (robot URLs carry their token). Messages are written in
// the contact point's language, in the words of the console's messages files.
import { createHmac } from 'node:crypto';
import en from '../../messages/en.json' with { type: 'json' };
import zhCN from '../../messages/zh-CN.json' with { type: 'json' };
import { webhookBody, type OutboxItem } from '../domain/alert-notifications.ts';
import { alertmanagerAlerts, asAlerts, chatAnswerError, dingtalkMessage, DEFAULT_NOTICE_LANGUAGE, feishuMessage, wecomMessage, type MessageContext, type MessageWords, type NoticeLanguage } from '../domain/contact-messages.ts';
import type { ContactTarget } from '../store/index.ts';

const WORDS: Record<NoticeLanguage, MessageWords> = { en: { ...en.notifications, rolloutTexts: en.rolloutTexts }, 'zh-CN': { ...zhCN.notifications, rolloutTexts: zhCN.rolloutTexts } };
/** A message's words in `language` (the default language for one not known). */
export const wordsFor = (language: string | undefined): MessageWords => WORDS[language as NoticeLanguage] ?? WORDS[DEFAULT_NOTICE_LANGUAGE];

/** DingTalk's signed mode: Base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), URL-encoded. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(mac);
}

/** Feishu's signed mode: Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)). */
export function feishuSign(secret: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** The Alertmanager API v2 alerts endpoint under a base URL (one ending in /api/v2/alerts is taken as is). */
export function alertmanagerEndpoint(url: string): string {
  const u = url.replace(/\/+$/, '');
  return u.endsWith('/api/v2/alerts') ? u : `${u}/api/v2/alerts`;
}

export interface SendOptions {
  externalUrl: string;
  now: Date;
  timeoutMs?: number;
  /** Alertmanager: how long a firing alert stays valid without being sent again (its endsAt) */
  validForMs?: number;
}

/** The request one message to `target` is: where it goes and what it carries. */
export function requestFor(target: ContactTarget, items: readonly OutboxItem[], options: SendOptions): { url: string; body: unknown; chat: 'dingtalk' | 'feishu' | 'wecom' | null } {
  const now = options.now.getTime();
  const c: MessageContext = { words: wordsFor(target.language), externalURL: options.externalUrl };
  switch (target.kind) {
    case 'dingtalk': {
      let url = target.url;
      if (target.secret) url += `${url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${dingtalkSign(target.secret, now)}`;
      return { url, body: dingtalkMessage(items, target.settings, c), chat: 'dingtalk' };
    }
    case 'feishu': {
      const message = feishuMessage(items, c);
      const ts = Math.floor(now / 1000);
      const body = target.secret ? { timestamp: String(ts), sign: feishuSign(target.secret, ts), ...message } : message;
      return { url: target.url, body, chat: 'feishu' };
    }
    case 'wecom':
      return { url: target.url, body: wecomMessage(items, c), chat: 'wecom' };
    case 'alertmanager':
      return { url: alertmanagerEndpoint(target.url), body: alertmanagerAlerts(asAlerts(items, c), new Date(now + (options.validForMs ?? 4 * 60_000)).toISOString()), chat: null };
    case 'webhook':
      return { url: target.url, body: webhookBody(target.name, options.externalUrl, asAlerts(items, c)), chat: null };
  }
}

/** Sends one message; resolves with an error text (never holding the URL or the secret), or null when the receiver took it. */
export async function sendMessage(target: ContactTarget, items: readonly OutboxItem[], options: SendOptions): Promise<string | null> {
  // a secret that cannot be read: sending unsigned would only be refused (and retried as any failure)
  if (target.secretError) return target.secretError;
  const { url, body, chat } = requestFor(target, items, options);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Fulcrum-Alerts' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    const text = await res.text().catch(() => '');
    if (!res.ok) return `HTTP ${res.status}`;
    if (!chat) return null;
    // the robots answer 200 with an error code in the body (a bad signature, a missing keyword, too fast)
    let answer: unknown = null;
    try {
      answer = JSON.parse(text);
    } catch {
      return `HTTP ${res.status} with an answer that is not JSON`;
    }
    return chatAnswerError(chat, answer);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    // fetch's own message may quote the URL, which carries the robot's token
    return cause ?? ((error as Error).name === 'TimeoutError' ? 'timed out' : 'the request failed');
  }
}
