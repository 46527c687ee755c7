// The emulated PowerJob database the servers share: app_info (with current_server), server_info
// and oms_lock, as powerjob.md §2–3 describes them.
export interface AppInfo {
  id: number;
  appName: string;
  /** the owner's main-protocol (HTTP) bind address, ip:10010-style; null until first elected */
  currentServer: string | null;
  gmtModified: number;
}

export interface ServerInfoRow {
  id: number;
  ip: string;
  gmtCreate: number;
  gmtModified: number;
}

interface LockRow {
  ownerIp: string;
  maxLockTime: number;
  gmtCreate: number;
}

export type CasResult = { outcome: 'moved' | 'conflict' | 'missing'; current: string | null };

/**
 * app_info as the election and the actuator reach it: in memory (PowerJobDatabase) or in a real
 * MySQL/PostgreSQL database (SqlAppInfo, `--powerjob-db`). Asynchronous because the latter is.
 */
export interface AppInfoTable {
  /** read app_info without a lock; null when the row does not exist */
  read(appId: number): Promise<{ currentServer: string | null } | null>;
  /** the election's usurp: saveAndFlush with this server's address */
  usurp(appId: number, address: string, now: number): Promise<void>;
  /** the actuator's move: UPDATE … SET current_server = target WHERE id = ? AND current_server = expected */
  compareAndSet(appId: number, expected: string | null, target: string, now: number): Promise<CasResult>;
}

/** ServerInfoServiceImpl caps ids below MAX_SERVER_CLUSTER_SIZE. */
const MAX_SERVER_CLUSTER_SIZE = 10_000;

export class PowerJobDatabase implements AppInfoTable {
  readonly apps = new Map<number, AppInfo>();
  readonly appsByName = new Map<string, AppInfo>();
  /** server_info by ip (the column is unique; the table stores no ports) */
  readonly serverInfo = new Map<string, ServerInfoRow>();
  readonly locks = new Map<string, LockRow>();
  /** app_info rows per current_server, kept beside the table so listAppIdByCurrentServer is cheap */
  private readonly byServer = new Map<string, Set<number>>();

  /** `id` and `currentServer` come from a real app_info row in `--powerjob-db` mode */
  addApp(appName: string, now = 0, id = this.apps.size + 1, currentServer: string | null = null): AppInfo {
    const app: AppInfo = { id, appName, currentServer: null, gmtModified: now };
    this.apps.set(app.id, app);
    this.appsByName.set(appName, app);
    if (currentServer) this.setCurrentServer(id, currentServer, now);
    return app;
  }

  async read(appId: number): Promise<{ currentServer: string | null } | null> {
    const app = this.apps.get(appId);
    return app ? { currentServer: app.currentServer } : null;
  }

  async usurp(appId: number, address: string, now: number): Promise<void> {
    this.setCurrentServer(appId, address, now);
  }

  async compareAndSet(appId: number, expected: string | null, target: string, now: number): Promise<CasResult> {
    return this.compareAndSetNow(appId, expected, target, now);
  }

  /** The compare-and-set, synchronously: nothing can run between the compare and the set. */
  compareAndSetNow(appId: number, expected: string | null, target: string, now: number): CasResult {
    const app = this.apps.get(appId);
    if (!app) return { outcome: 'missing', current: null };
    if (app.currentServer !== expected) return { outcome: 'conflict', current: app.currentServer };
    this.setCurrentServer(appId, target, now);
    return { outcome: 'moved', current: target };
  }

  /** app_info.current_server = address, saveAndFlush (the election's usurp step, or an actuator's move). */
  setCurrentServer(appId: number, address: string | null, now: number): void {
    const app = this.apps.get(appId);
    if (!app) throw new Error(`no app_info row ${appId}`);
    if (app.currentServer) this.byServer.get(app.currentServer)?.delete(appId);
    app.currentServer = address;
    app.gmtModified = now;
    if (address) {
      let set = this.byServer.get(address);
      if (!set) this.byServer.set(address, (set = new Set()));
      set.add(appId);
    }
  }

  /** ServerInfoServiceImpl: registered at start under server_init_lock (an id below 10000), gmt_modified refreshed every 15 s. */
  registerServer(ip: string, now: number): ServerInfoRow {
    let row = this.serverInfo.get(ip);
    if (!row) {
      const used = new Set([...this.serverInfo.values()].map((r) => r.id));
      let id = 1;
      while (used.has(id)) id++;
      if (id >= MAX_SERVER_CLUSTER_SIZE) throw new Error('server_info is full');
      row = { id, ip, gmtCreate: now, gmtModified: now };
      this.serverInfo.set(ip, row);
    }
    row.gmtModified = now;
    return row;
  }

  /** DatabaseLockService.tryLock: insert a unique row; a lock older than its max_lock_time is broken and taken. */
  tryLock(name: string, ownerIp: string, maxLockTime: number, now: number): boolean {
    const held = this.locks.get(name);
    if (held && now - held.gmtCreate <= held.maxLockTime) return false;
    this.locks.set(name, { ownerIp, maxLockTime, gmtCreate: now });
    return true;
  }

  /** DatabaseLockService.unlock deletes by name, whoever holds it. */
  unlock(name: string): void {
    this.locks.delete(name);
  }

  /** listAppIdByCurrentServer */
  appIdsOwnedBy(address: string): ReadonlySet<number> {
    return this.byServer.get(address) ?? new Set();
  }

  appsOwnedBy(address: string): AppInfo[] {
    return [...this.appIdsOwnedBy(address)].map((id) => this.apps.get(id)!);
  }
}
