// The move policy of a rollout's actuator: which apps to move now from where they are bound to
// where the candidate strategy wants them, at a bounded rate, never onto a down or stale server,
// never leaving a server above (1+ε)× its fair share. Pure: the caller supplies loads and the
// count of moves already made in the last minute.

export interface MoveInput {
  /** app -> current owner (web address host:7700; null: never elected) */
  bindings: { appId: number; appName: string; server: string | null }[];
  /** appId -> where the candidate strategy wants it (web address) */
  targets: Map<number, string>;
  servers: { address: string; up: boolean; stale: boolean; weight: number }[];
  /** per-server load under the measure, now */
  loads: Map<string, number>;
  /** each app's share of its owner's load under the same measure */
  appLoads: Map<number, number>;
  perMinute: number;
  movesInLastMinute: number;
  /** protect threshold: no server above (1+epsilon)× its fair share after a move */
  epsilon: number;
}

export interface Move {
  appId: number;
  from: string | null;
  to: string;
}

export interface MovePlan {
  moves: Move[];
  /** apps the strategy wants elsewhere that are not moved now; reason starts with a stable word: rate-limit, target-down, target-stale, target-unknown, protect */
  skipped: { appId: number; reason: string }[];
}

export const DEFAULT_MOVES_PER_MINUTE = 5;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Fair share of each eligible (up, not stale) server: the cluster's whole load split by weight.
 * Load still sitting on a down server counts, since it has to land on the eligible ones.
 */
export function fairShares(servers: MoveInput['servers'], loads: Map<string, number>): Map<string, number> {
  const eligible = servers.filter((s) => s.up && !s.stale && s.weight > 0);
  const weight = eligible.reduce((sum, s) => sum + s.weight, 0);
  let total = 0;
  for (const s of servers) total += loads.get(s.address) ?? 0;
  return new Map(eligible.map((s) => [s.address, weight > 0 ? (total * s.weight) / weight : 0]));
}

export function planMoves(input: MoveInput): MovePlan {
  const { servers, targets, appLoads, epsilon } = input;
  const byAddress = new Map(servers.map((s) => [s.address, s]));
  const loads = new Map<string, number>();
  for (const s of servers) loads.set(s.address, input.loads.get(s.address) ?? 0);
  const fair = fairShares(servers, loads);
  let budget = Math.max(0, Math.floor(input.perMinute) - Math.max(0, input.movesInLastMinute));

  // the most overloaded sources first, and on each the heaviest apps (the biggest relief per move)
  const pressure = (server: string | null) => {
    if (server === null) return Number.POSITIVE_INFINITY; // unbound apps have nowhere to run
    const share = fair.get(server);
    const load = loads.get(server) ?? 0;
    return share === undefined || share === 0 ? Number.POSITIVE_INFINITY : load / share;
  };
  const candidates = input.bindings
    .filter((b) => targets.has(b.appId) && targets.get(b.appId) !== b.server)
    .map((b) => ({ ...b, to: targets.get(b.appId)!, load: appLoads.get(b.appId) ?? 0, pressure: pressure(b.server) }))
    .sort((a, b) => b.pressure - a.pressure || b.load - a.load || a.appId - b.appId);

  const moves: Move[] = [];
  const skipped: MovePlan['skipped'] = [];
  for (const c of candidates) {
    const target = byAddress.get(c.to);
    if (!target) {
      skipped.push({ appId: c.appId, reason: `target-unknown: ${c.to} is not a known server` });
      continue;
    }
    if (!target.up) {
      skipped.push({ appId: c.appId, reason: `target-down: ${c.to} is down` });
      continue;
    }
    if (target.stale) {
      skipped.push({ appId: c.appId, reason: `target-stale: no fresh data from ${c.to}` });
      continue;
    }
    const share = fair.get(c.to) ?? 0;
    const after = (loads.get(c.to) ?? 0) + c.load;
    const cap = (1 + epsilon) * share;
    if (after > cap + 1e-9) {
      skipped.push({ appId: c.appId, reason: `protect: ${c.to} would carry ${round(after)}, above ${round(1 + epsilon)}× its fair share ${round(share)}` });
      continue;
    }
    if (budget <= 0) {
      skipped.push({ appId: c.appId, reason: `rate-limit: ${input.perMinute} moves per minute reached` });
      continue;
    }
    budget--;
    moves.push({ appId: c.appId, from: c.server, to: c.to });
    if (c.server !== null) loads.set(c.server, (loads.get(c.server) ?? 0) - c.load);
    loads.set(c.to, after);
  }
  return { moves, skipped };
}

/**
 * Web address (host:7700, what Fulcrum and the strategies use) <-> main-protocol address
 * (host:10010, what app_info.current_server holds; powerjob.md §2). Built from the store's
 * transport -> web map (`store.transportAddresses()`).
 */
export function addressBook(transportToWeb: Readonly<Record<string, string>>) {
  const webToTransport = new Map<string, string>();
  for (const [transport, web] of Object.entries(transportToWeb)) webToTransport.set(web, transport);
  return {
    /** what moveApp needs as `target` / `expected`; null when the server never reported its transport address */
    mainProtocolAddress: (web: string): string | null => webToTransport.get(web) ?? null,
    /** the web address of app_info.current_server; null when unknown */
    webAddress: (transport: string): string | null => transportToWeb[transport] ?? null,
  };
}
