'use client';
// The demo cluster (demo mode only): its servers and workers, refreshed every 5 s, and the faults
// an operator sets off (stop or start a server, add one, restart workers).
import type { z } from 'zod';
import type { demoServersResponse } from '@/lib/api/schemas';
import { send, segment } from './api-client';
import { useApi } from './use-api';

export type DemoServers = z.infer<typeof demoServersResponse>;

export const useDemoServers = () => useApi<DemoServers>('/api/demo/servers');

export const demoActions = {
  toggleServer: (address: string, running: boolean) => send('POST', `/api/demo/servers/${segment(address)}/${running ? 'stop' : 'start'}`),
  addServer: () => send('POST', '/api/demo/servers'),
  /** restarts the workers of `app`, or (no app) all of them one by one */
  restartWorkers: (app?: string) => send('POST', '/api/demo/workers/restart', app === undefined ? {} : { app }),
};
