// The bootstrap ingest token: FULCRUM_INGEST_TOKEN, or one generated at first start and kept in the
// store. The generated one is never written to the log: it goes to an owner-only file in the data
// directory, and every start says where it is (as the initial admin password does).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const INGEST_TOKEN_FILE = 'ingest-token';

export interface IngestTokenOptions {
  store: { initSetting<T>(key: string, value: T): Promise<T> };
  /** FULCRUM_INGEST_TOKEN, when set */
  configured: string | undefined;
  dataDir: string;
  log: { warn(msg: string, fields?: Record<string, unknown>): void; info(msg: string, fields?: Record<string, unknown>): void };
}

/** The bootstrap tokens /v1/ingest accepts (besides API tokens of role ingest). */
export async function ingestTokens(options: IngestTokenOptions): Promise<string[]> {
  if (options.configured) return [options.configured];
  const generated = randomBytes(24).toString('base64url');
  const token = await options.store.initSetting('ingest_token', generated);
  const file = path.join(options.dataDir, INGEST_TOKEN_FILE);
  if (token === generated) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    options.log.warn('FULCRUM_INGEST_TOKEN is not set: generated an ingest token, stored it, and wrote it to the file below (owner-only); agents must send it as a Bearer token', { file });
  } else {
    options.log.info('FULCRUM_INGEST_TOKEN is not set: using the ingest token generated at first start (in the file below on the machine that generated it; or create an ingest token in Settings → Tokens)', { file });
  }
  return [token];
}
