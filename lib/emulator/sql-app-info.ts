// `--powerjob-db`: the emulated servers keep app_info in a real MySQL/PostgreSQL database, so a
// move written there by the actuator (or by hand) reaches the emulated workers through real SQL.
// Elections read and usurp through SQL; the in-memory table stays as a mirror for the synchronous
// readers (/server/hello, cleanData, state()), refreshed on every read and every 15 s.
import type { PowerJobDb } from '../powerjob/powerjob-db.ts';
import type { Clock } from './clock.ts';
import type { AppInfoTable, CasResult, PowerJobDatabase } from './database.ts';

export class SqlAppInfo implements AppInfoTable {
  constructor(
    readonly sql: PowerJobDb,
    private readonly mirror: PowerJobDatabase,
    private readonly clock: Clock,
  ) {}

  /** Creates app_info when missing and registers the scenario's apps (rows already there keep their id and owner). */
  async register(appNames: readonly string[]): Promise<void> {
    await this.sql.ensureAppInfoTable();
    const rows = await this.sql.registerApps(appNames);
    const now = this.clock.now();
    for (const row of rows) this.mirror.addApp(row.appName, now, row.id, row.currentServer);
  }

  private reflect(appId: number, currentServer: string | null): void {
    const known = this.mirror.apps.get(appId);
    if (known && known.currentServer !== currentServer) this.mirror.setCurrentServer(appId, currentServer, this.clock.now());
  }

  /** listAppIdByCurrentServer's view: every row, into the mirror. */
  async refresh(): Promise<void> {
    for (const row of await this.sql.listApps()) this.reflect(row.id, row.currentServer);
  }

  async read(appId: number): Promise<{ currentServer: string | null } | null> {
    const row = await this.sql.readApp(appId);
    if (row) this.reflect(row.id, row.currentServer);
    return row ? { currentServer: row.currentServer } : null;
  }

  async usurp(appId: number, address: string): Promise<void> {
    await this.sql.setCurrentServer(appId, address);
    this.reflect(appId, address);
  }

  async compareAndSet(appId: number, expected: string | null, target: string): Promise<CasResult> {
    const r = await this.sql.compareAndSetCurrentServer(appId, expected, target);
    if (r.outcome !== 'missing') this.reflect(appId, r.current);
    return r;
  }
}
