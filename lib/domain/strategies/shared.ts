// What every strategy takes and gives (the decision input, the round's state, the catalogue entry)
// and the helpers they share: live-first ordering, load per weight, rendezvous scores.
import type { z } from 'zod';
import { hashName, pairHash01, type Random } from '../random.ts';

export type { Random };

export interface StrategyServer {
  address: string;
  /** capacity weight; fair shares follow it. 0 drains the server (it is tried last). */
  weight: number;
  zone?: string;
  /** false when the console sees the server down or stale */
  up: boolean;
}

export interface StrategyWorker {
  address: string;
  zone?: string;
  tag?: string;
  version?: string;
}

export interface StrategyApp {
  name: string;
  id?: number;
  /** what the app adds to its owner under the load measure in use (1 when counting apps) */
  load?: number;
}

export interface StrategyInput {
  app: StrategyApp;
  worker: StrategyWorker;
  servers: readonly StrategyServer[];
  /** measured load per server address (possibly stale), in the same measure as app.load */
  load?: Readonly<Record<string, number>>;
  /** the worker's measured latency to each server address */
  latencyMs?: Readonly<Record<string, number>>;
}

/**
 * What a caller keeps for one decision round over one server list. Strategies that answer per app
 * remember their answer, so every worker of an app gets the same order and, when its owner dies,
 * all of them fail over to the same server instead of racing to claim it (powerjob.md §1–2).
 */
export interface RoundState {
  /** apps decided so far (round-robin position) */
  counter: number;
  /** smooth weighted round robin's current weight per server */
  current: Map<string, number>;
  /** load this round's answers put on each server, on top of the measured input.load */
  placed: Map<string, number>;
  /** app name → the order answered for it this round */
  decided: Map<string, string[]>;
  /** the round's expected total load, when the caller knows it: caps are then fixed budgets */
  totalLoad?: number;
}

export function newRound(options: { totalLoad?: number } = {}): RoundState {
  return { counter: 0, current: new Map(), placed: new Map(), decided: new Map(), totalLoad: options.totalLoad };
}

export interface StrategyContext {
  random: Random;
  state: RoundState;
}

export interface Strategy<P extends object = object> {
  kind: string;
  /** one paragraph for the console */
  description: string;
  /** parses {} into the defaults */
  params: z.ZodType<P>;
  /** every server, in the order the worker tries them */
  order(input: StrategyInput, params: P, ctx: StrategyContext): string[];
}

/** Live servers in the given order, then the down ones in the same order (a stale "down" still gets tried). */
export function liveFirst(order: readonly StrategyServer[]): string[] {
  const out: string[] = [];
  for (const s of order) if (s.up) out.push(s.address);
  for (const s of order) if (!s.up) out.push(s.address);
  return out;
}

export function appLoad(input: StrategyInput): number {
  return input.app.load ?? 1;
}

/** Measured load plus what this round has already placed. */
export function effectiveLoad(input: StrategyInput, state: RoundState, address: string): number {
  return (input.load?.[address] ?? 0) + (state.placed.get(address) ?? 0);
}

export function perWeight(load: number, weight: number): number {
  return weight > 0 ? load / weight : Infinity;
}

/** The total a cap is a share of: the caller's expected total, else what is known including this app. */
export function roundTotal(input: StrategyInput, state: RoundState, live: readonly StrategyServer[]): number {
  if (state.totalLoad !== undefined) return state.totalLoad;
  let total = appLoad(input);
  for (const s of live) total += effectiveLoad(input, state, s.address);
  return total;
}

/**
 * Answers once per app and round: later workers of the app get the same order, and the app's load
 * is counted once, on the first live server of the answer (where the election will put it).
 */
export function decideOnce(input: StrategyInput, ctx: StrategyContext, compute: () => string[]): string[] {
  const { state } = ctx;
  const known = state.decided.get(input.app.name);
  if (known) return known.slice();
  const order = compute();
  state.decided.set(input.app.name, order);
  const up = new Set(input.servers.filter((s) => s.up).map((s) => s.address));
  const first = order.find((a) => up.has(a));
  if (first !== undefined) state.placed.set(first, (state.placed.get(first) ?? 0) + appLoad(input));
  return order.slice();
}

/**
 * Weighted rendezvous (highest random weight) score: −weight / ln(h) with h uniform in (0, 1) per
 * (server, app). The server with the top score wins with probability weight / Σweight, and removing
 * or adding a server changes the winner only for apps whose top score it held or now holds.
 */
export function rendezvousScore(server: StrategyServer, appHash: number): number {
  if (server.weight <= 0) return 0;
  return -server.weight / Math.log(pairHash01(hashName(server.address), appHash));
}

/** Servers by descending rendezvous score for the app (ties by address, so the order is total). */
export function rendezvousRank(servers: readonly StrategyServer[], appName: string): StrategyServer[] {
  const h = hashName(appName);
  const n = servers.length;
  const keys = new Float64Array(n);
  const at = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    keys[i] = -rendezvousScore(servers[i]!, h);
    at.set(keys[i]!, i);
  }
  // this runs for every app decided: a native sort of the scores is several times faster than a
  // comparator; equal scores (weight 0, or a true tie) take the slower path that orders by address
  if (at.size === n) return Array.from(keys.sort(), (k) => servers[at.get(k)!]!);
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => keys[a]! - keys[b]! || (servers[a]!.address < servers[b]!.address ? -1 : 1));
  return idx.map((i) => servers[i]!);
}

/** Indices 0..n−1 ordered by ascending key, stable: sorting by a precomputed key is far cheaper than recomputing it per comparison. */
export function byKey(keys: ArrayLike<number>): number[] {
  const idx = Array.from({ length: keys.length }, (_, i) => i);
  return idx.sort((a, b) => (keys[a]! === keys[b]! ? a - b : keys[a]! < keys[b]! ? -1 : 1));
}
