// The large scenario (50 servers, 2,000 apps, 20,000 workers) on a manual clock: every worker finds
// its app's owner within the first rounds, and a round stays cheap (in CPU time, which a busy
// machine does not stretch).
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
      // the cost of a round is the CPU time this process spends on it: wall time would also count
      // whatever else the machine runs meanwhile
      const started = performance.now();
      const cpu = process.cpuUsage();
      await clock.run(10_000); // one steady round
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      process.stdout.write(`large: one steady round took ${cpuMs.toFixed(0)} ms of CPU, ${(performance.now() - started).toFixed(0)} ms of wall time\n`);
      const s = e.state();
      expect(Object.values(s.bindings).every((b) => b !== null)).toBe(true);
      expect(s.workersWithoutServer).toBe(0);
      const live = Object.values(s.servers).reduce((n, x) => n + x.heartbeatWorkers, 0);
      expect(live).toBe(20_000);
      expect(cpuMs, 'CPU time of one steady round, ms').toBeLessThan(5000); // about 0.5 s on the 2-core dev machine
    } finally {
      await e.close();
    }
  });
});
