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
  decided: Map<string, readonly string[]>;
  /** the round's expected total load, when the caller knows it: caps are then fixed budgets */
  totalLoad?: number;
  /**
   * Every app this round decides (name → load), when the caller knows them all (the preview and
   * the rollout plan do; a worker asking the data plane does not). Strategies that can plan a whole
   * placement use it so that an app's server does not depend on the order the workers ask in.
   */
  apps?: ReadonlyMap<string, number>;
  /**
   * Where apps of `apps` are now (app → live server), when the caller knows: a planning strategy
   * can then leave an app where it is when it has no better reason to move it.
   */
  at?: ReadonlyMap<string, string>;
  /** whole-round placements computed from `apps`, per strategy and parameters: app → its order */
  plans: Map<string, ReadonlyMap<string, readonly string[]>>;
}

export function newRound(options: { totalLoad?: number; apps?: ReadonlyMap<string, number>; at?: ReadonlyMap<string, string> } = {}): RoundState {
  return { counter: 0, current: new Map(), placed: new Map(), decided: new Map(), totalLoad: options.totalLoad, apps: options.apps, at: options.at, plans: new Map() };
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
  order(input: StrategyInput, params: P, ctx: StrategyContext): readonly string[];
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
export function decideOnce(input: StrategyInput, ctx: StrategyContext, compute: () => readonly string[]): readonly string[] {
  const { state } = ctx;
  const known = state.decided.get(input.app.name);
  if (known) return known;
  // the same array goes to every worker of the app: frozen, so a caller that changed it would throw
  const order = Object.freeze(compute());
  state.decided.set(input.app.name, order);
  const first = firstLive(order, input.servers);
  if (first !== undefined) state.placed.set(first, (state.placed.get(first) ?? 0) + appLoad(input));
  return order;
}

/** The first address of `order` whose server is up (strategies put live servers first, so this is quick). */
function firstLive(order: readonly string[], servers: readonly StrategyServer[]): string | undefined {
  for (const address of order) {
    for (const s of servers) if (s.address === address) {
      if (s.up) return address;
      break;
    }
  }
  return undefined;
}

/**
 * Weighted rendezvous (highest random weight) score: −weight / ln(h) with h uniform in (0, 1) per
 * (server, app). The server with the top score wins with probability weight / Σweight, and removing
 * or adding a server changes the winner only for apps whose top score it held or now holds.
 */
export function rendezvousScore(server: StrategyServer, appHash: number): number {
  return scoreOf(server.weight, hashName(server.address), appHash);
}

function scoreOf(weight: number, serverHash: number, appHash: number): number {
  return weight > 0 ? -weight / Math.log(pairHash01(serverHash, appHash)) : 0;
}

// The address hashes of a server list, kept while the list object lives: a round asks about the
// same list for every app, and looking each address up again was most of a ranking's cost.
const listHashes = new WeakMap<readonly StrategyServer[], { addresses: string[]; weights: number[]; hashes: Uint32Array }>();

function addressHashes(servers: readonly StrategyServer[]): Uint32Array {
  const known = listHashes.get(servers);
  if (known && known.addresses.length === servers.length) {
    let same = true;
    for (let i = 0; i < servers.length && same; i++) same = servers[i]!.address === known.addresses[i] && servers[i]!.weight === known.weights[i];
    if (same) return known.hashes;
  }
  const hashes = Uint32Array.from(servers, (s) => hashName(s.address));
  listHashes.set(servers, { addresses: servers.map((s) => s.address), weights: servers.map((s) => s.weight), hashes });
  return hashes;
}

// Scratch space for rendezvousRank: a float array whose low mantissa byte carries the server's index.
let scratch = new Float64Array(64);
let scratchWords = new Uint32Array(scratch.buffer);

/** Servers by descending rendezvous score for the app (ties by address, so the order is total). */
export function rendezvousRank(servers: readonly StrategyServer[], appName: string): StrategyServer[] {
  const h = hashName(appName);
  const n = servers.length;
  // This runs for every app decided, so it avoids comparator sorts and maps: each (negated) score
  // keeps its index in the lowest byte of its mantissa, a native sort of the floats orders them,
  // and the index is read back. Rewriting that byte changes a score by under 2^-44 of itself, so
  // only scores that near-tie could swap, and the order stays a deterministic function of the input.
  // Weight-0 servers (equal scores) and more than 256 servers take the plain path below.
  let plain = n > 256;
  if (!plain) {
    if (scratch.length < n) {
      scratch = new Float64Array(Math.max(n, scratch.length * 2));
      scratchWords = new Uint32Array(scratch.buffer);
    }
    const keys = scratch.subarray(0, n);
    const hashes = addressHashes(servers);
    for (let i = 0; i < n; i++) {
      const score = scoreOf(servers[i]!.weight, hashes[i]!, h);
      if (!(score > 0)) {
        plain = true;
        break;
      }
      keys[i] = -score;
      // little-endian: word 2i holds the low 32 bits of the mantissa
      scratchWords[2 * i] = (scratchWords[2 * i]! & 0xffffff00) | i;
    }
    if (!plain) {
      keys.sort();
      const out = new Array<StrategyServer>(n);
      for (let i = 0; i < n; i++) out[i] = servers[scratchWords[2 * i]! & 0xff]!;
      return out;
    }
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = -rendezvousScore(servers[i]!, h);
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => keys[a]! - keys[b]! || (servers[a]!.address < servers[b]!.address ? -1 : 1));
  return idx.map((i) => servers[i]!);
}

/**
 * Indices 0..n−1 ordered by ascending key, stable (equal keys keep index order): sorting by a
 * precomputed key is far cheaper than recomputing it per comparison. The keys are sorted natively
 * as floats and the indices read back per distinct key, which beats a comparator sort severalfold
 * on the few dozen servers a decision orders.
 */
export function byKey(keys: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(keys).sort();
  // indices per distinct key (a Map treats 0 and -0 as one key), in index order
  const at = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const g = at.get(keys[i]!);
    if (g) g.push(i);
    else at.set(keys[i]!, [i]);
  }
  const out: number[] = [];
  for (const k of sorted) {
    const g = at.get(k);
    if (!g) continue; // a key seen before: its indices are out already
    at.delete(k);
    for (const i of g) out.push(i);
  }
  return out;
}
