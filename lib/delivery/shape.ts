// A strategy's server order shaped for the worker version that will read it (powerjob.md §1, §7):
// before 5.1.0 a worker walks its list in order; from 5.1.0 it shuffles the list once at start, so
// only the list's membership reaches it. Pure: no I/O, no clock.
import { compareVersions } from '../domain/cohort.ts';

/** PowerJobWorker#reConfig shuffles server-address from this version on (commit fea19740). */
export const SHUFFLE_FROM_VERSION = '5.1.0';

/** ordered: kept as given (below 5.1.0); shuffled: reshuffled once per process (5.1.0 on); unknown: no version given, shaped as ordered. */
export type ShapedFor = 'ordered' | 'shuffled' | 'unknown';

export interface Delivery {
  shapedFor: ShapedFor;
  /** the versions the shaping is for, in words */
  forVersions: string;
  /** a worker reads server-address once, when its process starts: never before then */
  takesEffect: 'next-start';
  /** whether the worker keeps the strategy's order (false from 5.1.0: only membership, and repetition, reach it) */
  orderKept: boolean;
  /** how many times the intended server is listed (more than 1 only for 5.1+ with FULCRUM_ASSIGNMENT_REPEAT_SHARE) */
  repeats: number;
  /** the strategy's first choice: where it wants the app's first claim */
  intended: string | null;
  /**
   * Of the app's claims that happen with no live owner (a new app, a dead owner), the share each
   * listed live server gets from workers holding this list; null when the version is unknown.
   */
  firstClaim: Record<string, number> | null;
}

export interface ShapeServer {
  address: string;
  up: boolean;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function shapedFor(version: string | null | undefined): ShapedFor {
  if (!version) return 'unknown';
  return compareVersions(version, SHUFFLE_FROM_VERSION) >= 0 ? 'shuffled' : 'ordered';
}

/**
 * How many times to list the intended server for a 5.1+ worker so that it takes `share` of the
 * first claims among `live` live servers: k/(k + live − 1) ≥ share. 1 (no repetition) when off.
 */
export function repeatsFor(share: number, live: number): number {
  if (share <= 0 || live <= 1) return 1;
  // less a hair: 0.8 × 1 / 0.2 is 4.000000000000001 in floating point
  return Math.max(1, Math.ceil((share * (live - 1)) / (1 - share) - 1e-9));
}

/**
 * The list to deliver and what it will do. Every server the strategy names stays in the list,
 * whatever the version: a worker keeps its list until it restarts, so a server left out is one it
 * can never fail over to (or reach once it is back). With `repeatShare` (0 < share < 1) a 5.1+
 * worker's list names the intended server several times: a real 5.1.2 worker keeps repeated entries
 * and its shuffle then weights them (measured: test/powerjob/server-list.int.test.ts). The cost:
 * an intended server that is unreachable (not refusing) costs each of its entries 3 attempts of 1 s
 * at a failover, so the option is off unless set (docs/rollouts.md, Channels).
 */
export function shapeList(order: readonly string[], servers: readonly ShapeServer[], version: string | null | undefined, options: { repeatShare?: number } = {}): { servers: string[]; delivery: Delivery } {
  const list = [...new Set(order)];
  const up = new Map(servers.map((s) => [s.address, s.up]));
  // a server Fulcrum does not know is taken as up: it was given for a reason
  const live = list.filter((a) => up.get(a) !== false);
  const kind = shapedFor(version);
  const intended = live[0] ?? null;
  let firstClaim: Record<string, number> | null = null;
  let delivered = list;
  if (kind === 'ordered') firstClaim = intended ? { [intended]: 1 } : {};
  else if (kind === 'shuffled') {
    const k = intended ? repeatsFor(options.repeatShare ?? 0, live.length) : 1;
    // the first live entry of the shuffled list claims: each live entry is equally likely to be it
    const entries = k + live.length - 1;
    firstClaim = Object.fromEntries(live.map((a) => [a, round3((a === intended ? k : 1) / entries)]));
    if (k > 1) delivered = [...Array.from({ length: k - 1 }, () => intended!), ...list];
  }
  return {
    servers: delivered,
    delivery: {
      shapedFor: kind,
      forVersions: kind === 'shuffled' ? `${SHUFFLE_FROM_VERSION} and later (the worker shuffles the list once at start)` : kind === 'ordered' ? `below ${SHUFFLE_FROM_VERSION} (the worker keeps the order)` : `unknown (no version given): shaped as for below ${SHUFFLE_FROM_VERSION}; a ${SHUFFLE_FROM_VERSION}+ worker shuffles it`,
      takesEffect: 'next-start',
      orderKept: kind !== 'shuffled',
      repeats: delivered.length - list.length + 1,
      intended,
      firstClaim,
    },
  };
}
