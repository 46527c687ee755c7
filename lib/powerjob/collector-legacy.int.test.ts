// The collector on a PowerJob 4.3.x cluster of more than 200 apps: 4.3.x's GET /appInfo/list
// answers at most 200 (AppInfoController, page 0 of 200; the emulator does the same), so the names
// of the others come from substring searches. Emulated time is a manual clock: nothing races.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../emulator/clock.ts';
import { startEmulator } from '../emulator/cluster.ts';
import { loadScenario } from '../emulator/scenario.ts';
import { appNames, LEGACY_APP_PAGE } from './client.ts';
import { createCollector } from './collector.ts';

describe('collector against a PowerJob 4.3 cluster of 250 apps', () => {
  it('names every app a server holds, past the 200 that GET /appInfo/list answers', async () => {
    const base = loadScenario('issue-181');
    const clock = manualClock(Date.parse('2026-12-01T00:00:00Z'));
    const emulator = await startEmulator({ scenario: { ...base, apps: { ...base.apps, count: 250 } }, clock, discovery: 'direct' });
    try {
      await clock.run(30_000);
      const first = emulator.servers[0]!;
      // the plain list stops at 200
      expect((await appNames(first, { timeoutMs: 5_000 })).size).toBe(LEGACY_APP_PAGE);
      const batches: { servers?: { apps?: { appId: number; appName?: string }[] }[] }[] = [];
      const collector = createCollector({
        sources: () => emulator.servers.map((address) => ({ address, origin: 'env' as const })),
        intervalMs: 10_000,
        timeoutMs: 5_000,
        now: () => clock.now(),
        ingest: async (batch) => void batches.push(batch),
      });
      await collector.round();
      const apps = batches[0]!.servers!.flatMap((s) => s.apps ?? []);
      expect(apps.length).toBe(250);
      const unnamed = apps.filter((a) => !a.appName).map((a) => a.appId);
      expect(unnamed, 'apps held but not named').toEqual([]);
      for (const a of apps) expect(a.appName, `app ${a.appId}`).toBe([...Object.keys(emulator.state().bindings)].find((n) => emulator.appIdOf(n) === a.appId));
    } finally {
      await emulator.close();
    }
  });
});
