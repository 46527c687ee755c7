'use client';
// Settings → Users (admin): who may sign in, with which role; add, change role, disable, remove.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { ErrorAlert, FieldError, invalidProps, useFormProblem, useProblemText } from '@/components/ui/field-errors';
import type { Answer } from '@/lib/hooks/api-client';
import { userActions, useUsers, type UserView } from '@/lib/hooks/use-settings';
import { DataTable, type Column } from '@/components/ui/data-table';
import { ROLES } from '@/lib/domain/access';


type Field = 'name' | 'role' | 'password';
const PATHS: Record<string, Field> = { name: 'name', role: 'role', password: 'password' };

export function UsersEditor() {
  const { data, mutate } = useUsers();
  const [message, setMessage] = useState<string | null>(null);
  const t = useTranslations('settings.users');
  const c = useTranslations('common');
  const s = useTranslations('shell');
  const fmt = useFormat();
  const [dialog, ask] = useConfirm();
  const problemText = useProblemText();
  const added = useFormProblem<Field>(PATHS, { 'user-exists': 'name' });

  /** a change to a listed user: its refusal (the last admin …) shows above the table */
  async function apply(change: Promise<Answer<unknown>>): Promise<boolean> {
    const r = await change;
    setMessage(r.ok ? null : problemText(r.problem, r.status));
    await mutate();
    return r.ok;
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const r = await userActions.create({ name: form.get('name'), role: form.get('role'), password: form.get('password') });
    added.show(r.ok ? null : r.problem, r.status);
    if (r.ok) formEl.reset();
    await mutate();
  }

  const columns: Column<UserView>[] = [
    { key: 'user', label: t('user'), rowHeader: true, cell: (u) => u.name },
    {
      key: 'role',
      label: t('role'),
      cell: (u) => (
        <select aria-label={t('roleOf', { name: u.name })} value={u.role} onChange={(e) => apply(userActions.update(u.id, { role: e.target.value }))}>
          {ROLES.map((r) => (
            <option key={r} value={r}>{s(`role.${r}`)}</option>
          ))}
        </select>
      ),
    },
    { key: 'state', label: t('state'), cell: (u) => (u.disabled ? t('disabled') : u.mustChangePassword ? t('mustChange') : u.sso ? t('sso') : t('active')) },
    { key: 'since', label: t('since'), cell: (u) => fmt.when(u.createdAt) },
    {
      key: 'actions',
      label: c('actions'),
      cell: (u) => (
        <>
          <button type="button" onClick={() => apply(userActions.update(u.id, { disabled: !u.disabled }))} aria-label={u.disabled ? t('enableLabel', { name: u.name }) : t('disableLabel', { name: u.name })}>
            {u.disabled ? t('enable') : t('disable')}
          </button>{' '}
          <button
            type="button"
            onClick={async () => {
              if (await ask({ title: t('removeTitle', { name: u.name }), body: <p>{t('removeBody', { name: u.name })}</p>, confirmLabel: t('remove'), danger: true })) void apply(userActions.remove(u.id));
            }}
            aria-label={t('removeLabel', { name: u.name })}
          >
            {t('remove')}
          </button>
        </>
      ),
    },
  ];

  return (
    <>
      {/* noValidate: the API's checks answer beside each field, in the operator's language */}
      <form onSubmit={add} className="inline-form fields-form" aria-label={t('form')} noValidate>
        <div className="field">
          <label htmlFor="user-name">{t('name')}</label>
          <input name="name" autoComplete="off" {...invalidProps('user-name', added.byField.name, 'user-name-help')} />
          <span id="user-name-help" className="note">{t('nameHelp')}</span>
          <FieldError id="user-name" messages={added.byField.name} />
        </div>
        <div className="field">
          <label htmlFor="user-role">{t('role')}</label>
          <select name="role" defaultValue="viewer" {...invalidProps('user-role', added.byField.role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{s(`role.${r}`)}</option>
            ))}
          </select>
          <FieldError id="user-role" messages={added.byField.role} />
        </div>
        <div className="field">
          <label htmlFor="user-password">{t('initialPassword')}</label>
          <input name="password" type="password" autoComplete="new-password" {...invalidProps('user-password', added.byField.password, 'user-password-help')} />
          <span id="user-password-help" className="note">{t('passwordHelp')}</span>
          <FieldError id="user-password" messages={added.byField.password} />
        </div>
        <button type="submit">{t('add')}</button>
      </form>
      <ErrorAlert message={added.message} />
      <p className="note">{t('note')}</p>
      <ErrorAlert message={message} />
      {dialog}
      <DataTable columns={columns} rows={data?.users ?? []} rowKey={(u) => u.id} />
    </>
  );
}
