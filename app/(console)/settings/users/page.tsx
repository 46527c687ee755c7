// Settings → Users (admin only; the gate refuses everyone else).
import { getTranslations } from 'next-intl/server';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { UsersEditor } from '@/components/settings/users-editor';

export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const t = await getTranslations('pages.settings');
  return (
    <>
      <SettingsTabs current="/settings/users" />
      <h1>{t('users')}</h1>
      <p className="lede">{t('usersLede')}</p>
      <UsersEditor />
    </>
  );
}
