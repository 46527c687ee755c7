'use client';
// The demo cluster's fault buttons: stop or start a server, add one; restart the workers of an app,
// or all of them one by one (the moment a worker reads its server list). Demo mode only.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorAlert, useProblemText } from '@/components/ui/field-errors';
import type { Answer } from '@/lib/hooks/api-client';
import { demoActions, useDemoServers } from '@/lib/hooks/use-demo';

export function DemoControls() {
  const { data, mutate } = useDemoServers();
  const t = useTranslations('demo');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [app, setApp] = useState('');
  const problemText = useProblemText();
  async function act(change: () => Promise<Answer<unknown>>) {
    setBusy(true);
    setError(null);
    const answer = await change();
    if (!answer.ok) setError(problemText(answer.problem, answer.status));
    await mutate();
    setBusy(false);
  }
  if (!data) return null;
  const chosen = app || data.apps[0] || '';
  const rolling = data.workers.rollingRestart;
  return (
    <section aria-label={t('faults')} className="demo-controls">
      <h2>{t('faults')}</h2>
      <p className="note">{t('faultsNote')}</p>
      <ul>
        {data.servers.map((s) => (
          <li key={s.address}>
            <code>{s.address}</code> {s.running ? t('running') : t('stopped')}{' '}
            <button type="button" disabled={busy} onClick={() => act(() => demoActions.toggleServer(s.address, s.running))}>
              {s.running ? t('stop', { address: s.address }) : t('start', { address: s.address })}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" disabled={busy} onClick={() => act(demoActions.addServer)}>
        {t('add')}
      </button>
      <h3>{t('workersTitle')}</h3>
      <p className="note">{t('workersNote')}</p>
      <p role="status" aria-label={t('workersStatusLabel')}>
        {t('workersStatus', { total: data.workers.total, restarting: data.workers.restarting, delivered: data.workers.withDeliveredList })}
        {rolling && rolling.done < rolling.total ? ` ${t('rollingProgress', { done: rolling.done, total: rolling.total })}` : ''}
      </p>
      <label>
        {t('appLabel')}{' '}
        <select value={chosen} onChange={(e) => setApp(e.target.value)} disabled={busy}>
          {data.apps.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" disabled={busy || !chosen} onClick={() => act(() => demoActions.restartWorkers(chosen))}>
        {t('restartApp')}
      </button>{' '}
      <button type="button" disabled={busy || Boolean(rolling && rolling.done < rolling.total)} onClick={() => act(() => demoActions.restartWorkers())}>
        {t('rollingRestart')}
      </button>
      <ErrorAlert message={error} />
    </section>
  );
}
