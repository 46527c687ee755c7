// The one error class: what it carries comes back as the problem+json every API error has.
import { describe, expect, it } from 'vitest';
import { orNotFound, problem, problemOf, ProblemError } from './problem.ts';

describe('ProblemError', () => {
  it('answers as the problem of its status, detail, code, params and field errors', () => {
    const error = new ProblemError(409, 'x is already a source', { code: 'source-exists', params: { address: 'x' } }, [{ path: 'address', message: 'taken' }]);
    expect(problemOf(error)).toEqual({
      type: 'https://fulcrum.dev/problems/409',
      title: 'Conflict',
      status: 409,
      detail: 'x is already a source',
      code: 'source-exists',
      params: { address: 'x' },
      errors: [{ path: 'address', message: 'taken' }],
    });
  });

  it('without a code is a plain problem, the same as problem() makes', () => {
    expect(problemOf(new ProblemError(401, 'sign in first'))).toEqual(problem(401, 'sign in first'));
    expect(JSON.stringify(problemOf(new ProblemError(401, 'sign in first')))).not.toContain('code');
  });

  it('is read by property, so an error from another bundle that carries httpStatus answers alike', () => {
    const foreign = Object.assign(new Error('no server a'), { httpStatus: 404, refusal: { code: 'server-not-found', params: { address: 'a' } } });
    expect(problemOf(foreign)).toEqual(problemOf(new ProblemError(404, 'no server a', { code: 'server-not-found', params: { address: 'a' } })));
  });

  it('is nothing for an error without a status', () => {
    expect(problemOf(new Error('boom'))).toBeUndefined();
    expect(problemOf(null)).toBeUndefined();
  });
});

describe('orNotFound', () => {
  it('passes a value through and makes nothing a 404 with the detail', () => {
    expect(orNotFound(0, 'no such rule')).toBe(0);
    expect(() => orNotFound(null, 'no such rule')).toThrow(ProblemError);
    let thrown: unknown;
    try {
      orNotFound(undefined, 'no such rule');
    } catch (error) {
      thrown = error;
    }
    expect(problemOf(thrown)).toEqual(problem(404, 'no such rule'));
  });
});
