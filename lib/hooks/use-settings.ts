'use client';
// Settings from the browser: users, API tokens and the mix weights, read with SWR and changed
// through the one API client. Their shapes are the API's response schemas.
import type { z } from 'zod';
import type { createdTokenResponse, mixWeightsBody, tokensResponse, usersResponse } from '@/lib/api/schemas';
import { send, segment } from './api-client';
import { useApi } from './use-api';

export type UserView = z.infer<typeof usersResponse>['users'][number];
export type TokenView = z.infer<typeof tokensResponse>['tokens'][number];
export type MixWeights = z.infer<typeof mixWeightsBody>;

export const useUsers = () => useApi<z.infer<typeof usersResponse>>('/api/users', 0);
export const useTokens = () => useApi<z.infer<typeof tokensResponse>>('/api/tokens', 0);
export const useMixWeights = () => useApi<MixWeights>('/api/settings/mix-weights', 0);

export const userActions = {
  create: (user: { name: unknown; role: unknown; password: unknown }) => send('POST', '/api/users', user),
  update: (id: number, change: { role?: string; disabled?: boolean }) => send('PATCH', `/api/users/${segment(id)}`, change),
  remove: (id: number) => send('DELETE', `/api/users/${segment(id)}`),
};

export const tokenActions = {
  create: (token: { name: unknown; role: unknown; expiresAt: string | null }) => send<z.infer<typeof createdTokenResponse>>('POST', '/api/tokens', token),
  revoke: (id: number) => send('DELETE', `/api/tokens/${segment(id)}`),
};

export const mixWeightActions = {
  save: (weights: MixWeights) => send('PUT', '/api/settings/mix-weights', weights),
};
