'use client';
// Language and time zone, chosen by the operator and kept in cookies (a year): the server reads
// them on every request (lib/i18n/request.ts), so a refresh renders every page anew in them.
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTimeZone, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, TIME_ZONE_COOKIE } from '@/lib/i18n/config';

const LANGUAGES = [
  { locale: 'en', label: 'English' },
  { locale: 'zh-CN', label: '简体中文' },
];

function keep(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

export function LanguageSwitch() {
  const t = useTranslations('shell');
  const locale = useLocale();
  const router = useRouter();
  return (
    <label className="preference">
      {t('language')}
      <select
        value={locale}
        onChange={(e) => {
          keep(LOCALE_COOKIE, e.target.value);
          router.refresh();
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.locale} value={l.locale} lang={l.locale}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function TimeZoneSwitch() {
  const t = useTranslations('shell');
  const zone = useTimeZone() ?? 'UTC';
  const router = useRouter();
  const [browser, setBrowser] = useState<string | null>(null);
  useEffect(() => setBrowser(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const zones = [...new Set(['UTC', zone, ...(browser ? [browser] : [])])];
  return (
    <label className="preference">
      {t('timeZone')}
      <select
        value={zone}
        onChange={(e) => {
          keep(TIME_ZONE_COOKIE, e.target.value);
          router.refresh();
        }}
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z === 'UTC' ? t('tzUtc') : z === browser ? t('tzBrowser', { zone: z }) : z}
          </option>
        ))}
      </select>
    </label>
  );
}
