import { describe, expect, it } from 'vitest';
import { nulPath, safeErrorMessage, safeErrorText } from './text.ts';

describe('nulPath', () => {
  it('names the first string or key with a NUL', () => {
    expect(nulPath({ name: 'ok', labels: [{ v: 'a\u0000b' }] })).toBe('labels.0.v');
    expect(nulPath({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(nulPath('\u0000')).toBe('(root)');
    expect(nulPath({ name: 'ok', n: 1, list: ['a', null, true] })).toBeNull();
    // a hostile body nested deeper than the call stack goes
    expect(nulPath(JSON.parse(`${'['.repeat(50_000)}"\\u0000"${']'.repeat(50_000)}`))).toBe(`${'0.'.repeat(49_999)}0`);
  });
});

describe('safeErrorText', () => {
  it('leaves out the parameters of a failed query, in the message and in the stack', () => {
    const error = new Error('Failed query: select * from apps where app_name = $1\nparams: secret-value\u0000', { cause: new Error('invalid byte sequence for encoding "UTF8": 0x00') });
    expect(safeErrorMessage(error)).toBe('Failed query: select * from apps where app_name = $1');
    const text = safeErrorText(error);
    expect(text).not.toContain('secret-value');
    expect(text).toContain('Failed query: select * from apps');
    expect(text).toContain('cause: invalid byte sequence');
    expect(text).toMatch(/\n\s+at /);
    expect(safeErrorText('plain')).toBe('plain');
  });
});
