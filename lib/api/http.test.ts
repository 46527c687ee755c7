// Path parameters: parsed by their schema, a bad one answered as a problem before any lookup.
import { describe, expect, it } from 'vitest';
import { addressParams, handle, idParams, readParams } from './http.ts';
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
