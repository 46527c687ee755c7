'use client';
// The operator's actions on one server (confirm, forget, cordon, uncordon, drain, restore) through the one API client.
import { send, segment } from './api-client';

export const serverActions = {
  confirm: (address: string) => send('POST', `/api/servers/${segment(address)}/confirm`),
  forget: (address: string) => send('DELETE', `/api/servers/${segment(address)}`),
  cordon: (address: string, action: 'cordon' | 'uncordon') => send('POST', `/api/servers/${segment(address)}/${action}`),
  drain: (address: string, action: 'drain' | 'restore') => send('POST', `/api/servers/${segment(address)}/${action}`),
};
