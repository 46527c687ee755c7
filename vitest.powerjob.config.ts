// The tests against a real PowerJob cluster (test/powerjob/): one file at a time, after the other
// tests, so their JVMs never share the two cores with the rest of the suite (docs/powerjob.md).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/powerjob/**/*.test.ts'],
    exclude: ['node_modules', 'e2e', '.next'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
