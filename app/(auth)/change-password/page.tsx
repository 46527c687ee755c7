// Change password: required before anything else when the password was set for the user
// (the first-start admin password, or one an admin gave).
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { principalOf } from '@/lib/api/principal';

export const dynamic = 'force-dynamic';

export default async function ChangePasswordPage() {
  const principal = principalOf(await headers());
  const t = await getTranslations('pages.changePassword');
  return (
    <div className="auth-page">
      <h1>{t('title')}</h1>
      {principal?.mustChangePassword ? (
        <p className="lede" role="status">
          {t('mustChange', { name: principal.name })}
        </p>
      ) : (
        <p className="lede">{t('lede')}</p>
      )}
      <ChangePasswordForm />
    </div>
  );
}
