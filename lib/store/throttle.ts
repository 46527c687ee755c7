// Heartbeats name the same servers and apps again and again; writing their last_seen_at once per
// interval is enough (staleness is judged over 30 s) and keeps the ingest transaction small.
import type { AppSighting, ServerSighting } from '../domain/observations.ts';

export function sightingThrottle(intervalMs: number) {
  const servers = new Map<string, number>();
  const apps = new Map<number, { at: number; name: string | null }>();
  return {
    server(s: ServerSighting): boolean {
      const last = servers.get(s.address);
      return !s.snapshot && last !== undefined && s.observedAt - last < intervalMs && s.observedAt >= last;
    },
    app(a: AppSighting): boolean {
      const last = apps.get(a.appId);
      return (
        last !== undefined &&
        a.runningInstances === null &&
        (a.appName === null || a.appName === last.name) &&
        a.seenAt - last.at < intervalMs &&
        a.seenAt >= last.at
      );
    },
    /** Called after the transaction committed. */
    written(ss: readonly ServerSighting[], as: readonly AppSighting[]) {
      for (const s of ss) if (!this.server(s)) servers.set(s.address, Math.max(s.observedAt, servers.get(s.address) ?? 0));
      for (const a of as) if (!this.app(a)) apps.set(a.appId, { at: Math.max(a.seenAt, apps.get(a.appId)?.at ?? 0), name: a.appName ?? apps.get(a.appId)?.name ?? null });
    },
  };
}
