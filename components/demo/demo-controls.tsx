'use client';
// The demo cluster's fault buttons: stop or start a server, add one. Demo mode only.
import useSWR from 'swr';
import { useState } from 'react';

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
    <section aria-label="Demo cluster faults" className="demo-controls">
      <h2>Demo cluster faults</h2>
      <p className="note">
        What PowerJob operators live through: stop a server and its apps move to whichever server their workers reach
        first, and stay there after it comes back; add a server and nothing moves to it.
      </p>
      <ul>
        {data.servers.map((s) => (
          <li key={s.address}>
            <code>{s.address}</code> {s.running ? 'running' : 'stopped'}{' '}
            <button type="button" disabled={busy} onClick={() => act(`/api/demo/servers/${encodeURIComponent(s.address)}/${s.running ? 'stop' : 'start'}`)}>
              {s.running ? `Stop ${s.address}` : `Start ${s.address}`}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" disabled={busy} onClick={() => act('/api/demo/servers')}>
        Add a server
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
