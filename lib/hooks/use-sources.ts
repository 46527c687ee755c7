'use client';
// The collector's sources and their status, refreshed every 5 s, and an admin's changes to them.
import type { z } from 'zod';
import type { sourcesResponse } from '@/lib/api/schemas';
import { send, segment } from './api-client';
import { useApi } from './use-api';

export type SourceStatusView = z.infer<typeof sourcesResponse>['sources'][number];

export function useSources() {
  return useApi<z.infer<typeof sourcesResponse>>('/api/sources');
}

export const sourceActions = {
  add: (address: string) => send('POST', '/api/sources', { address }),
  replace: (from: string, to: string) => send('PUT', `/api/sources/${segment(from)}`, { address: to }),
  remove: (address: string) => send('DELETE', `/api/sources/${segment(address)}`),
};
