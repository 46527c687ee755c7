// PowerJob's `server-address` format: comma-separated web addresses (host:7700), no scheme.
// PowerJob itself splits on "," without trimming (powerjob.md §6); Fulcrum tolerates spaces.
import { hostPort } from '../domain/ingest-batch.ts';

export type AddressListResult = { ok: true; addresses: string[] } | { ok: false; errors: { index: number; entry: string; message: string }[] };

export function parseServerAddressList(text: string): AddressListResult {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  const errors: { index: number; entry: string; message: string }[] = [];
  const addresses: string[] = [];
  entries.forEach((entry, index) => {
    const r = hostPort.safeParse(entry);
    if (!r.success) errors.push({ index, entry, message: r.error.issues[0]!.message });
    else if (!addresses.includes(entry)) addresses.push(entry);
  });
  return errors.length ? { ok: false, errors } : { ok: true, addresses };
}

/** The list in PowerJob's own format, ready for `powerjob.worker.server-address`. */
export function formatServerAddressList(addresses: readonly string[]): string {
  return addresses.join(',');
}
