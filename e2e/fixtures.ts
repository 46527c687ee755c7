// One Fulcrum per test, started as a user starts it (scripts/start.mjs, already built) on free
// ports with an empty data directory and the admin password ADMIN_PASSWORD; stopped with SIGTERM,
// which must exit 0. `page` is signed in as admin; `anonPage` is a browser with no session.
import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../bench/support.ts';

export const INGEST_TOKEN = 'e2e-ingest-token-0123456789';
export { ADMIN_PASSWORD };

interface Fulcrum {
  consoleUrl: string;
  dataPlaneUrl: string;
  dataDir: string;
  /** POSTs a batch to the data plane as an agent would. */
  ingest(batch: unknown): Promise<number>;
  /** fetch on the operator API as the admin (HTTP Basic); `path` starts with / */
  api(path: string, init?: RequestInit): Promise<Response>;
}

/** Signs `page`'s browser context in through the API (the session cookie lands in the context). */
export async function signIn(page: Page, consoleUrl: string, name: string, password: string): Promise<void> {
  const res = await page.request.post(`${consoleUrl}/api/auth/sign-in`, { data: { name, password } });
  if (!res.ok()) throw new Error(`sign-in as ${name} failed: HTTP ${res.status()} ${await res.text()}`);
}

export const test = base.extend<{ fulcrum: Fulcrum; env: Record<string, string>; anonPage: Page }>({
  env: [{}, { option: true }],
  fulcrum: async ({ env }, use) => {
    const server: RunningServer = await startServer({ env: { FULCRUM_INGEST_TOKEN: INGEST_TOKEN, ...env } });
    try {
      await use({
        consoleUrl: server.consoleUrl,
        dataPlaneUrl: server.dataPlaneUrl,
        dataDir: server.dataDir,
        api: server.api,
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
  page: async ({ page, fulcrum, env }, use) => {
    // signed in as admin, unless the test starts without a known admin password
    if (env.FULCRUM_ADMIN_PASSWORD !== '') await signIn(page, fulcrum.consoleUrl, 'admin', env.FULCRUM_ADMIN_PASSWORD ?? ADMIN_PASSWORD);
    await use(page);
  },
  anonPage: async ({ browser, baseURL }, use) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
});

export { expect };
