// The stable machine codes of the API's refusals, each with the names of its parameters. A problem
// answer carries `code` and `params` beside its English `detail`; the console says the code in the
// operator's language (messages `problems.<code>`, lib/i18n/problems.ts), API callers may match on it.
export const PROBLEM_CODES = {
  // requests
  'invalid-fields': ['count'],
  'invalid-json': [],
  'body-has-nul': [],
  'not-json': [],
  unexpected: [],
  'not-ready': [],
  // before the gate (lib/auth/body-limit.ts) and on the data plane: a body over the limit (413)
  'body-too-large': ['limit'],
  // the gate (lib/auth/gate.ts), before any route
  'path-not-normal': [],
  'query-has-nul': [],
  'method-not-allowed': ['method', 'allowed'],
  unauthenticated: [],
  'token-invalid': [],
  'token-data-plane': ['role'],
  'basic-malformed': [],
  'authorization-malformed': [],
  'role-required': ['need', 'name', 'role'],
  'password-change-required': [],
  // sign-in and accounts
  'wrong-credentials': [],
  'too-many-attempts': ['seconds'],
  'cross-site': [],
  'wrong-current-password': [],
  'same-password': [],
  'account-disabled': [],
  'user-exists': ['name'],
  'no-free-user-name': ['name'],
  'user-not-found': ['id'],
  'last-admin': [],
  'token-not-found': ['id'],
  'token-revoked': ['id'],
  'token-has-no-preferences': [],
  // sources and servers
  'source-from-env': ['address'],
  'source-not-found': ['address'],
  'source-exists': ['address'],
  'server-not-found': ['address'],
  'server-not-forgettable': ['address', 'health'],
  'server-in-demo': ['address'],
  'server-is-source': ['address'],
  // drains (lib/domain/drain.ts)
  'drain-exists': ['address', 'state'],
  'drain-last-server': ['address'],
  'restore-not-drained': ['address', 'state'],
  // rolling restarts (lib/domain/rolling-restart.ts)
  'rolling-restart-exists': ['id', 'state'],
  'rolling-restart-not-found': ['id'],
  'rolling-restart-action-not-allowed': ['action', 'state', 'phase'],
  // rollouts
  'rollout-not-found': ['id'],
  'rollout-action-not-allowed': ['action', 'state', 'allowed'],
  'rollout-overlaps': ['overlaps'],
  'rollout-confirm-full': [],
  'rollout-kept-changing': ['id', 'action'],
  // the data plane (lib/dataplane/server.ts); it also answers method-not-allowed and body-too-large
  'ingest-token-required': [],
  // strategies
  'invalid-strategy': ['issues'],
} as const satisfies Record<string, readonly string[]>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type ProblemParams = Record<string, string | number>;

/** What a refusal says to machines: its code and the values its message needs. */
export interface ProblemCause {
  code: ProblemCode;
  params?: ProblemParams;
}

export function isProblemCode(v: unknown): v is ProblemCode {
  return typeof v === 'string' && Object.hasOwn(PROBLEM_CODES, v);
}
