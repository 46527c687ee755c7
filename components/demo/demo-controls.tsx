'use client';
// The demo cluster's fault buttons: stop or start a server, add one. Demo mode only.
import useSWR from 'swr';
import { useState } from 'react';
import { useTranslations } from 'next-intl';


interface DemoServers {
  scenario: string;
  servers: { address: string; running: boolean }[];
}

const fetcher = async (url: string): Promise<DemoServers> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json() as Promise<DemoServers>;
};

export function DemoControls() {
  const { data, mutate } = useSWR('/api/demo/servers', fetcher, { refreshInterval: 5000 });
  const t = useTranslations('demo');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function act(url: string) {
    setBusy(true);
    setError(null);
    const res = await fetch(url, { method: 'POST' });
    if (!res.ok) setError(((await res.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${res.status}`);
    await mutate();
    setBusy(false);
  }
  if (!data) return null;
  return (
    <section aria-label={t('faults')} className="demo-controls">
      <h2>{t('faults')}</h2>
      <p className="note">
        {t('faultsNote')}
      </p>
      <ul>
        {data.servers.map((s) => (
          <li key={s.address}>
            <code>{s.address}</code> {s.running ? t('running') : t('stopped')}{' '}
            <button type="button" disabled={busy} onClick={() => act(`/api/demo/servers/${encodeURIComponent(s.address)}/${s.running ? 'stop' : 'start'}`)}>
              {s.running ? t('stop', { address: s.address }) : t('start', { address: s.address })}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" disabled={busy} onClick={() => act('/api/demo/servers')}>
        {t('add')}
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
