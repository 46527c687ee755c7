'use client';
// The signed-in user's name and role in the sidebar, language, time zone and colour scheme, and Sign out.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useSession } from './session';
import { LanguageSwitch, ThemeSwitch, TimeZoneSwitch } from '@/components/layout/preferences';

export function UserMenu() {
  const user = useSession();
  const t = useTranslations('shell');
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  async function signOut() {
    setBusy(true);
    await fetch('/api/auth/sign-out', { method: 'POST' }).catch(() => undefined);
    window.location.assign('/sign-in');
  }
  return (
    <div className="user-menu" role="group" aria-label={t('signedIn')}>
      <span>
        {user.name} <small>({t(`role.${user.role}`)})</small>
      </span>
      <LanguageSwitch />
      <TimeZoneSwitch />
      <ThemeSwitch />
      <button type="button" onClick={signOut} disabled={busy}>
        {t('signOut')}
      </button>
    </div>
  );
}
