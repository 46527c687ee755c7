'use client';
// One operator action on a server page (forget, confirm): a button that asks first, sends one
// request and says why it was refused. Operators only.
import { useState } from 'react';
import { IfCan } from '@/components/auth/session';

export function ServerAction({ label, note, question, send, done }: { label: string; note: string; question: string; send: () => Promise<Response>; done: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function act() {
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(null);
    const res = await send();
    setBusy(false);
    if (res.ok) return done();
    setError(((await res.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${res.status}`);
  }
  return (
    <IfCan role="operator">
      <p>
        <button type="button" disabled={busy} onClick={act}>
          {label}
        </button>{' '}
        <span className="note">{note}</span>
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </IfCan>
  );
}
