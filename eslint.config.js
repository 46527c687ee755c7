// Lint: TypeScript-aware recommended rules, plus the boundaries design.md insists on: lib/domain pure,
// components off the store, and the browser calling the API only through lib/hooks/api-client.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'data/', 'test-results/', 'playwright-report/', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/domain/*.ts'],
    ignores: ['lib/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', '../*', '@/*'], message: 'lib/domain is pure: no I/O and nothing of ours outside lib/domain' }] },
      ],
    },
  },
  {
    files: ['lib/domain/*/**/*.ts'],
    ignores: ['lib/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', '../../*', '@/*'], message: 'lib/domain is pure: no I/O and nothing of ours outside lib/domain' }] },
      ],
    },
  },
  {
    files: ['components/**/*.tsx', 'components/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/store*', '**/lib/store/**'], message: 'components never import lib/store' }] }],
    },
  },
  {
    files: ['components/**/*.tsx', 'components/**/*.ts', 'lib/hooks/**/*.ts', 'lib/hooks/**/*.tsx'],
    ignores: ['lib/hooks/api-client.ts', 'lib/hooks/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'the browser calls the API through lib/hooks/api-client.ts (get, send, load) or an action of lib/hooks' }],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: 'the browser calls the API through lib/hooks/api-client.ts' },
        { object: 'globalThis', property: 'fetch', message: 'the browser calls the API through lib/hooks/api-client.ts' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/lib/store*', '**/lib/store/**'], message: 'components never import lib/store' }], paths: [{ name: 'swr', message: 'read the API with useApi (lib/hooks/use-api.ts)' }] },
      ],
    },
  },
  {
    // useApi itself is where SWR is wired
    files: ['lib/hooks/use-api.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
