'use client';
// "Forget this server" on a server that is down or stale: for a server that left for good, so it
// stops showing as down and its alerts resolve. Operators only; asks first.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { IfCan } from '@/components/auth/session';

export function ForgetServer({ address, appsOwned }: { address: string; appsOwned: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function forget() {
    const bound = appsOwned > 0 ? ` PowerJob still binds ${appsOwned} app(s) to it; they will show as unowned.` : '';
    if (!window.confirm(`Forget ${address}? It disappears from every page and its alerts resolve; its history stays.${bound} If it reports again, it comes back.`)) return;
    setBusy(true);
    setError(null);
    const res = await fetch(`/api/servers/${encodeURIComponent(address)}`, { method: 'DELETE' });
    if (res.ok) {
      router.push('/servers');
      router.refresh();
      return;
    }
    setError(((await res.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${res.status}`);
    setBusy(false);
  }
  return (
    <IfCan role="operator">
      <p>
        <button type="button" disabled={busy} onClick={forget}>
          Forget this server
        </button>{' '}
        <span className="note">for a server that has left for good</span>
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </IfCan>
  );
}
