// ServerElectionService.elect (powerjob.md §2): first come, first served, sticky while the owner
// answers pings. Waits (ping timeout, lock retry) pass in emulated time, so elections can overlap.
import { sleep, type Clock } from './clock.ts';
import type { AppInfoTable, PowerJobDatabase } from './database.ts';
import type { Random } from '../domain/random.ts';

export const PING_TIMEOUT_MS = 1000;
export const RETRY_TIMES = 10;
export const ELECT_LOCK_MAX_MS = 30_000;
export const LOCK_RETRY_SLEEP_MS = 500;
/** oms.accurate.select.server.percentage in application-{daily,pre,product}.properties, as shipped */
export const ACCURATE_PERCENTAGE = 50;

/** protocol -> transport address (PowerJob's allProtocols map; no NAT, so address = externalAddress) */
export type Protocols = Readonly<Record<string, string>>;

export interface Elector {
  /** the default (main) protocol's bind address: what app_info.current_server holds */
  readonly defaultAddress: string;
  readonly protocols: Protocols;
}

export interface ElectionContext {
  /** oms_lock (the election lock) */
  db: PowerJobDatabase;
  /** app_info: the same in-memory database, or a real one (`--powerjob-db`) */
  appInfo: AppInfoTable;
  clock: Clock;
  random: Random;
  /** friend/ping over the main protocol: the owner's protocols, or null (after the timeout) when it does not answer */
  ping(ownerAddress: string): Promise<Protocols | null>;
  /** oms.accurate.select.server.percentage (ACCURATE_PERCENTAGE when unset) */
  accuratePercentage?: number;
  /** told of every usurp: the app, the owner it found dead or missing (null: never elected), this server's address */
  onTakeover?(appId: number, from: string | null, to: string, at: number): void;
}

export type ElectionResult = { ok: true; address: string } | { ok: false; message: string };

export interface ElectionRequest {
  appId: number;
  protocol: string;
  currentServer: string | null;
}

/** Pings to a dead owner cost PING_TIMEOUT_MS of emulated time: the caller waits it out. */
export function pingThrough(clock: Clock, reach: (owner: string) => Protocols | null): (owner: string) => Promise<Protocols | null> {
  return async (owner) => {
    const protocols = reach(owner);
    if (protocols) return protocols;
    await sleep(clock, PING_TIMEOUT_MS);
    return null;
  };
}

export async function elect(ctx: ElectionContext, self: Elector, request: ElectionRequest): Promise<ElectionResult> {
  // fast path: a request that is "not accurate" and names this server is answered without the DB
  const accurate = ctx.random.int(100) < (ctx.accuratePercentage ?? ACCURATE_PERCENTAGE);
  if (!accurate && request.currentServer !== null && self.protocols[request.protocol] === request.currentServer) {
    return { ok: true, address: request.currentServer };
  }
  return getServer0(ctx, self, request);
}

async function getServer0(ctx: ElectionContext, self: Elector, { appId, protocol }: ElectionRequest): Promise<ElectionResult> {
  const { db, clock } = ctx;
  const downServerCache = new Set<string>();
  for (let i = 0; i < RETRY_TIMES; i++) {
    // read app_info without a lock
    const app = await ctx.appInfo.read(appId);
    if (!app) return { ok: false, message: `${appId} is not registered!` };
    const active = await activeAddress(ctx, app.currentServer, downServerCache, protocol);
    if (active) return { ok: true, address: active };

    // no live owner: elect again, under the lock
    const lockName = `server_elect_${appId}`;
    if (!db.tryLock(lockName, self.defaultAddress, ELECT_LOCK_MAX_MS, clock.now())) {
      await sleep(clock, LOCK_RETRY_SLEEP_MS);
      continue;
    }
    try {
      // another server may have finished an election meanwhile
      const again = await ctx.appInfo.read(appId);
      if (!again) return { ok: false, message: `${appId} is not registered!` };
      const address = await activeAddress(ctx, again.currentServer, downServerCache, protocol);
      if (address) return { ok: true, address };
      // usurp (the code's 篡位), only if this server speaks the requested protocol; the DB always
      // gets the default protocol's bind address
      const mine = self.protocols[protocol];
      if (mine) {
        await ctx.appInfo.usurp(appId, self.defaultAddress, clock.now());
        ctx.onTakeover?.(appId, again.currentServer, self.defaultAddress, clock.now());
        return { ok: true, address: mine };
      }
    } finally {
      db.unlock(lockName);
    }
  }
  return { ok: false, message: `server elect failed for app ${appId}` };
}

async function activeAddress(ctx: ElectionContext, owner: string | null, down: Set<string>, protocol: string): Promise<string | null> {
  if (!owner || down.has(owner)) return null;
  const protocols = await ctx.ping(owner);
  if (!protocols) {
    down.add(owner);
    return null;
  }
  // the owner's address for the worker's protocol; null if it does not speak it
  return protocols[protocol] ?? null;
}
