// next-intl's request configuration: the language and time zone are the signed-in user's own
// choice, else this browser's cookie, else the browser's Accept-Language (and UTC). Messages per language.
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { requestPreferences } from './server.ts';
import en from '../../messages/en.json';
import zhCN from '../../messages/zh-CN.json';
import type { Locale } from './config.ts';

const MESSAGES: Record<Locale, typeof en> = { en, 'zh-CN': zhCN };

export default getRequestConfig(async () => {
  const { locale, timeZone } = requestPreferences(await headers(), await cookies());
  return { locale, messages: MESSAGES[locale], timeZone };
});
