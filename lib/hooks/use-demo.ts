'use client';
// The demo cluster (demo mode only): its servers and workers, refreshed every 5 s, and the faults
// an operator sets off (stop or start a server, add one, restart workers).
import { send, segment } from './api-client';
import { useApi } from './use-api';

export interface DemoServers {
  scenario: string;
  servers: { address: string; running: boolean }[];
  apps: string[];
  workers: { total: number; restarting: number; withDeliveredList: number; rollingRestart: { done: number; total: number } | null };
}

export const useDemoServers = () => useApi<DemoServers>('/api/demo/servers');

export const demoActions = {
  toggleServer: (address: string, running: boolean) => send('POST', `/api/demo/servers/${segment(address)}/${running ? 'stop' : 'start'}`),
  addServer: () => send('POST', '/api/demo/servers'),
  /** restarts the workers of `app`, or (no app) all of them one by one */
  restartWorkers: (app?: string) => send('POST', '/api/demo/workers/restart', app === undefined ? {} : { app }),
};
