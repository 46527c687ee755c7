// Decoding an ingest body: JSON, then the zod schema, then the flat encoded rows. CPU-bound and
// pure, so it can run on a worker thread while the store's thread writes the previous batch.
import { fieldErrors, ingestBatchSchema } from '../domain/ingest-batch.ts';
import { problem, type Problem } from '../domain/problem.ts';
import { prepareBatch, type HeartbeatEncoding, type PreparedBatch } from '../store/ingest.ts';

export type DecodeResult = { ok: true; batch: PreparedBatch } | { ok: false; problem: Problem };

export function decodeIngestBody(
  body: Uint8Array,
  receivedAtMs: number,
  encoding: HeartbeatEncoding,
  transport: Readonly<Record<string, string>>,
): DecodeResult {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (error) {
    return { ok: false, problem: problem(400, 'the body is not valid JSON', [{ path: '(body)', message: (error as Error).message }]) };
  }
  const parsed = ingestBatchSchema.safeParse(json);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, problem: problem(400, `the batch has ${errors.length} invalid field(s); nothing was stored`, errors) };
  }
  return {
    ok: true,
    batch: prepareBatch(parsed.data, new Date(receivedAtMs), encoding, (a) => transport[a] ?? a),
  };
}
