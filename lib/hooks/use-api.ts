'use client';
// SWR over the operator API: refreshed every 5 s, with the time of the last good answer so pages
// can say "updated N s ago" and warn when that grows stale.
import { useEffect, useState } from 'react';
import useSWR from 'swr';
import type { ProblemBody } from '../i18n/problems.ts';

/** A failed read: its English message, and the problem+json it answered (its code says it in the operator's language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: ProblemBody = { status },
  ) {
    super(message);
  }
}

/** The ApiError of a response that is not ok, from its problem+json body. */
export async function apiError(res: Response): Promise<ApiError> {
  const problem = (await res.json().catch(() => ({}))) as ProblemBody;
  return new ApiError(res.status, problem.detail ?? `HTTP ${res.status}`, { status: res.status, ...problem });
}

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw await apiError(res);
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
