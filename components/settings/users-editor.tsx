'use client';
// Settings → Users (admin): who may sign in, with which role; add, change role, disable, remove.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { useApi } from '@/lib/hooks/use-api';
import { problemText } from './problem-text';

type Role = 'viewer' | 'operator' | 'admin';
interface UserView {
  id: number;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  sso: boolean;
  disabled: boolean;
  createdAt: string;
}

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

export function UsersEditor() {
  const { data, mutate } = useApi<{ users: UserView[] }>('/api/users', 0);
  const [message, setMessage] = useState<string | null>(null);
  const t = useTranslations('settings.users');
  const c = useTranslations('common');
  const s = useTranslations('shell');
  const fmt = useFormat();
  const [dialog, ask] = useConfirm();

  async function send(method: string, url: string, body?: unknown): Promise<boolean> {
    const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    setMessage(res.ok ? null : await problemText(res));
    await mutate();
    return res.ok;
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    if (await send('POST', '/api/users', { name: form.get('name'), role: form.get('role'), password: form.get('password') })) formEl.reset();
  }

  return (
    <>
      <form onSubmit={add} className="inline-form" aria-label={t('form')}>
        <label>
          {t('name')} <input name="name" required autoComplete="off" />
        </label>
        <label>
          {t('role')}{' '}
          <select name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r} value={r}>{s(`role.${r}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('initialPassword')} <input name="password" type="password" minLength={10} required autoComplete="new-password" />
        </label>
        <button type="submit">{t('add')}</button>
      </form>
      <p className="note">{t('note')}</p>
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      {dialog}
      <div className="table-box">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('user')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('since')}</th>
            <th scope="col">{c('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(data?.users ?? []).map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.name}</th>
              <td>
                <select aria-label={t('roleOf', { name: u.name })} value={u.role} onChange={(e) => send('PATCH', `/api/users/${u.id}`, { role: e.target.value })}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>{s(`role.${r}`)}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? t('disabled') : u.mustChangePassword ? t('mustChange') : u.sso ? t('sso') : t('active')}</td>
              <td>{fmt.when(u.createdAt)}</td>
              <td>
                <button type="button" onClick={() => send('PATCH', `/api/users/${u.id}`, { disabled: !u.disabled })} aria-label={u.disabled ? t('enableLabel', { name: u.name }) : t('disableLabel', { name: u.name })}>
                  {u.disabled ? t('enable') : t('disable')}
                </button>{' '}
                <button
                  type="button"
                  onClick={async () => {
                    if (await ask({ title: t('removeTitle', { name: u.name }), body: <p>{t('removeBody', { name: u.name })}</p>, confirmLabel: t('remove'), danger: true })) void send('DELETE', `/api/users/${u.id}`);
                  }}
                  aria-label={t('removeLabel', { name: u.name })}
                >
                  {t('remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </>
  );
}
