// Sign in: name and password, or single sign-on when configured.
import { SignInForm } from '@/components/auth/sign-in-form';
import { getRuntime } from '@/lib/runtime';
import { safeNext } from '@/lib/api/auth-routes';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="auth-page">
      <h1>Sign in</h1>
      <p className="lede">Fulcrum shows and changes how your PowerJob cluster balances its apps; sign in to continue.</p>
      <SignInForm next={safeNext(next)} sso={Boolean(getRuntime()?.oidc)} />
    </div>
  );
}
