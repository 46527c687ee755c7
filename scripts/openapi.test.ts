import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { OPENAPI_PATH, openApiDocument } from './openapi.ts';

describe('docs/openapi.json', () => {
  it('is what the zod schemas generate (run `npm run openapi` after changing a route or schema)', () => {
    expect(JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8'))).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('describes every route file of the operator API', () => {
    const routes = fs
      .readdirSync(new URL('../app/api', import.meta.url), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('route.ts'))
      // the catch-all ([...path]) is the problem+json 404 for paths no route serves, not an API of its own
      .filter((f) => !f.includes('[...'))
      .map((f) => `/api/${f.replace(/\/?route\.ts$/, '').replace(/\[(\w+)\]/g, '{$1}')}`.replace(/\/$/, ''));
    const documented = Object.keys((openApiDocument() as { paths: Record<string, unknown> }).paths);
    for (const r of routes) expect(documented, r).toContain(r);
  });
});
