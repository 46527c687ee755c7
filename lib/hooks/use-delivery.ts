'use client';
// The delivery channels and what each has reached per rollout (GET /api/delivery), refreshed every 5 s.
import type { DeliveryView } from '@/lib/api/delivery';
import { useApi } from './use-api';

export type { DeliveryView };

export function useDelivery() {
  return useApi<DeliveryView>('/api/delivery');
}
