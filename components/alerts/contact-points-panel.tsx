'use client';
// Contact points of every kind (webhook, DingTalk, Feishu, WeCom, Alertmanager), with a test button
// that says whether the receiver took it, and their forms to add or edit one (contact-point-form.tsx).
// A signing secret is typed once and never shown again.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { DataTable } from '@/components/ui/data-table';
import { alertActions, useContactPoints, type ContactPointView } from '@/lib/hooks/use-alerts';
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
      <DataTable<ContactPointView>
        rows={cps.data?.contactPoints ?? []}
        rowKey={(cp) => cp.id}
        columns={[
          { key: 'name', label: t('name'), rowHeader: true, cell: (cp) => cp.name },
          { key: 'kind', label: t('kind'), cell: (cp) => t(`kinds.${cp.kind}`) },
          { key: 'url', label: t('url'), cell: (cp) => cp.url },
          { key: 'language', label: t('language'), cell: (cp) => t(`languages.${cp.language}`) },
          { key: 'signing', label: t('signing'), cell: (cp) => (cp.secretSet ? t('secretSet') : '–') },
          { key: 'enabled', label: t('enabled'), cell: (cp) => (cp.enabled ? c('yes') : c('no')) },
          {
            key: 'actions',
            label: c('actions'),
            cell: (cp) => (
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
            ),
          },
        ]}
      />
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
