// Path parameters: parsed by their schema, a bad one answered as a problem before any lookup;
// optional bodies; every route with a path parameter reads it one way.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addressParams, handle, idParams, readOptionalJson, readParams } from './http.ts';
import { ProblemError } from '../domain/problem.ts';

describe('readParams', () => {
  // what a route answers: readParams inside handle(), as the route files call it
  const answer = (params: unknown, notFound?: string) => handle(async () => Response.json(await readParams(Promise.resolve(params), idParams, notFound)));

  it('answers the parsed parameters: an id as a number, an address as Next.js decoded it', async () => {
    expect(await readParams(Promise.resolve({ id: '42' }), idParams)).toEqual({ id: 42 });
    expect(await readParams(Promise.resolve({ address: '10.0.0.1:7700%' }), addressParams)).toEqual({ address: '10.0.0.1:7700%' });
  });

  it('refuses a bad one with 400 and the field that is wrong', async () => {
    for (const id of ['0', '-1', '1.5', '1e3', 'abc', '0123', '1234567890123456']) {
      const out = await answer({ id });
      expect(out.status, `id ${id} must be refused`).toBe(400);
      expect(out.headers.get('content-type')).toBe('application/problem+json');
      expect(await out.json()).toMatchObject({ status: 400, detail: '1 invalid path parameter(s)', errors: [{ path: 'id', message: 'must be a positive whole number' }] });
    }
  });

  it('with notFound, answers a bad one as 404 with that detail (no such thing can exist)', async () => {
    const out = await answer({ id: 'abc' }, 'no such silence');
    expect(out.status).toBe(404);
    expect(await out.json()).toEqual({ type: 'https://fulcrum.dev/problems/404', title: 'Not Found', status: 404, detail: 'no such silence' });
  });
});

describe('handle', () => {
  it('answers a thrown ProblemError as its problem, and still starting as 503 with retry-after', async () => {
    const refused = await handle(async () => {
      throw new ProblemError(409, 'x is already a source', { code: 'source-exists', params: { address: 'x' } });
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ type: 'https://fulcrum.dev/problems/409', title: 'Conflict', status: 409, detail: 'x is already a source', code: 'source-exists', params: { address: 'x' } });
    const starting = await handle(async () => {
      throw new ProblemError(503, 'Fulcrum is still starting', { code: 'not-ready' });
    });
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('2');
    expect(await starting.json()).toMatchObject({ detail: 'Fulcrum is still starting', code: 'not-ready' });
  });
});

describe('readOptionalJson', () => {
  const schema = z.strictObject({ reason: z.string().optional() });
  const post = (body: string | null, headers: Record<string, string>) => new Request('http://x.invalid/', { method: 'POST', body, headers });

  it('answers `absent` when no body is sent: no content type, or content-length 0', async () => {
    expect(await readOptionalJson(post(null, {}), schema, {})).toEqual({ ok: true, value: {} });
    expect(await readOptionalJson(post('', { 'content-type': 'application/json', 'content-length': '0' }), schema, {})).toEqual({ ok: true, value: {} });
  });

  it('reads a body that is sent, and refuses a bad one as readJson does', async () => {
    expect(await readOptionalJson(post('{"reason":"r"}', { 'content-type': 'application/json' }), schema, {})).toEqual({ ok: true, value: { reason: 'r' } });
    const bad = await readOptionalJson(post('{"why":1}', { 'content-type': 'application/json' }), schema, {});
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.response.status).toBe(400);
    const notJson = await readOptionalJson(post('reason', { 'content-type': 'text/plain' }), schema, {});
    expect(notJson.ok ? 200 : notJson.response.status).toBe(415);
  });
});

describe('route files', () => {
  // app/api/**/[param]/**/route.ts, but the catch-all that answers 404 for any path nobody serves
  const routes = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routes(path.join(dir, e.name)) : e.name === 'route.ts' ? [path.join(dir, e.name)] : []));
  const withParams = routes('app/api').filter((f) => /\[(?!\.\.\.)[^\]]+\]/.test(f));

  it('read their path parameters with readParams, never by awaiting params themselves', () => {
    expect(withParams.length).toBeGreaterThan(10);
    for (const file of withParams) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text, `${file} must read its path parameters with readParams`).toMatch(/readParams\(params,/);
      expect(text, `${file} awaits params itself`).not.toMatch(/await params\b/);
    }
  });
});
