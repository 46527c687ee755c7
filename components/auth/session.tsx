'use client';
// Who is signed in, for client components: edit controls ask `useCan('operator')` and hide
// themselves from a viewer (the API refuses a viewer's change anyway).
import { createContext, useContext, type ReactNode } from 'react';
import { roleAllows, type Role } from '@/lib/domain/access';

export type { Role };
export interface SessionUser {
  name: string;
  role: Role;
}

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionUser | null {
  return useContext(SessionContext);
}

/** Whether the signed-in user's role includes `role`. */
export function useCan(role: Role): boolean {
  const user = useContext(SessionContext);
  return user !== null && roleAllows(user.role, role);
}

/** Renders its children only for users with `role`. */
export function IfCan({ role, children }: { role: Role; children: ReactNode }) {
  return useCan(role) ? <>{children}</> : null;
}
