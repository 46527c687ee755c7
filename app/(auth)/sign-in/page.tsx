// Sign in: name and password, or single sign-on when configured.
import { getTranslations } from 'next-intl/server';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getRuntime } from '@/lib/runtime';
import { safeNext } from '@/lib/api/auth-routes';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const t = await getTranslations('pages.signIn');
  return (
    <div className="auth-page">
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <SignInForm next={safeNext(next)} sso={Boolean(getRuntime()?.oidc)} />
    </div>
  );
}
