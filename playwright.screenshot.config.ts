// `npm run screenshot`: the same browser and server set-up as the e2e tests, for the README image.
import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

export default defineConfig({ ...base, testMatch: 'readme-screenshot.ts', reporter: 'list' });
