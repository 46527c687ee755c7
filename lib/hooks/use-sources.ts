'use client';
// The collector's sources and their status, refreshed every 5 s.
import useSWR from 'swr';

export interface SourceStatusView {
  address: string;
  origin: 'env' | 'console' | 'demo';
  state: 'ok' | 'failing' | 'pending';
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  appsHeld: number;
  workers: number;
  loggedIn: boolean;
}

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json() as Promise<T>;
}

export function useSources() {
  return useSWR<{ sources: SourceStatusView[] }>('/api/sources', fetchJson, { refreshInterval: 5000 });
}
