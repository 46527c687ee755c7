// The sign-in attempt limit's rule: every attempt (sign-in form or HTTP Basic) is counted per
// account name and per client address in a fixed window before its password is compared, so
// parallel guesses cannot all pass one check. The store does the counting atomically
// (store.reserveSignInAttempt); this decides, from the counts it returns, whether to go ahead.

export interface AttemptLimits {
  /** attempts allowed per account name within the window */
  perAccount: number;
  /** attempts allowed per client address within the window */
  perAddress: number;
  windowMs: number;
}

/** 5 attempts per account name, 30 per address, in 5 minutes. */
export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { perAccount: 5, perAddress: 30, windowMs: 5 * 60_000 };

/** One key's count in its window, as the store returns it. */
export interface AttemptCount {
  key: string;
  /** attempts counted in this window, including the one just reserved */
  attempts: number;
  windowStartMs: number;
}

const ACCOUNT = 'account:';
const ADDRESS = 'address:';

/** The counter keys of an attempt: the account name (case-folded) and the client address, in that order. */
export function attemptKeys(name: string, address: string): [string, string] {
  return [`${ACCOUNT}${name.toLowerCase()}`, `${ADDRESS}${address}`];
}

/**
 * 0 when an attempt whose counts are `counts` may go ahead; else how long until the window that
 * refuses it ends (at least 1 ms). A count over its limit refuses, so of N parallel attempts at
 * most the limit are compared.
 */
export function attemptRefusedForMs(counts: readonly AttemptCount[], limits: AttemptLimits, now: number): number {
  let wait = 0;
  for (const c of counts) {
    const max = c.key.startsWith(ACCOUNT) ? limits.perAccount : limits.perAddress;
    if (c.attempts > max) wait = Math.max(wait, c.windowStartMs + limits.windowMs - now, 1);
  }
  return wait;
}
