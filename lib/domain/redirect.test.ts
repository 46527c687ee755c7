import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './redirect.ts';

const ORIGIN = 'https://fulcrum.example.com';

describe('sameOriginPath', () => {
  it('keeps paths on the console, normalised', () => {
    expect(sameOriginPath('/overview', ORIGIN)).toBe('/overview');
    expect(sameOriginPath('/servers/10.0.0.5%3A7700?range=1h#apps', ORIGIN)).toBe('/servers/10.0.0.5%3A7700?range=1h#apps');
    expect(sameOriginPath('/rollouts/../alerts', ORIGIN)).toBe('/alerts');
  });

  it('sends everything that could leave the origin to /', () => {
    const hostile = [
      '/\t/evil.example/',
      '/%09/evil.example/',
      '/\n/evil.example/',
      '/%0A/evil.example/',
      '/%0d/evil.example',
      '/\r\n/evil.example',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '/%5Cevil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'http://fulcrum.example.com/overview',
      'javascript:alert(1)',
      ' /overview',
      'overview',
      '/.//evil.example',
      '/a/..//evil.example',
      '/%2e//evil.example',
      '/%ZZ',
      '/\u0000',
      '',
      null,
      undefined,
    ];
    for (const next of hostile) expect(sameOriginPath(next, ORIGIN), JSON.stringify(next)).toBe('/');
  });
});
