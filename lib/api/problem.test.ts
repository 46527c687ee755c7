// A zod issue becomes a field error the console can place on its field and say in either language.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueError } from './problem.ts';

describe('issueError', () => {
  const schema = z.object({ forSeconds: z.number().int().min(0), name: z.string().min(1), steps: z.array(z.number()).refine((s) => s.length < 2, { params: { key: 'stepsDown' }, message: 'no' }) });
  const errors = (v: unknown) => schema.safeParse(v).error!.issues.map((i) => issueError(i as Parameters<typeof issueError>[0], '(root)'));

  it('keeps the dotted path and message and adds the code, its origin and the limit', () => {
    expect(errors({ forSeconds: -1, name: 'a', steps: [] })).toEqual([{ path: 'forSeconds', message: expect.any(String), code: 'too_small.number', minimum: 0 }]);
    expect(errors({ forSeconds: 1, name: '', steps: [] })).toEqual([{ path: 'name', message: expect.any(String), code: 'too_small.string', minimum: 1 }]);
  });

  it("names a custom check by its key, and the root by the caller's word", () => {
    expect(errors({ forSeconds: 1, name: 'a', steps: [1, 2] })).toEqual([{ path: 'steps', message: 'no', code: 'custom', key: 'stepsDown' }]);
    expect(z.string().safeParse(1).error!.issues.map((i) => issueError(i as Parameters<typeof issueError>[0], '(root)'))[0]).toMatchObject({ path: '(root)', code: 'invalid_type' });
  });
});
