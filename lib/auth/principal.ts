// Who made a request, as the gate in server.ts established it, carried to Next.js route handlers
// and pages in one request header that the gate always sets itself (a client's copy is dropped).
import type { Role } from '../domain/access.ts';

export const PRINCIPAL_HEADER = 'x-fulcrum-principal';
export const CLIENT_ADDRESS_HEADER = 'x-fulcrum-client-address';
/** Headers clients may not send: the gate removes them before anything reads them. */
export const GATE_HEADERS = [PRINCIPAL_HEADER, CLIENT_ADDRESS_HEADER] as const;

export interface Principal {
  kind: 'user' | 'token';
  id: number;
  name: string;
  role: Role;
  /** how this request proved who it is */
  via: 'session' | 'basic' | 'bearer';
  /** a user who must change the password before doing anything else */
  mustChangePassword: boolean;
  /** a user's own language, time zone and colour scheme (lib/i18n/config.ts resolvePreferences) */
  preferences?: { locale: string | null; timeZone: string | null; theme: string | null };
}

export function encodePrincipal(p: Principal): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

export function decodePrincipal(value: string | null | undefined): Principal | null {
  if (!value) return null;
  try {
    const p = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Principal;
    return typeof p.name === 'string' && typeof p.role === 'string' ? p : null;
  } catch {
    return null;
  }
}

/** The name the audit log records: a user's name, or `token:<name>` for an API token. */
export function actorName(p: Principal | null): string {
  if (!p) return 'anonymous';
  return p.kind === 'token' ? `token:${p.name}` : p.name;
}
