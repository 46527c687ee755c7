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
  /** whether the worker keeps the strategy's order (false from 5.1.0: only membership reaches it) */
  orderKept: boolean;
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
 * The list to deliver and what it will do. Every server the strategy names stays in the list,
 * whatever the version: a worker keeps its list until it restarts, so a server left out is one it
 * can never fail over to (or reach once it is back). Repeated entries are not used to weight a 5.1+
 * worker's shuffle: that a real worker honours them is not measured (docs/rollouts.md, channels).
 */
export function shapeList(order: readonly string[], servers: readonly ShapeServer[], version: string | null | undefined): { servers: string[]; delivery: Delivery } {
  const list = [...new Set(order)];
  const up = new Map(servers.map((s) => [s.address, s.up]));
  // a server Fulcrum does not know is taken as up: it was given for a reason
  const live = list.filter((a) => up.get(a) !== false);
  const kind = shapedFor(version);
  const intended = live[0] ?? null;
  let firstClaim: Record<string, number> | null = null;
  if (kind === 'ordered') firstClaim = intended ? { [intended]: 1 } : {};
  else if (kind === 'shuffled') firstClaim = Object.fromEntries(live.map((a) => [a, round3(1 / live.length)]));
  return {
    servers: list,
    delivery: {
      shapedFor: kind,
      forVersions: kind === 'shuffled' ? `${SHUFFLE_FROM_VERSION} and later (the worker shuffles the list once at start)` : kind === 'ordered' ? `below ${SHUFFLE_FROM_VERSION} (the worker keeps the order)` : `unknown (no version given): shaped as for below ${SHUFFLE_FROM_VERSION}; a ${SHUFFLE_FROM_VERSION}+ worker shuffles it`,
      takesEffect: 'next-start',
      orderKept: kind !== 'shuffled',
      intended,
      firstClaim,
    },
  };
}
