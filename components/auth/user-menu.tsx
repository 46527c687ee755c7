'use client';
// The signed-in user's name and role in the sidebar, with Sign out.
import { useState } from 'react';
import { useSession } from './session';

export function UserMenu() {
  const user = useSession();
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  async function signOut() {
    setBusy(true);
    await fetch('/api/auth/sign-out', { method: 'POST' }).catch(() => undefined);
    window.location.assign('/sign-in');
  }
  return (
    <div className="user-menu" aria-label="Signed in">
      <span>
        {user.name} <small>({user.role})</small>
      </span>
      <button type="button" onClick={signOut} disabled={busy}>
        Sign out
      </button>
    </div>
  );
}
