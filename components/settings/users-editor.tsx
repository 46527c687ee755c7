'use client';
// Settings → Users (admin): who may sign in, with which role; add, change role, disable, remove.
import { useState, type FormEvent } from 'react';
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
      <form onSubmit={add} className="inline-form" aria-label="Add user">
        <label>
          Name <input name="name" required autoComplete="off" />
        </label>
        <label>
          Role{' '}
          <select name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Initial password <input name="password" type="password" minLength={10} required autoComplete="new-password" />
        </label>
        <button type="submit">Add user</button>
      </form>
      <p className="note">A new user must change the initial password at first sign-in.</p>
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">user</th>
            <th scope="col">role</th>
            <th scope="col">state</th>
            <th scope="col">since</th>
            <th scope="col">actions</th>
          </tr>
        </thead>
        <tbody>
          {(data?.users ?? []).map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.name}</th>
              <td>
                <select aria-label={`Role of ${u.name}`} value={u.role} onChange={(e) => send('PATCH', `/api/users/${u.id}`, { role: e.target.value })}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? 'disabled' : u.mustChangePassword ? 'must change password' : u.sso ? 'single sign-on' : 'active'}</td>
              <td>{u.createdAt.slice(0, 10)}</td>
              <td>
                <button type="button" onClick={() => send('PATCH', `/api/users/${u.id}`, { disabled: !u.disabled })} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.name}`}>
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>{' '}
                <button type="button" onClick={() => send('DELETE', `/api/users/${u.id}`)} aria-label={`Remove ${u.name}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
