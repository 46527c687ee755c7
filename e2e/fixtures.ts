// One Fulcrum per test, started as a user starts it (scripts/start.mjs, already built) on free
// ports with an empty data directory; stopped with SIGTERM, which must exit 0.
import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import { startServer, type RunningServer } from '../bench/support.ts';

export const INGEST_TOKEN = 'e2e-ingest-token-0123456789';

interface Fulcrum {
  consoleUrl: string;
  dataPlaneUrl: string;
  /** POSTs a batch to the data plane as an agent would. */
  ingest(batch: unknown): Promise<number>;
}

export const test = base.extend<{ fulcrum: Fulcrum; env: Record<string, string> }>({
  env: [{}, { option: true }],
  fulcrum: async ({ env }, use) => {
    const server: RunningServer = await startServer({ env: { FULCRUM_INGEST_TOKEN: INGEST_TOKEN, ...env } });
    try {
      await use({
        consoleUrl: server.consoleUrl,
        dataPlaneUrl: server.dataPlaneUrl,
        ingest: async (batch) => {
          const res = await fetch(`${server.dataPlaneUrl}/v1/ingest`, {
            method: 'POST',
            headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(batch),
          });
          return res.status;
        },
      });
    } finally {
      const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
      const code = await server.stop();
      clearTimeout(timer);
      fs.rmSync(server.dataDir, { recursive: true, force: true });
      expect(code, `server exit code\n${server.output().slice(-2000)}`).toBe(0);
    }
  },
  baseURL: async ({ fulcrum }, use) => {
    await use(fulcrum.consoleUrl);
  },
});

export { expect };
