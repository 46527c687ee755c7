// The large scenario (50 servers, 2,000 apps, 20,000 workers) on a manual clock: every worker finds
// its app's owner within the first rounds, and a round stays cheap.
import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { startEmulator } from './cluster.ts';

describe('large', () => {
  it('binds every app and connects every worker, with discovery in process', async () => {
    const clock = manualClock(Date.parse('2026-11-24T00:00:00Z'));
    const e = await startEmulator({ scenario: 'large', clock, basePort: 0 });
    try {
      expect(e.discovery).toBe('direct');
      expect(e.workerObjects).toHaveLength(20_000);
      await clock.run(20_000);
      const started = performance.now();
      await clock.run(10_000); // one steady round
      const roundMs = performance.now() - started;
      const s = e.state();
      expect(Object.values(s.bindings).every((b) => b !== null)).toBe(true);
      expect(s.workersWithoutServer).toBe(0);
      const live = Object.values(s.servers).reduce((n, x) => n + x.heartbeatWorkers, 0);
      expect(live).toBe(20_000);
      expect(roundMs).toBeLessThan(5000); // about 0.5 s on the 2-core dev machine; generous for CI
    } finally {
      await e.close();
    }
  });
});
