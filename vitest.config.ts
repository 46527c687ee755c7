// Unit tests sit beside the code (*.test.ts; components' *.test.tsx render to static markup); integration tests that start processes or use real
// databases are *.int.test.ts. e2e/ belongs to Playwright.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts', 'components/**/*.test.tsx'],
    // test/powerjob/ runs on its own (vitest.powerjob.config.ts): real PowerJob JVMs
    exclude: ['node_modules', 'e2e', '.next', 'test/powerjob/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the console build the process tests (test/) start, made once before them when needed
    globalSetup: ['test/global-setup.ts'],
  },
});
