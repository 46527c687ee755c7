'use client';
// Settings → Sources: the PowerJob servers the collector polls, their status, and the form to
// add, edit and remove the ones added here.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import type { Answer } from '@/lib/hooks/api-client';
import { sourceActions, useSources } from '@/lib/hooks/use-sources';
import { ErrorAlert, FieldError, invalidProps, useFormProblem, useLoadErrorText, useProblemText } from '@/components/ui/field-errors';

const ADD_PATHS: Record<string, 'address'> = { address: 'address' };
import { StatusBadge } from '@/components/ui/status-badge';
import { useCan } from '@/components/auth/session';

export function SourcesEditor() {
  const { data, error, mutate } = useSources();
  const [address, setAddress] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ from: string; to: string } | null>(null);
  // sources are an admin's to change; everyone else sees them read-only
  const canEdit = useCan('admin');
  const t = useTranslations('settings.sources');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const fmt = useFormat();

  const problemText = useProblemText();
  const added = useFormProblem(ADD_PATHS, { 'source-exists': 'address' });

  /** an edit or removal of a listed source: its refusal shows above the table */
  async function change(answer: Promise<Answer<unknown>>) {
    const r = await answer;
    setMessage(r.ok ? null : [problemText(r.problem, r.status), ...(r.problem.errors ?? []).map((e) => e.message)].join(' '));
    await mutate();
    return r.ok;
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const r = await sourceActions.add(address.trim());
    added.show(r.ok ? null : r.problem, r.status);
    if (r.ok) setAddress('');
    await mutate();
  }

  const sources = data?.sources;
  return (
    <>
      {canEdit ? (
        <>
      {/* noValidate: the API's checks answer beside the field, in the operator's language */}
      <form onSubmit={add} className="inline-form fields-form" noValidate>
        <div className="field">
          <label htmlFor="source-address">{t('address')}</label>
          <input value={address} onChange={(e) => setAddress(e.target.value)} placeholder="10.0.0.5:7700" {...invalidProps('source-address', added.byField.address, 'source-help')} />
          <FieldError id="source-address" messages={added.byField.address} />
        </div>
        <button type="submit">{t('add')}</button>
      </form>
      <p id="source-help" className="note">
        {t('help')}
      </p>
      <ErrorAlert message={added.message} />
      </>
      ) : null}
      <ErrorAlert message={message} />
      {error ? <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p> : null}
      {!sources ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : sources.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="table-box">
        <table>
          <caption>{t('caption', { count: sources.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('server')}</th>
              <th scope="col">{t('from')}</th>
              <th scope="col">{t('collection')}</th>
              <th scope="col" className="num">{t('appsHeld')}</th>
              <th scope="col" className="num">{t('workers')}</th>
              <th scope="col">{t('lastSuccess')}</th>
              <th scope="col">{t('problem')}</th>
              <th scope="col">{c('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.address}>
                <th scope="row">
                  {editing?.from === s.address ? (
                    <input
                      autoFocus
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') setEditing(null);
                      }}
                      aria-label={t('newAddress', { address: s.address })}
                      value={editing.to}
                      onChange={(e) => setEditing({ from: s.address, to: e.target.value })}
                    />
                  ) : (
                    s.address
                  )}
                </th>
                <td>{s.origin === 'env' ? 'FULCRUM_POWERJOB_SERVERS' : s.origin === 'demo' ? t('originDemo') : t('originConsole')}</td>
                <td>
                  <StatusBadge status={s.state === 'ok' ? 'up' : s.state === 'failing' ? 'down' : 'unknown'} /> {t(`state.${s.state}`)}
                </td>
                <td className="num">{s.appsHeld}</td>
                <td className="num">{s.workers}</td>
                <td>{fmt.when(s.lastSuccessAt, c('never'))}</td>
                <td className="wrap">{s.lastError ?? ''}</td>
                <td>
                  {s.origin === 'console' && !canEdit ? (
                    <span className="note">{t('addedInConsole')}</span>
                  ) : s.origin === 'console' ? (
                    editing?.from === s.address ? (
                      <>
                        <button
                          type="button"
                          onClick={async () => {
                            if (await change(sourceActions.replace(s.address, editing.to.trim()))) setEditing(null);
                          }}
                        >
                          {t('save')}
                        </button>{' '}
                        <button type="button" onClick={() => setEditing(null)}>
                          {c('cancel')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button type="button" onClick={() => setEditing({ from: s.address, to: s.address })} aria-label={t('editLabel', { address: s.address })}>
                          {t('edit')}
                        </button>{' '}
                        <button
                          type="button"
                          aria-label={t('removeLabel', { address: s.address })}
                          onClick={() => change(sourceActions.remove(s.address))}
                        >
                          {t('remove')}
                        </button>
                      </>
                    )
                  ) : (
                    <span className="note">{s.origin === 'demo' ? t('emulated') : t('byEnv')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </>
  );
}
