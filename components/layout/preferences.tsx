'use client';
// Language, time zone and colour scheme, chosen by the operator: kept on the signed-in user
// (PUT /api/auth/preferences), so they follow the operator to any browser, and in this browser's
// cookies (a year), which the sign-in page and a user who never chose fall back on. The server
// reads them on every request (lib/i18n/server.ts), so a refresh renders every page anew in them.
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTimeZone, useTranslations } from 'next-intl';
import { isTheme, LOCALE_COOKIE, THEME_COOKIE, THEMES, TIME_ZONE_COOKIE, type Preferences, type Theme } from '@/lib/i18n/config';
import { authActions } from '@/lib/hooks/use-auth';
import { useSession } from '@/components/auth/session';

const LANGUAGES = [
  { locale: 'en', label: 'English' },
  { locale: 'zh-CN', label: '简体中文' },
];

const COOKIES: Record<keyof Preferences, string> = { locale: LOCALE_COOKIE, timeZone: TIME_ZONE_COOKIE, theme: THEME_COOKIE };

/** Keeps one choice: in the cookie always, on the user when someone is signed in; then renders anew. */
function useKeep() {
  const router = useRouter();
  const signedIn = useSession() !== null;
  const [failed, setFailed] = useState(false);
  async function keep(name: keyof Preferences, value: string) {
    document.cookie = `${COOKIES[name]}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
    if (signedIn) setFailed(!(await authActions.keepPreference({ [name]: value })).ok);
    router.refresh();
  }
  return { keep, failed };
}

function NotKept({ failed }: { failed: boolean }) {
  const t = useTranslations('shell');
  return failed ? <span className="field-error" role="alert">{t('notKept')}</span> : null;
}

export function LanguageSwitch() {
  const t = useTranslations('shell');
  const locale = useLocale();
  const { keep, failed } = useKeep();
  return (
    <label className="preference">
      {t('language')}
      <select value={locale} onChange={(e) => void keep('locale', e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l.locale} value={l.locale} lang={l.locale}>
            {l.label}
          </option>
        ))}
      </select>
      <NotKept failed={failed} />
    </label>
  );
}

export function TimeZoneSwitch() {
  const t = useTranslations('shell');
  const zone = useTimeZone() ?? 'UTC';
  const { keep, failed } = useKeep();
  const [browser, setBrowser] = useState<string | null>(null);
  useEffect(() => setBrowser(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const zones = [...new Set(['UTC', zone, ...(browser ? [browser] : [])])];
  return (
    <label className="preference">
      {t('timeZone')}
      <select value={zone} onChange={(e) => void keep('timeZone', e.target.value)}>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z === 'UTC' ? t('tzUtc') : z === browser ? t('tzBrowser', { zone: z }) : z}
          </option>
        ))}
      </select>
      <NotKept failed={failed} />
    </label>
  );
}

/** System, light or dark: `<html data-theme>` (app/globals.css), set at once and kept like the language. */
export function ThemeSwitch() {
  const t = useTranslations('shell');
  const { keep, failed } = useKeep();
  const [chosen, setChosen] = useState<Theme>('system');
  // the server rendered the request's scheme into <html data-theme> (app/layout.tsx)
  useEffect(() => {
    const rendered = document.documentElement.dataset.theme;
    if (isTheme(rendered)) setChosen(rendered);
  }, []);
  return (
    <label className="preference">
      {t('theme')}
      <select
        value={chosen}
        onChange={(e) => {
          const next = e.target.value as Theme;
          setChosen(next);
          document.documentElement.dataset.theme = next;
          void keep('theme', next);
        }}
      >
        {THEMES.map((th) => (
          <option key={th} value={th}>
            {t(`themes.${th}`)}
          </option>
        ))}
      </select>
      <NotKept failed={failed} />
    </label>
  );
}
