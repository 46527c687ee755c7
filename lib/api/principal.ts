// For route handlers and pages: who made this request, as the gate in server.ts established it.
import { ProblemError } from '../domain/problem.ts';
import { decodePrincipal, PRINCIPAL_HEADER, CLIENT_ADDRESS_HEADER, type Principal } from '../auth/principal.ts';

export type { Principal };

export function principalOf(request: Request | Headers): Principal | null {
  const headers = request instanceof Headers ? request : request.headers;
  return decodePrincipal(headers.get(PRINCIPAL_HEADER));
}

export function clientAddressOf(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
}

/** The principal; the gate lets no unsigned request reach a route that calls this. */
export function requirePrincipal(request: Request): Principal {
  const p = principalOf(request);
  if (!p) throw new ProblemError(401, 'sign in first');
  return p;
}
