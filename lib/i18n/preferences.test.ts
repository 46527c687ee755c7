// A request's language, time zone and colour scheme: the user's own choice first, then this
// browser's cookie, then Accept-Language (language) or the defaults; a stale value is no choice.
import { describe, expect, it } from 'vitest';
import { resolvePreferences } from './config.ts';

describe('resolvePreferences', () => {
  it("takes the signed-in user's choice over this browser's cookies", () => {
    expect(resolvePreferences({ locale: 'zh-CN', timeZone: 'Asia/Shanghai', theme: 'dark' }, { locale: 'en', timeZone: 'UTC', theme: 'light' }, 'en-US')).toEqual({ locale: 'zh-CN', timeZone: 'Asia/Shanghai', theme: 'dark' });
  });

  it('falls back to the cookies for what the user never chose, and on the sign-in page', () => {
    expect(resolvePreferences({ locale: null, timeZone: null, theme: 'dark' }, { locale: 'zh-CN', timeZone: 'Europe/Berlin' }, 'en-US')).toEqual({ locale: 'zh-CN', timeZone: 'Europe/Berlin', theme: 'dark' });
    expect(resolvePreferences(null, { theme: 'light' }, 'zh-TW,zh;q=0.9')).toEqual({ locale: 'zh-CN', timeZone: 'UTC', theme: 'light' });
  });

  it('without any choice: the browser language, UTC and the system scheme', () => {
    expect(resolvePreferences(undefined, {}, null)).toEqual({ locale: 'en', timeZone: 'UTC', theme: 'system' });
    expect(resolvePreferences({ locale: null, timeZone: null, theme: null }, {}, 'zh-CN')).toEqual({ locale: 'zh-CN', timeZone: 'UTC', theme: 'system' });
  });

  it('ignores values it does not know, wherever they come from', () => {
    expect(resolvePreferences({ locale: 'fr', timeZone: 'Mars/Olympus', theme: 'sepia' }, { locale: 'klingon', timeZone: 'Asia/Tokyo', theme: 'dark' }, 'zh')).toEqual({ locale: 'zh-CN', timeZone: 'Asia/Tokyo', theme: 'dark' });
  });
});
