import { describe, expect, it } from 'vitest';
import { formatServerAddressList, parseServerAddressList } from './address.ts';

describe('PowerJob server-address lists', () => {
  it('splits on commas and tolerates spaces and empty entries', () => {
    expect(parseServerAddressList(' 10.0.0.1:7700, 10.0.0.2:7700 ,,pj-3.internal:7700 ')).toEqual({
      ok: true,
      addresses: ['10.0.0.1:7700', '10.0.0.2:7700', 'pj-3.internal:7700'],
    });
  });
  it('drops duplicates but keeps the order', () => {
    expect(parseServerAddressList('b:1,a:1,b:1')).toEqual({ ok: true, addresses: ['b:1', 'a:1'] });
  });
  it('names each bad entry', () => {
    const r = parseServerAddressList('10.0.0.1:7700,http://x:7700,10.0.0.3');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.entry)).toEqual(['http://x:7700', '10.0.0.3']);
  });
  it('formats as PowerJob reads it', () => {
    expect(formatServerAddressList(['a:7700', 'b:7700'])).toBe('a:7700,b:7700');
  });
});
