// The one way statistics are stored: decode (JSON, zod, encoding) then one store transaction.
// POST /v1/ingest uses it for request bodies; in-process collectors hand it batch objects.
import type { IngestBatch } from '../domain/ingest-batch.ts';
import type { IngestOutcome, PreparedBatch, Store } from '../store/index.ts';
import type { DecodePool } from './decode-pool.ts';
import type { DecodeResult } from './decode.ts';
import { ProblemError, type FieldError } from '../domain/problem.ts';

export interface IngestPipeline {
  decode(body: Buffer, receivedAt: Date): Promise<DecodeResult>;
  store(batch: PreparedBatch, receivedAt: Date): Promise<IngestOutcome>;
  /**
   * For in-process sources (the collector): the same validation and storage as a request body, and
   * the batch's snapshot servers are confirmed for delivery (a request body never confirms).
   */
  ingest(batch: IngestBatch, receivedAt: Date): Promise<IngestOutcome>;
}

/** An in-process batch that fails the ingest body's checks: a 400 problem with its field errors. */
function invalidBatch(errors: FieldError[]): ProblemError {
  return new ProblemError(400, `invalid batch: ${errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ')}`, undefined, errors);
}

export function createIngestPipeline(pool: DecodePool, store: () => Store): IngestPipeline {
  const decode = (body: Buffer, receivedAt: Date) => pool.decode(body, receivedAt, store().transportAddresses());
  const save = (batch: PreparedBatch, receivedAt: Date) => store().ingest(batch, receivedAt);
  return {
    decode,
    store: save,
    async ingest(batch, receivedAt) {
      const decoded = await decode(Buffer.from(JSON.stringify(batch)), receivedAt);
      if (!decoded.ok) throw invalidBatch(decoded.problem.errors ?? [{ path: '(body)', message: decoded.problem.detail ?? 'invalid' }]);
      return save({ ...decoded.batch, confirmedBy: 'collector' }, receivedAt);
    },
  };
}
