'use client';
// The maintenance state (the freeze switch) from the operator API, refreshed every 5 s, and the one
// way the console changes it.
import { useApi } from './use-api';
import type { FreezeState } from '@/lib/domain/maintenance';
import type { FieldError } from '@/lib/api/problem';

export function useFreeze() {
  return useApi<FreezeState>('/api/maintenance/freeze');
}

export type SendOutcome = { ok: true; json: unknown } | { ok: false; status: number; detail: string; errors: FieldError[] };

/** Sends one change to the maintenance API; the answer, or the problem's detail and field errors. */
export async function sendMaintenance(method: 'PUT' | 'POST', url: string, body?: unknown): Promise<SendOutcome> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { detail?: string; errors?: FieldError[] };
  if (res.ok) return { ok: true, json };
  return { ok: false, status: res.status, detail: json.detail ?? `HTTP ${res.status}`, errors: json.errors ?? [] };
}
