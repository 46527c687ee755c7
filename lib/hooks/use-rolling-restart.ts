'use client';
// The rolling restart (the current one and the recent ones) from the operator API, refreshed every
// 5 s, and the one way the console starts and acts on one (through the one API client).
import { send, segment } from './api-client';
import { useApi } from './use-api';
import type { RollingRestartView } from '@/lib/api/rolling-restarts';
import type { RollingRestartAction, RollingRestartBody } from '@/lib/domain/rolling-restart';

export type { RollingRestartView };

export function useRollingRestarts() {
  return useApi<{ current: RollingRestartView | null; recent: RollingRestartView[] }>('/api/rolling-restarts');
}

export const rollingRestartActions = {
  start: (body: RollingRestartBody) => send<RollingRestartView>('POST', '/api/rolling-restarts', body),
  act: (id: string, action: RollingRestartAction) => send<RollingRestartView>('POST', `/api/rolling-restarts/${segment(id)}/${action}`),
};
