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

/** ServerInfoServiceImpl caps ids below MAX_SERVER_CLUSTER_SIZE. */
const MAX_SERVER_CLUSTER_SIZE = 10_000;

export class PowerJobDatabase {
  readonly apps = new Map<number, AppInfo>();
  readonly appsByName = new Map<string, AppInfo>();
  /** server_info by ip (the column is unique; the table stores no ports) */
  readonly serverInfo = new Map<string, ServerInfoRow>();
  readonly locks = new Map<string, LockRow>();
  /** app_info rows per current_server, kept beside the table so listAppIdByCurrentServer is cheap */
  private readonly byServer = new Map<string, Set<number>>();

  addApp(appName: string, now = 0): AppInfo {
    const app: AppInfo = { id: this.apps.size + 1, appName, currentServer: null, gmtModified: now };
    this.apps.set(app.id, app);
    this.appsByName.set(appName, app);
    return app;
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
