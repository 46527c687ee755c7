'use client';
// Settings → Tokens (admin): API tokens for programs, with a role and an expiry; a new token is
// shown once, then only its first characters.
import { useState, type FormEvent } from 'react';
import { useApi } from '@/lib/hooks/use-api';
import { problemText } from './problem-text';

interface TokenView {
  id: number;
  name: string;
  role: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

const ROLES = ['viewer', 'operator', 'admin', 'ingest', 'assignment'] as const;
const EXPIRY_DAYS = [{ label: '7 days', days: 7 }, { label: '30 days', days: 30 }, { label: '90 days', days: 90 }, { label: '1 year', days: 365 }, { label: 'never', days: 0 }];

export function TokensEditor() {
  const { data, mutate } = useApi<{ tokens: TokenView[] }>('/api/tokens', 0);
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const days = Number(form.get('expiry'));
    const res = await fetch('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: form.get('name'), role: form.get('role'), expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null }),
    });
    if (res.ok) {
      const body = (await res.json()) as { name: string; token: string };
      setCreated({ name: body.name, token: body.token });
      setMessage(null);
      formEl.reset();
    } else setMessage(await problemText(res));
    await mutate();
  }

  async function revoke(id: number) {
    const res = await fetch(`/api/tokens/${id}`, { method: 'DELETE' });
    setMessage(res.ok ? null : await problemText(res));
    await mutate();
  }

  return (
    <>
      <form onSubmit={add} className="inline-form" aria-label="Create token">
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
          Expires in{' '}
          <select name="expiry" defaultValue="30">
            {EXPIRY_DAYS.map((e) => (
              <option key={e.days} value={e.days}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
      {created ? (
        <div role="status" className="card">
          <p>
            Token <strong>{created.name}</strong>, shown this once (only its digest is stored):
          </p>
          <code aria-label="New token">{created.token}</code>
        </div>
      ) : null}
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">token</th>
            <th scope="col">role</th>
            <th scope="col">starts with</th>
            <th scope="col">state</th>
            <th scope="col">expires</th>
            <th scope="col">last used</th>
            <th scope="col">created by</th>
            <th scope="col">actions</th>
          </tr>
        </thead>
        <tbody>
          {(data?.tokens ?? []).map((t) => (
            <tr key={t.id}>
              <th scope="row">{t.name}</th>
              <td>{t.role}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.state}</td>
              <td>{t.expiresAt ? t.expiresAt.replace('T', ' ').slice(0, 16) : 'never'}</td>
              <td>{t.lastUsedAt ? t.lastUsedAt.replace('T', ' ').slice(0, 16) : 'never'}</td>
              <td>{t.createdBy}</td>
              <td>
                {t.state === 'active' ? (
                  <button type="button" onClick={() => revoke(t.id)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        viewer/operator/admin tokens are sent as <code>Authorization: Bearer &lt;token&gt;</code> to the operator API;
        ingest tokens to the data plane&apos;s <code>POST /v1/ingest</code>.
      </p>
    </>
  );
}
