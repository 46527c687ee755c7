import { describe, expect, it } from 'vitest';
import { isSealed, parseSecretKey, secretBox } from './secret-box.ts';

const KEY = parseSecretKey('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff')!;

describe('secret box', () => {
  it('reads a key as 64 hex digits or 44 Base64 characters, nothing else', () => {
    expect(KEY).toHaveLength(32);
    expect(parseSecretKey(KEY.toString('base64'))).toEqual(KEY);
    expect(parseSecretKey('too short')).toBeNull();
    expect(parseSecretKey('00'.repeat(31))).toBeNull();
    expect(parseSecretKey(Buffer.alloc(16).toString('base64'))).toBeNull();
  });

  it('seals with a fresh IV each time and opens what it sealed', () => {
    const box = secretBox(KEY);
    const a = box.seal('SEC0123456789abcdef');
    const b = box.seal('SEC0123456789abcdef');
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain('SEC0123');
    expect(a).not.toBe(b);
    expect(box.open(a)).toEqual({ secret: 'SEC0123456789abcdef' });
    expect(box.open('密钥')).toEqual({ secret: '密钥' });
  });

  it('a sealed secret tampered with, under another key, or without a key is not read', () => {
    const sealed = secretBox(KEY).seal('SECabc');
    const raw = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(secretBox(KEY).open(`enc:v1:${raw.toString('base64')}`)).toEqual({ error: expect.stringContaining('another FULCRUM_SECRET_KEY') });
    expect(secretBox(parseSecretKey('ff'.repeat(32))).open(sealed)).toEqual({ error: expect.stringContaining('another FULCRUM_SECRET_KEY') });
    expect(secretBox(null).open(sealed)).toEqual({ error: expect.stringContaining('FULCRUM_SECRET_KEY is not set') });
  });

  it('without a key, secrets are stored as typed and read back as stored', () => {
    const box = secretBox(null);
    expect(box.encrypting).toBe(false);
    expect(box.seal('SECabc')).toBe('SECabc');
    expect(box.open('SECabc')).toEqual({ secret: 'SECabc' });
  });
});
