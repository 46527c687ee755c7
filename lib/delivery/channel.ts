// What every delivery channel reports (ZooKeeper, DNS): its state with the reason, and what it has
// reached per rollout, for the Rollouts page; and the back-off a failing channel retries with.

export type ChannelName = 'zookeeper' | 'dns';

export interface ChannelStatus {
  channel: ChannelName;
  /** starting: not yet succeeded; ok: the last attempt succeeded; failing: the last attempt failed (reason), retrying */
  state: 'starting' | 'ok' | 'failing';
  reason: string | null;
  /** where it delivers: the ZooKeeper connect string and root, the DNS zone and port */
  target: string;
  lastSuccessAt: string | null;
  /** ms until the next attempt, while failing */
  retryInMs: number | null;
  /** what it has reached: nodes written (ZooKeeper) or answers given (DNS), in all and per rollout (its cohort) */
  reached: { total: number; byRollout: Record<string, number> };
}

/** Exponential back-off: base, 2×base, … up to cap; `reset` after a success. */
export function backoff(baseMs: number, capMs: number) {
  let failures = 0;
  return {
    next(): number {
      const ms = Math.min(capMs, baseMs * 2 ** failures);
      failures++;
      return ms;
    },
    reset(): void {
      failures = 0;
    },
    get failures(): number {
      return failures;
    },
  };
}
