'use client';
// Changing one's own password (required at first sign-in with an initial password).
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorAlert, FieldError, invalidProps, useFormProblem } from '@/components/ui/field-errors';
import { authActions } from '@/lib/hooks/use-auth';

type Field = 'current' | 'next' | 'repeat';
const PATHS: Record<string, Field> = { current: 'current', next: 'next' };

export function ChangePasswordForm() {
  const t = useTranslations('auth');
  const problem = useFormProblem<Field>(PATHS, { 'wrong-current-password': 'current', 'same-password': 'next' });
  const [differ, setDiffer] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    problem.clear();
    setDiffer(form.get('next') !== form.get('repeat'));
    if (form.get('next') !== form.get('repeat')) return;
    setBusy(true);
    const r = await authActions.changePassword(form.get('current'), form.get('next'));
    setBusy(false);
    if (r.ok) {
      window.location.assign('/overview');
      return;
    }
    problem.show(r.problem, r.status);
  }
  const repeat = differ ? [t('differ')] : undefined;
  return (
    <form onSubmit={submit} className="auth-form" aria-label={t('changeForm')} noValidate>
      <label>
        {t('current')}
        <input name="current" type="password" autoComplete="current-password" {...invalidProps('password-current', problem.byField.current)} />
      </label>
      <FieldError id="password-current" messages={problem.byField.current} />
      <label>
        {t('next')}
        <input name="next" type="password" autoComplete="new-password" {...invalidProps('password-next', problem.byField.next)} />
      </label>
      <FieldError id="password-next" messages={problem.byField.next} />
      <label>
        {t('repeat')}
        <input name="repeat" type="password" autoComplete="new-password" {...invalidProps('password-repeat', repeat)} />
      </label>
      <FieldError id="password-repeat" messages={repeat} />
      <ErrorAlert message={problem.message} />
      <button type="submit" disabled={busy}>
        {t('change')}
      </button>
    </form>
  );
}
