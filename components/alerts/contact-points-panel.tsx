'use client';
// Contact points of every kind (webhook, DingTalk, Feishu, WeCom, Alertmanager), with a test button
// that says whether the receiver took it, and their forms to add or edit one (contact-point-form.tsx).
// A signing secret is typed once and never shown again.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { alertActions, useContactPoints } from '@/lib/hooks/use-alerts';
import { ContactPointForm } from './contact-point-form';

export function ContactPointsPanel() {
  const cps = useContactPoints();
  const t = useTranslations('alerts.contacts');
  const c = useTranslations('common');
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const edited = cps.data?.contactPoints.find((cp) => cp.id === editing);

  return (
    <section aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <p className="note">{t('kindsNote')}</p>
      <div className="table-box">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('url')}</th>
            <th scope="col">{t('language')}</th>
            <th scope="col">{t('signing')}</th>
            <th scope="col">{t('enabled')}</th>
            <th scope="col">{c('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(cps.data?.contactPoints ?? []).map((cp) => (
            <tr key={cp.id}>
              <th scope="row">{cp.name}</th>
              <td>{t(`kinds.${cp.kind}`)}</td>
              <td>{cp.url}</td>
              <td>{t(`languages.${cp.language}`)}</td>
              <td>{cp.secretSet ? t('secretSet') : '–'}</td>
              <td>{cp.enabled ? c('yes') : c('no')}</td>
              <td>
                <IfCan role="operator">
                <button
                  type="button"
                  aria-label={t('testLabel', { name: cp.name })}
                  onClick={async () => {
                    const r = await alertActions.testContactPoint(cp.id);
                    const sent = r.ok && r.data.ok;
                    setMessage(sent ? t('testSent', { name: cp.name, ms: r.data.ms ?? 0 }) : t('testFailed', { name: cp.name, error: r.ok ? String(r.data.error) : (r.problem.detail ?? `HTTP ${r.status}`) }));
                  }}
                >
                  {t('test')}
                </button>{' '}
                <button type="button" aria-label={t('editLabel', { name: cp.name })} aria-pressed={editing === cp.id} onClick={() => setEditing(editing === cp.id ? null : cp.id)}>
                  {t('edit')}
                </button>{' '}
                <button type="button" aria-label={t('deleteLabel', { name: cp.name })} onClick={async () => { await alertActions.deleteContactPoint(cp.id); void cps.mutate(); }}>
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
        {edited ? (
          <>
            <h3>{t('editForm', { name: edited.name })}</h3>
            <ContactPointForm
              key={edited.id}
              editing={edited}
              onDone={() => {
                setEditing(null);
                void cps.mutate();
              }}
            />
          </>
        ) : null}
        <h3>{t('form')}</h3>
        <ContactPointForm onDone={() => void cps.mutate()} />
      </IfCan>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
