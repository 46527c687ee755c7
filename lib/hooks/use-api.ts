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

/** Sends a change to the operator API as JSON; the answer (a problem+json on failure) parsed. */
export async function sendJson<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; ok: boolean; json: T }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a proxy's error page): the caller says the status
  }
  return { status: res.status, ok: res.ok, json: json as T };
}
