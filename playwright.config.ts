// End-to-end tests in Debian's Chromium (never a downloaded browser), against the built server.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    headless: true,
    launchOptions: {
      executablePath: process.env.FULCRUM_CHROMIUM ?? '/usr/bin/chromium',
      // without these, Chromium hangs or floods the closed network of CI machines
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
});
