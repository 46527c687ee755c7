// Contact point secrets at rest: AES-256-GCM under FULCRUM_SECRET_KEY when it is set, stored as
// `enc:v1:<base64 of iv (12 bytes) | tag (16 bytes) | ciphertext>`; without a key they are stored as
// typed. A value stored in plain text (before the key was set) is read as it is, and sealed when a
// store opens with a key (sealPlainSecrets).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

export interface SecretBox {
  /** whether new secrets are encrypted */
  readonly encrypting: boolean;
  seal(plain: string): string;
  /** the secret, or what keeps it from being read (no key, another key) */
  open(stored: string): { secret: string } | { error: string };
}

/** A 256-bit key from 64 hex digits or 44 Base64 characters; null when the text is neither. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/]{43}=$/.test(t) ? Buffer.from(t, 'base64') : null;
  return key && key.length === 32 ? key : null;
}

export const isSealed = (stored: string) => stored.startsWith(PREFIX);

export function secretBox(key: Buffer | null): SecretBox {
  return {
    encrypting: key !== null,
    seal(plain) {
      if (!key) return plain;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(stored) {
      if (!isSealed(stored)) return { secret: stored };
      if (!key) return { error: 'the signing secret is stored encrypted and FULCRUM_SECRET_KEY is not set' };
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return { secret: Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8') };
      } catch {
        return { error: 'the signing secret was encrypted under another FULCRUM_SECRET_KEY' };
      }
    },
  };
}
