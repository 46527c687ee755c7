'use client';
// SWR over the operator API: refreshed every 5 s, with the time of the last good answer so pages
// can say "updated N s ago" and warn when that grows stale.
import { useEffect, useState } from 'react';
import useSWR from 'swr';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    throw new ApiError(res.status, problem.detail ?? `HTTP ${res.status}`);
  }
  return res.json() as Promise<T>;
}

export function useApi<T>(url: string | null, refreshMs = 5000) {
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const swr = useSWR<T>(url, fetchJson, {
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
