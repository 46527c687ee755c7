// Secrets of sign-in: bcrypt password hashes, random session ids and API tokens, and their digests.
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';

/** bcrypt's cost factor: 2^10 rounds, about 50-100 ms per hash on this machine's cores. */
export const BCRYPT_COST = 10;

export const hashPassword = (password: string, cost = BCRYPT_COST) => bcrypt.hash(password, cost);
export const checkPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

/** A hash no password matches in practice: compared against when the account does not exist, so
 * that an unknown name takes as long to refuse as a wrong password. */
export const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString('hex'), BCRYPT_COST);

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A session id for the cookie: 256 random bits. */
export const newSessionId = () => randomBytes(32).toString('base64url');

/** An API token: a recognisable prefix and 256 random bits. */
export function newApiToken(): { token: string; prefix: string } {
  const token = `fulcrum_${randomBytes(32).toString('base64url')}`;
  return { token, prefix: token.slice(0, 14) };
}

/** A random initial admin password: 20 characters from 120 random bits. */
export const newPassword = () => randomBytes(15).toString('base64url');
