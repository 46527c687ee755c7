// Lint: TypeScript-aware recommended rules, plus the one import boundary design.md insists on.
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
);
