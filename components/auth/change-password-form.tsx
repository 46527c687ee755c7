'use client';
// Changing one's own password (required at first sign-in with an initial password).
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';


export function ChangePasswordForm() {
  const t = useTranslations('auth');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get('next') !== form.get('repeat')) {
      setError(t('differ'));
      return;
    }
    setBusy(true);
    setError(null);
    const res = await fetch('/api/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ current: form.get('current'), next: form.get('next') }),
    });
    setBusy(false);
    if (res.ok) {
      window.location.assign('/overview');
      return;
    }
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; errors?: { path: string; message: string }[] };
    setError([problem.detail, ...(problem.errors ?? []).map((e) => `${e.path}: ${e.message}`)].filter(Boolean).join(' — ') || `HTTP ${res.status}`);
  }
  return (
    <form onSubmit={submit} className="auth-form" aria-label={t('changeForm')}>
      <label>
        {t('current')}
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {t('next')}
        <input name="next" type="password" autoComplete="new-password" required />
      </label>
      <label>
        {t('repeat')}
        <input name="repeat" type="password" autoComplete="new-password" required />
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('change')}
      </button>
    </form>
  );
}
