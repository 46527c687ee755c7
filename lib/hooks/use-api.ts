'use client';
// SWR over the operator API (read through lib/hooks/api-client.ts): refreshed every 5 s, with the time of the last good answer so pages
// can say "updated N s ago" and warn when that grows stale.
import { useEffect, useState } from 'react';
import useSWR from 'swr';
import { load } from './api-client';

export function useApi<T>(url: string | null, refreshMs = 5000) {
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const swr = useSWR<T>(url, load<T>, {
    refreshInterval: refreshMs,
    keepPreviousData: true,
    onSuccess: () => setUpdatedAt(Date.now()),
  });
  return { ...swr, updatedAt };
}

/** Seconds since a moment, ticking once a second. */
export function useSecondsSince(moment: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return moment === null ? null : Math.max(0, Math.round((now - moment) / 1000));
}
