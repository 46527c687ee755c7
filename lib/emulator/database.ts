// The emulated PowerJob database the servers share: app_info (with current_server), server_info
// and oms_lock, as powerjob.md §2–3 describes them.
export interface AppInfo {
  id: number;
  appName: string;
  /** the owner's main-protocol (HTTP) bind address, ip:10010-style; null until first elected */
  currentServer: string | null;
}

export interface ServerInfoRow {
  id: number;
  ip: string;
  gmtModified: number;
}

export class PowerJobDatabase {
  readonly apps = new Map<number, AppInfo>();
  readonly appsByName = new Map<string, AppInfo>();
  readonly serverInfo = new Map<string, ServerInfoRow>();
  private readonly locks = new Map<string, { owner: string; at: number }>();
  private nextServerId = 1;

  addApp(appName: string): AppInfo {
    const app = { id: this.apps.size + 1, appName, currentServer: null };
    this.apps.set(app.id, app);
    this.appsByName.set(appName, app);
    return app;
  }

  /** ServerInfoServiceImpl: registered at start (an id below 10000), gmt_modified refreshed every 15 s. */
  registerServer(ip: string, now: number): ServerInfoRow {
    let row = this.serverInfo.get(ip);
    if (!row) {
      row = { id: this.nextServerId++, ip, gmtModified: now };
      this.serverInfo.set(ip, row);
    }
    row.gmtModified = now;
    return row;
  }

  /** DatabaseLockService.tryLock: a unique row; a lock older than maxLockMs may be broken. */
  tryLock(name: string, owner: string, maxLockMs: number, now: number): boolean {
    const held = this.locks.get(name);
    if (held && now - held.at < maxLockMs) return false;
    this.locks.set(name, { owner, at: now });
    return true;
  }

  unlock(name: string, owner: string): void {
    if (this.locks.get(name)?.owner === owner) this.locks.delete(name);
  }

  /** apps whose current_server is this address (listAppIdByCurrentServer) */
  appsOwnedBy(transportAddress: string): AppInfo[] {
    return [...this.apps.values()].filter((a) => a.currentServer === transportAddress);
  }
}
