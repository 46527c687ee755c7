// next-intl's request configuration: the language is the operator's choice (a cookie) or else the
// browser's Accept-Language; the time zone is the operator's choice or UTC. Messages per language.
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { isLocale, LOCALE_COOKIE, negotiateLocale, TIME_ZONE_COOKIE, validTimeZone, type Locale } from './config.ts';
import en from '../../messages/en.json';
import zhCN from '../../messages/zh-CN.json';

const MESSAGES: Record<Locale, typeof en> = { en, 'zh-CN': zhCN };

export default getRequestConfig(async () => {
  const jar = await cookies();
  const chosen = jar.get(LOCALE_COOKIE)?.value;
  const locale: Locale = isLocale(chosen) ? chosen : negotiateLocale((await headers()).get('accept-language'));
  return { locale, messages: MESSAGES[locale], timeZone: validTimeZone(jar.get(TIME_ZONE_COOKIE)?.value) };
});
