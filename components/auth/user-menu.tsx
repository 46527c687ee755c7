'use client';
// The signed-in user's name and role in the sidebar, language, time zone and colour scheme, and Sign out.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { authActions } from '@/lib/hooks/use-auth';
import { useSession } from './session';
import { LanguageSwitch, ThemeSwitch, TimeZoneSwitch } from '@/components/layout/preferences';

export function UserMenu() {
  const user = useSession();
  const t = useTranslations('shell');
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  async function signOut() {
    setBusy(true);
    // whatever it answers, the sign-in page is where a signed-out user goes
    await authActions.signOut();
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
