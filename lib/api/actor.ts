// Who made a request, for the audit log: the signed-in user's name, `token:<name>` for an API
// token, as the gate in server.ts established it (lib/auth/gate.ts); "anonymous" only for the
// public routes, which change nothing.
import { actorName } from '../auth/principal.ts';
import { principalOf } from './principal.ts';

export function actorOf(request: Request): string {
  return actorName(principalOf(request));
}
