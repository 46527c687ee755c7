// One date format everywhere, with its zone; durations and shares in the operator's language.
import { describe, expect, it } from 'vitest';
import { formattersOf } from './formatters.ts';

const at = Date.UTC(2026, 11, 2, 1, 37, 28);

describe('formatters', () => {
  it('write a date as day, 24-hour time to the second and zone, in either language', () => {
    expect(formattersOf({ locale: 'en', timeZone: 'UTC' }).when(at)).toBe('Dec 2, 2026 01:37:28 UTC');
    expect(formattersOf({ locale: 'en', timeZone: 'Asia/Shanghai' }).when(at)).toBe('Dec 2, 2026 09:37:28 GMT+8');
    expect(formattersOf({ locale: 'zh-CN', timeZone: 'Asia/Shanghai' }).when(new Date(at).toISOString())).toBe('2026年12月2日 09:37:28 GMT+8');
    expect(formattersOf({ locale: 'en', timeZone: 'UTC' }).when(null)).toBe('—');
    expect(formattersOf({ locale: 'en', timeZone: 'UTC' }).when('not a date', '–')).toBe('–');
  });

  it('localize durations, shares and fixed figures', () => {
    const en = formattersOf({ locale: 'en', timeZone: 'UTC' });
    const zh = formattersOf({ locale: 'zh-CN', timeZone: 'UTC' });
    expect([en.duration(5), en.duration(300), en.percent(0.75), en.fixed(1.5)]).toEqual(['5 sec', '5 min', '75%', '1.50']);
    expect([zh.duration(5), zh.duration(300), zh.duration(3 * 86_400)]).toEqual(['5秒', '5分钟', '3天']);
    expect(en.tick(at)).toBe('01:37');
    expect(en.tick(at, 60_000)).toBe('01:37:28');
    expect(zh.tick(at, 7 * 86_400_000)).toMatch(/12.02.*01/);
  });
});
