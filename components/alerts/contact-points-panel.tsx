'use client';
// Webhook contact points (Alertmanager webhook JSON), with a test button that says how the receiver answered.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { sendJson, useContactPoints } from '@/lib/hooks/use-alerts';

export function ContactPointsPanel() {
  const cps = useContactPoints();
  const t = useTranslations('alerts.contacts');
  const c = useTranslations('common');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function add() {
    const r = await sendJson<{ errors?: { path: string; message: string }[]; detail?: string }>('POST', '/api/contact-points', { name, url, enabled: true });
    if (!r.ok) return setMessage(r.json.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? r.json.detail ?? `HTTP ${r.status}`);
    setName('');
    setUrl('');
    setMessage(null);
    void cps.mutate();
  }

  return (
    <section aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <p className="note">{t('note')}</p>
      <div className="table-box">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('url')}</th>
            <th scope="col">{t('enabled')}</th>
            <th scope="col">{c('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(cps.data?.contactPoints ?? []).map((cp) => (
            <tr key={cp.id}>
              <th scope="row">{cp.name}</th>
              <td>{cp.url}</td>
              <td>{cp.enabled ? c('yes') : c('no')}</td>
              <td>
                <IfCan role="operator">
                <button
                  type="button"
                  aria-label={t('testLabel', { name: cp.name })}
                  onClick={async () => {
                    const r = await sendJson<{ ok: boolean; error: string | null; ms: number }>('POST', `/api/contact-points/${cp.id}/test`);
                    setMessage(r.json.ok ? t('testSent', { name: cp.name, ms: r.json.ms }) : t('testFailed', { name: cp.name, error: String(r.json.error) }));
                  }}
                >
                  {t('test')}
                </button>{' '}
                <button type="button" aria-label={t('deleteLabel', { name: cp.name })} onClick={async () => { await sendJson('DELETE', `/api/contact-points/${cp.id}`); void cps.mutate(); }}>
                  {t('delete')}
                </button>
                </IfCan>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <IfCan role="operator">
      <form className="inline-form" aria-label={t('form')} onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label>
          {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('webhookUrl')} <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="http://alertmanager-receiver:9095/hook" />
        </label>
        <button type="submit">{t('add')}</button>
      </form>
      </IfCan>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
