'use client';
// Signing in and out, the own password and the own preferences, through the one API client.
import { send } from './api-client';

export const authActions = {
  signIn: (name: unknown, password: unknown) => send<{ mustChangePassword: boolean }>('POST', '/api/auth/sign-in', { name, password }),
  signOut: () => send('POST', '/api/auth/sign-out'),
  changePassword: (current: unknown, next: unknown) => send('POST', '/api/auth/password', { current, next }),
  /** keeps one of the signed-in user's choices (locale, timeZone, theme) on the user */
  keepPreference: (choice: Record<string, string>) => send('PUT', '/api/auth/preferences', choice),
};
