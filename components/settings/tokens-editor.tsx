'use client';
// Settings → Tokens (admin): API tokens for programs, with a role and an expiry; a new token is
// shown once, then only its first characters.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
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
const EXPIRY_DAYS = [7, 30, 90, 365, 0];

export function TokensEditor() {
  const { data, mutate } = useApi<{ tokens: TokenView[] }>('/api/tokens', 0);
  const [message, setMessage] = useState<string | null>(null);
  const t = useTranslations('settings.tokens');
  const fmt = useFormat();
  const c = useTranslations('common');
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
      <form onSubmit={add} className="inline-form" aria-label={t('form')}>
        <label>
          {t('name')} <input name="name" required autoComplete="off" />
        </label>
        <label>
          {t('role')}{' '}
          <select name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          {t('expiresIn')}{' '}
          <select name="expiry" defaultValue="30">
            {EXPIRY_DAYS.map((days) => (
              <option key={days} value={days}>
                {days === 0 ? t('never') : days === 365 ? t('year') : t('days', { days })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('create')}</button>
      </form>
      {created ? (
        <div role="status" className="card">
          <p>
            {t.rich('shownOnce', { name: created.name, strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
          <code aria-label={t('newToken')}>{created.token}</code>
        </div>
      ) : null}
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      <div className="table-box">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('token')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('startsWith')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('expires')}</th>
            <th scope="col">{t('lastUsed')}</th>
            <th scope="col">{t('createdBy')}</th>
            <th scope="col">{c('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(data?.tokens ?? []).map((tok) => (
            <tr key={tok.id}>
              <th scope="row">{tok.name}</th>
              <td>{tok.role}</td>
              <td>
                <code>{tok.prefix}…</code>
              </td>
              <td>{t(`states.${tok.state}`)}</td>
              <td>{fmt.when(tok.expiresAt, t('never'))}</td>
              <td>{fmt.when(tok.lastUsedAt, t('never'))}</td>
              <td>{tok.createdBy}</td>
              <td>
                {tok.state === 'active' ? (
                  <button type="button" onClick={() => revoke(tok.id)} aria-label={t('revokeLabel', { name: tok.name })}>
                    {t('revoke')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <p className="note">{t.rich('note', { code: (chunks) => <code>{chunks}</code> })}</p>
    </>
  );
}
