'use client';
// The sign-in form: name and password, and single sign-on when the server offers it.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorAlert, useProblemText } from '@/components/ui/field-errors';
import { authActions } from '@/lib/hooks/use-auth';

export function SignInForm({ next, sso }: { next: string; sso: boolean }) {
  const t = useTranslations('auth');
  const [error, setError] = useState<string | null>(null);
  const problemText = useProblemText();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const answer = await authActions.signIn(form.get('name'), form.get('password'));
    setBusy(false);
    if (answer.ok) {
      window.location.assign(answer.data.mustChangePassword ? '/change-password' : next);
      return;
    }
    setError(problemText(answer.problem, answer.status));
  }
  return (
    <form onSubmit={submit} className="auth-form" aria-label={t('signInForm')}>
      <label>
        {t('name')}
        <input name="name" autoComplete="username" required />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <ErrorAlert message={error} />
      <button type="submit" disabled={busy}>
        {t('signIn')}
      </button>
      {sso ? (
        <p>
          <a className="button-link" href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}>
            {t('sso')}
          </a>
        </p>
      ) : null}
    </form>
  );
}
