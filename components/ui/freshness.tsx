'use client';
// "Updated N s ago", and a warning when the page's data or the cluster's data is old.
import { useSecondsSince } from '@/lib/hooks/use-api';

export function Freshness({ updatedAt, error, staleAfterS }: { updatedAt: number | null; error?: Error; staleAfterS: number }) {
  const ago = useSecondsSince(updatedAt);
  const stale = ago !== null && ago > staleAfterS;
  return (
    <p className="freshness" aria-live="polite">
      {ago === null ? 'Loading…' : `Updated ${ago} s ago`}
      {error ? <span className="error"> — the last refresh failed ({error.message}); showing older data</span> : null}
      {stale && !error ? <span className="error"> — stale: no fresh answer for {ago} s</span> : null}
    </p>
  );
}
