'use client';
// The maintenance state (the freeze switch, the move windows) from the operator API, refreshed every 5 s, and the one
// way the console changes it (through the one API client).
import { send } from './api-client';
import { useApi } from './use-api';
import type { FreezeState, MoveWindows } from '@/lib/domain/maintenance';
import type { FieldError } from '@/lib/api/problem';

export function useFreeze() {
  return useApi<FreezeState>('/api/maintenance/freeze');
}

export interface MoveWindowsView extends MoveWindows {
  status: { rollout: { allowedNow: boolean; nextOpening: string | null; openUntil: string | null } };
}

export function useMoveWindows() {
  return useApi<MoveWindowsView>('/api/maintenance/move-windows');
}

/** GET /api/maintenance/steering (lib/api/steering.ts). */
export interface SteeringView {
  enabled: boolean;
  confirmSeconds: number;
  by: string | null;
  at: string | null;
  reason: string | null;
  waiting: string | null;
  waitingText: { code: string; params: unknown } | null;
  silent: { address: string; health: string; lastSeenAt: string; appsOwned: number }[];
  history: { at: string; kind: 'steer' | 'correction'; appId: number; app: string | null; from: string | null; to: string; status: string; verifiedAt: string | null; detail: string | null; code: string | null; params: unknown }[];
}

export function useSteering() {
  return useApi<SteeringView>('/api/maintenance/steering');
}

export type SendOutcome = { ok: true; json: unknown } | { ok: false; status: number; detail: string; errors: FieldError[] };

/** Sends one change to the maintenance API; the answer, or the problem's detail and field errors. */
export async function sendMaintenance(method: 'PUT' | 'POST', url: string, body?: unknown): Promise<SendOutcome> {
  const r = await send(method, url, body);
  if (r.ok) return { ok: true, json: r.data };
  return { ok: false, status: r.status, detail: r.problem.detail ?? `HTTP ${r.status}`, errors: r.problem.errors ?? [] };
}
