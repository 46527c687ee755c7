'use client';
// Rollouts from the browser: the changes an operator makes (create, promote, pause, resume, abort …)
// and the strategy preview the form and the Strategies page run, all through the one API client.
import { send, segment } from './api-client';

export const rolloutActions = {
  /** a step of the rollout's life (promote, pause, resume, abort, promote-full); promote-full says it was confirmed */
  act: (id: string, action: string) => send('POST', `/api/rollouts/${segment(id)}/${action}`, action === 'promote-full' ? { confirm: true } : {}),
  create: (body: unknown) => send<{ id?: string }>('POST', '/api/rollouts', body),
};

export const strategyActions = {
  /** POST /api/strategies/preview: what a strategy would do to the current (or a scenario's) spread */
  preview: <T>(body: unknown) => send<T>('POST', '/api/strategies/preview', body),
};
