'use client';
// The delivery channels and what each has reached per rollout (GET /api/delivery), refreshed every 5 s.
import type { DeliveryView } from '@/lib/api/delivery';
import { useApi } from './use-api';

export type { DeliveryView };

export function useDelivery() {
  return useApi<DeliveryView>('/api/delivery');
}

export interface WorkerAnswer {
  servers: string[];
  strategy: { kind: string };
  rollout: { id: string; inCohort: boolean } | null;
  delivery: { shapedFor: 'ordered' | 'shuffled' | 'unknown'; forVersions: string; takesEffect: 'next-start'; orderKept: boolean; repeats: number; intended: string | null; firstClaim: Record<string, number> | null };
}

/** What the assignment API would answer one worker (null: ask nothing yet). */
export function useWorkerAnswer(q: { app: string; worker: string; version: string } | null) {
  const url = q ? `/api/delivery/answer?${new URLSearchParams({ app: q.app, worker: q.worker, ...(q.version ? { version: q.version } : {}) })}` : null;
  return useApi<WorkerAnswer>(url, 0);
}
